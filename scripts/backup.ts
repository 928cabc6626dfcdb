// `npm run backup [-- --out <file.tar>]`: one archive with the app's tables, the imported datasets
// and the upload folder, taken from one consistent snapshot (see scripts/backup-catalog.ts for why
// COPY rather than pg_dump). Restore it with `npm run restore -- <file.tar>`.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import { createGzip } from "node:zlib";
import postgres from "postgres";
import { openDatabase, dataDir } from "./backup-database";
import {
  APP_SCHEMA,
  appliedMigrations,
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  DATA_SCHEMAS,
  dataSchemaDdl,
  listSequences,
  listTables,
  qualified,
  quoteIdent,
  storedColumns,
  type Manifest,
  type TableEntry,
} from "./backup-catalog";

export interface BackupOptions {
  databaseUrl: string;
  /** The upload folder to include (missing → none). */
  uploadDir: string;
  /** The archive to write (a .tar). */
  out: string;
  log?: (s: string) => void;
}

/** Counts rows as COPY text streams by: one line per row (newlines inside values are escaped). */
function lineCounter(): Transform & { lines: number } {
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) counter.lines++;
      done(null, chunk);
    },
  }) as Transform & { lines: number };
  counter.lines = 0;
  return counter;
}

const SNAPSHOT = /^[0-9A-F]+-[0-9A-F]+(-[0-9]+)?$/i;

/**
 * COPYs one table, as of the exported snapshot, on a connection of its own that is closed after:
 * postgres.js 3.4.9 can leave a connection's socket paused after a COPY TO STDOUT whose last chunk
 * met backpressure, and the next query on it then never answers (porsager/postgres#917).
 */
async function dumpTable(databaseUrl: string, snapshot: string, staging: string, table: { schema: string; name: string; oid: number }): Promise<TableEntry> {
  if (!SNAPSHOT.test(snapshot)) throw new Error(`unexpected snapshot id ${snapshot}`);
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe("begin isolation level repeatable read read only");
    await sql.unsafe(`set transaction snapshot '${snapshot}'`);
    const columns = await storedColumns(sql, table.oid);
    const file = `data/${table.schema}.${table.name}.copy.gz`;
    const target = path.join(staging, file);
    const counter = lineCounter();
    const readable = await sql.unsafe(`copy ${qualified(table.schema, table.name)} (${columns.map(quoteIdent).join(", ")}) to stdout`).readable();
    await pipeline(readable, counter, createGzip({ level: 1 }), fs.createWriteStream(target));
    return { schema: table.schema, name: table.name, columns, rows: counter.lines, file, sha256: sha256File(target) };
  } finally {
    await sql.end({ timeout: 0 });
  }
}

function sha256File(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

function copyUploads(uploadDir: string, staging: string): Manifest["uploads"] {
  if (!fs.existsSync(uploadDir)) return [];
  const out: Manifest["uploads"] = [];
  fs.mkdirSync(path.join(staging, "uploads"), { recursive: true });
  for (const entry of fs.readdirSync(uploadDir, { withFileTypes: true })) {
    if (!entry.isFile()) continue; // an upload is one file named after its import
    fs.copyFileSync(path.join(uploadDir, entry.name), path.join(staging, "uploads", entry.name));
    out.push({ file: entry.name, bytes: fs.statSync(path.join(uploadDir, entry.name)).size });
  }
  return out;
}

/** Writes the archive; answers its manifest. */
export async function createBackup(options: BackupOptions): Promise<Manifest> {
  const log = options.log ?? (() => {});
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), "shujian-backup-"));
  const sql = postgres(options.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    fs.mkdirSync(path.join(staging, "data"));
    // One snapshot for every table (as pg_dump takes): exported here, imported by each table's session.
    const manifest = await sql.begin("isolation level repeatable read read only", async (tx) => {
      const [{ snapshot }] = await tx<{ snapshot: string }[]>`select pg_export_snapshot() as snapshot`;
      const [{ version, database }] = await tx<{ version: string; database: string }[]>`select current_setting('server_version') as version, current_database() as database`;
      const ddl = await dataSchemaDdl(tx);
      const tables: TableEntry[] = [];
      for (const table of await listTables(tx, [APP_SCHEMA, ...DATA_SCHEMAS])) {
        tables.push(await dumpTable(options.databaseUrl, snapshot, staging, table));
        log(`  ${table.schema}.${table.name}: ${tables[tables.length - 1].rows} 行`);
      }
      const result: Manifest = {
        format: ARCHIVE_FORMAT,
        version: ARCHIVE_VERSION,
        createdAt: new Date().toISOString(),
        serverVersion: version,
        database,
        migrations: await appliedMigrations(tx),
        dataSchemaDdl: ddl.create,
        attachDdl: ddl.attach,
        tables,
        sequences: await listSequences(tx, [APP_SCHEMA, ...DATA_SCHEMAS]),
        uploads: [],
      };
      return result;
    });
    manifest.uploads = copyUploads(options.uploadDir, staging);
    fs.writeFileSync(path.join(staging, "manifest.json"), JSON.stringify(manifest, null, 2));
    fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
    // The data files are gzip'd already; the tar only bundles them.
    execFileSync("tar", ["-C", staging, "-cf", path.resolve(options.out), "."]);
    return manifest;
  } finally {
    await sql.end({ timeout: 5 });
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function defaultArchiveName(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return path.join(dataDir(), "backups", `shujian-backup-${stamp}.tar`);
}

async function main(argv: string[]): Promise<number> {
  const outIndex = argv.indexOf("--out");
  const out = outIndex >= 0 ? argv[outIndex + 1] : defaultArchiveName();
  if (!out) throw new Error("用法：npm run backup [-- --out 备份文件.tar]");
  const log = (s: string): void => console.log(s);
  const database = await openDatabase(log);
  try {
    const uploadDir = process.env.UPLOAD_DIR ?? path.join(dataDir(), "uploads");
    log(`正在备份数据库与上传目录 ${uploadDir} …`);
    const manifest = await createBackup({ databaseUrl: database.url, uploadDir, out, log });
    const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
    log(`备份完成：${path.resolve(out)}（${manifest.tables.length} 张表，${rows} 行，${manifest.uploads.length} 个上传文件）`);
    return 0;
  } finally {
    await database.release();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`备份失败：${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
