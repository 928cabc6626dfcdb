// `npm run restore -- <backup.tar> [--database <name>] [--force]`: recreates a backup made by
// `npm run backup` in an empty database (created when missing) — the platform's database by
// default, or <name> on the same server — and puts the uploads back. A database that already holds
// tables is refused unless --force, which drops the app's and the datasets' schemas first.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import { createGunzip } from "node:zlib";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres, { type Sql, type TransactionSql } from "postgres";
import { APP_SCHEMA, ARCHIVE_FORMAT, ARCHIVE_VERSION, DATA_SCHEMAS, qualified, quoteIdent, type Manifest } from "./backup-catalog";
import { dataDir, openDatabase } from "./backup-database";
import { databaseUrlFor, ensureDatabase } from "./database-admin";

const MIGRATIONS_FOLDER = path.resolve(import.meta.dirname, "..", "db", "migrations");
const RESTORED_SCHEMAS = [APP_SCHEMA, ...DATA_SCHEMAS, "drizzle"];

export interface RestoreOptions {
  archive: string;
  /** The database to restore into; created when missing. */
  databaseUrl: string;
  force?: boolean;
  /** Where the backed-up uploads go. */
  uploadDir: string;
  log?: (s: string) => void;
}

/** A restore that was refused before anything was changed (the message says why, in Chinese). */
export class RestoreRefused extends Error {}

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}

function readManifest(staging: string): Manifest {
  const file = path.join(staging, "manifest.json");
  if (!fs.existsSync(file)) throw new RestoreRefused("不是有效的备份文件：缺少 manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as Manifest;
  if (manifest.format !== ARCHIVE_FORMAT || manifest.version !== ARCHIVE_VERSION) {
    throw new RestoreRefused(`不支持的备份格式：${manifest.format} 版本 ${manifest.version}`);
  }
  for (const table of manifest.tables) {
    const digest = createHash("sha256").update(fs.readFileSync(path.join(staging, table.file))).digest("hex");
    if (digest !== table.sha256) throw new RestoreRefused(`备份文件已损坏：${table.file} 的校验和不符`);
  }
  return manifest;
}

/**
 * A migrations folder holding exactly the backup's migrations: the restored rows fit the schema they
 * were dumped from, and the platform's next start applies any newer migration to them as usual.
 */
function migrationsOfBackup(manifest: Manifest, staging: string): string {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as Journal;
  const known = new Set(journal.entries.map((e) => e.when));
  const unknown = manifest.migrations.filter((when) => !known.has(when));
  if (unknown.length > 0) throw new RestoreRefused(`备份来自更新版本的平台（有 ${unknown.length} 个本版本没有的数据库迁移），请用相同或更新版本恢复`);
  const wanted = new Set(manifest.migrations);
  const folder = path.join(staging, "migrations");
  fs.mkdirSync(path.join(folder, "meta"), { recursive: true });
  const entries = journal.entries.filter((e) => wanted.has(e.when));
  for (const e of entries) fs.copyFileSync(path.join(MIGRATIONS_FOLDER, `${e.tag}.sql`), path.join(folder, `${e.tag}.sql`));
  fs.writeFileSync(path.join(folder, "meta", "_journal.json"), JSON.stringify({ ...journal, entries }));
  return folder;
}

async function isEmpty(sql: Sql): Promise<boolean> {
  const [{ n }] = await sql<{ n: number }[]>`
    select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ${sql(RESTORED_SCHEMAS)} and c.relkind in ('r', 'p', 'v', 'm', 'S')`;
  return n === 0;
}

async function prepareTarget(options: RestoreOptions, log: (s: string) => void): Promise<void> {
  const name = decodeURIComponent(new URL(options.databaseUrl).pathname.slice(1));
  if (await ensureDatabase(databaseUrlFor(options.databaseUrl, "postgres"), name)) log(`已创建数据库 ${name}`);
  const sql = postgres(options.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    if (await isEmpty(sql)) return;
    if (!options.force) throw new RestoreRefused(`目标数据库 ${name} 已有数据，未做任何更改。确认要覆盖时加 --force，或用 --database 指定一个新数据库`);
    log(`--force：清空数据库 ${name} 的平台数据…`);
    for (const schema of RESTORED_SCHEMAS) await sql.unsafe(`drop schema if exists ${quoteIdent(schema)} cascade`);
    await sql.unsafe(`create schema ${quoteIdent(APP_SCHEMA)}`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Resolves when `done` settles; rejects if the session `pid` meanwhile sits in an aborted transaction. */
async function watchForAbort(monitor: Sql, pid: number, done: Promise<unknown>, table: string): Promise<void> {
  let settled = false;
  void done.then(
    () => (settled = true),
    () => (settled = true),
  );
  while (!settled) {
    await new Promise((r) => setTimeout(r, 250));
    if (settled) return;
    const [row] = await monitor<{ state: string }[]>`select state from pg_stat_activity where pid = ${pid}`;
    if (row?.state === "idle in transaction (aborted)") throw new Error(`表 ${table} 的数据被数据库拒绝，已回滚，未写入任何数据`);
  }
}

/**
 * COPY FROM STDIN of one table's file. postgres.js 3.4.9 never settles the writable of a COPY the
 * server rejected (porsager/postgres#1173): the session then sits "idle in transaction (aborted)",
 * which a second connection watches for, so a refused COPY fails the restore instead of hanging it.
 */
async function loadTable(tx: TransactionSql, guard: { monitor: Sql; pid: number }, staging: string, table: Manifest["tables"][number]): Promise<void> {
  const name = qualified(table.schema, table.name);
  const writable = await tx.unsafe(`copy ${name} (${table.columns.map(quoteIdent).join(", ")}) from stdin`).writable();
  const done = pipeline(fs.createReadStream(path.join(staging, table.file)), createGunzip(), writable);
  try {
    await Promise.race([done, watchForAbort(guard.monitor, guard.pid, done, name)]);
  } catch (error) {
    writable.destroy();
    throw error;
  }
}

/** Runs and imports the snapshot caught half-way have no job any more: they end as failed, saying why. */
const UNFINISHED = "恢复备份：备份时该任务尚未完成，已中止，请重新发起";

async function loadData(sql: Sql, monitor: Sql, manifest: Manifest, staging: string, log: (s: string) => void): Promise<void> {
  await sql.begin(async (tx) => {
    const [{ pid }] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
    // The rows are restored as they were: no trigger adds to the tallies they already carry, and
    // foreign keys need no load order.
    await tx.unsafe("set local session_replication_role = replica");
    const appTables = manifest.tables.filter((t) => t.schema === APP_SCHEMA);
    // Migrations may insert reference rows; the backup's rows replace them.
    if (appTables.length > 0) await tx.unsafe(`truncate ${appTables.map((t) => qualified(t.schema, t.name)).join(", ")}`);
    for (const statement of manifest.dataSchemaDdl) await tx.unsafe(statement);
    for (const table of manifest.tables) {
      await loadTable(tx, { monitor, pid }, staging, table);
      log(`  ${table.schema}.${table.name}: ${table.rows} 行`);
    }
    // Attached after their rows are in: each partition's indexes are built once.
    for (const statement of manifest.attachDdl) await tx.unsafe(statement);
    for (const seq of manifest.sequences) {
      if (seq.lastValue !== null) await tx`select setval(${qualified(seq.schema, seq.name)}::regclass, ${seq.lastValue}::bigint, true)`;
    }
    await tx`update runs set status = 'failed', error = ${UNFINISHED}, finished_at = now(), backend_pid = null where status in ('queued', 'running')`;
    await tx`update dataset_imports set status = 'failed', message = ${UNFINISHED}, finished_at = now() where status in ('queued', 'running')`;
  });
  await sql.unsafe("analyze");
}

function restoreUploads(manifest: Manifest, staging: string, uploadDir: string): void {
  if (manifest.uploads.length === 0) return;
  fs.mkdirSync(uploadDir, { recursive: true });
  for (const upload of manifest.uploads) fs.copyFileSync(path.join(staging, "uploads", upload.file), path.join(uploadDir, upload.file));
}

export async function restoreBackup(options: RestoreOptions): Promise<Manifest> {
  const log = options.log ?? (() => {});
  if (!fs.existsSync(options.archive)) throw new RestoreRefused(`找不到备份文件：${options.archive}`);
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), "shujian-restore-"));
  try {
    execFileSync("tar", ["-C", staging, "-xf", path.resolve(options.archive)]);
    const manifest = readManifest(staging);
    const migrationsFolder = migrationsOfBackup(manifest, staging);
    await prepareTarget(options, log);
    const sql = postgres(options.databaseUrl, { max: 1, onnotice: () => {} });
    const monitor = postgres(options.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      for (const schema of DATA_SCHEMAS) await sql.unsafe(`create schema if not exists ${quoteIdent(schema)}`);
      await migrate(drizzle(sql), { migrationsFolder });
      await loadData(sql, monitor, manifest, staging, log);
    } finally {
      await Promise.all([sql.end({ timeout: 5 }), monitor.end({ timeout: 5 })]);
    }
    restoreUploads(manifest, staging, options.uploadDir);
    return manifest;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

interface Args {
  archive: string;
  database: string | null;
  force: boolean;
}

function parseArgs(argv: string[]): Args {
  const usage = "用法：npm run restore -- <备份文件.tar> [--database 数据库名] [--force]";
  const archive = argv.find((a, i) => !a.startsWith("--") && argv[i - 1] !== "--database");
  if (!archive) throw new RestoreRefused(usage);
  const at = argv.indexOf("--database");
  const database = at >= 0 ? (argv[at + 1] ?? null) : null;
  if (at >= 0 && !database) throw new RestoreRefused(usage);
  return { archive, database, force: argv.includes("--force") };
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const log = (s: string): void => console.log(s);
  const server = await openDatabase(log);
  try {
    const databaseUrl = args.database ? databaseUrlFor(server.url, args.database) : server.url;
    const uploadDir = process.env.UPLOAD_DIR ?? path.join(dataDir(), "uploads");
    log(`正在恢复 ${args.archive} 到数据库 ${decodeURIComponent(new URL(databaseUrl).pathname.slice(1))} …`);
    const manifest = await restoreBackup({ archive: args.archive, databaseUrl, force: args.force, uploadDir, log });
    log(`恢复完成：${manifest.tables.length} 张表，${manifest.tables.reduce((n, t) => n + t.rows, 0)} 行，${manifest.uploads.length} 个上传文件（备份于 ${manifest.createdAt}）`);
    return 0;
  } finally {
    await server.release();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof RestoreRefused ? error.message : `恢复失败：${error instanceof Error ? error.message : String(error)}`);
      process.exit(error instanceof RestoreRefused ? 2 : 1);
    },
  );
}
