// `npm run backup` / `npm run restore`: a backup of the demo database (clues, imported rows, audit
// log, an upload waiting for its import) restored into a fresh database holds the same rows; a
// database that already holds data is refused unless --force.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres, { type Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBackup } from "../../scripts/backup";
import { RestoreRefused, restoreBackup } from "../../scripts/restore";
import { databaseUrlFor, dropDatabase } from "../../scripts/database-admin";
import type { TestDatabase } from "../helpers/db";
import { setupDemoDatabase } from "../helpers/demo";

let source: TestDatabase;
let sourceSql: Sql;
let workDir: string;
let archive: string;
const restoredName = `restore_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
const adminUrl = (): string => process.env.TEST_ADMIN_DATABASE_URL!;
const restoredUrl = (): string => databaseUrlFor(adminUrl(), restoredName);
const UPLOAD_ID = "0b9c1d7e-1111-4222-8333-444455556666";

beforeAll(async () => {
  source = await setupDemoDatabase({ withData: true, clues: true });
  sourceSql = postgres(source.url, { max: 1, onnotice: () => {} });
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "shujian-backup-test-"));
  fs.mkdirSync(path.join(workDir, "uploads"));
  fs.writeFileSync(path.join(workDir, "uploads", UPLOAD_ID), "case_no,id_number\n（2025）刑初1号,110101199003077777\n");
  // A run caught in the middle: the restored platform has no job for it, so it must not stay 运行中.
  await sourceSql`update runs set status = 'running', finished_at = null where id = (select id from runs order by id limit 1)`;
  archive = path.join(workDir, "backup.tar");
  await createBackup({ databaseUrl: source.url, uploadDir: path.join(workDir, "uploads"), out: archive });
}, 60_000);

afterAll(async () => {
  await sourceSql?.end({ timeout: 5 });
  await dropDatabase(adminUrl(), restoredName);
  await source?.drop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

interface Fingerprint {
  rows: number;
  /** md5 of the ordered ids (or of the ordered rows for tables without an id). */
  checksum: string | null;
}

async function fingerprint(sql: Sql, table: string, key = "id"): Promise<Fingerprint> {
  const [r] = await sql.unsafe<{ rows: number; checksum: string | null }[]>(
    `select count(*)::int as rows, md5(string_agg(${key}::text, ',' order by ${key}::text)) as checksum from ${table} t`,
  );
  return { rows: r.rows, checksum: r.checksum };
}

/** Every app table (whole rows, but for the run rewritten on restore) and every dataset (row ids). */
async function fingerprints(sql: Sql): Promise<Record<string, Fingerprint>> {
  const out: Record<string, Fingerprint> = {};
  const appTables = await sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = 'public' order by 1`;
  for (const { name } of appTables) out[name] = await fingerprint(sql, `public."${name}"`, name === "runs" ? "id" : "t");
  const dataTables = await sql<{ name: string }[]>`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'ds' and c.relkind = 'p' order by 1`;
  for (const { name } of dataTables) out[`ds.${name}`] = await fingerprint(sql, `ds."${name}"`);
  return out;
}

async function withRestored<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
  const sql = postgres(restoredUrl(), { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

describe("backup and restore", () => {
  it("restores into a fresh database the same clues, dataset rows, audit log and every other table", async () => {
    const uploads = path.join(workDir, "restored-uploads");
    await restoreBackup({ archive, databaseUrl: restoredUrl(), uploadDir: uploads });

    const before = await fingerprints(sourceSql);
    expect(before.clues.rows).toBeGreaterThan(0);
    expect(before.audit_log.rows).toBeGreaterThan(0);
    expect(Object.keys(before).filter((k) => k.startsWith("ds.")).length).toBeGreaterThan(0);
    expect(Object.entries(before).filter(([k, f]) => k.startsWith("ds.") && f.rows > 0).length).toBeGreaterThan(0);
    const after = await withRestored(fingerprints);
    expect(after).toEqual(before);
    // The ids in a word, as the brief asks: clues, audit log and the rows of each dataset.
    expect((await withRestored((sql) => fingerprint(sql, "clues"))).checksum).toBe((await fingerprint(sourceSql, "clues")).checksum);

    await withRestored(async (sql) => {
      // The run the backup caught half-way ends failed, saying why; nothing stays 运行中.
      const active = await sql`select id from runs where status in ('queued', 'running')`;
      expect(active).toHaveLength(0);
      const [interrupted] = await sql<{ error: string }[]>`select error from runs where error like '恢复备份%'`;
      expect(interrupted?.error).toContain("备份时该任务尚未完成");
      // Sequences continue after the restored ids: a new audit entry does not collide.
      const [{ max }] = await sql<{ max: string }[]>`select max(id)::text as max from audit_log`;
      const [{ id }] = await sql<{ id: string }[]>`insert into audit_log (action, actor_name) values ('backup.test', 'test') returning id::text`;
      expect(BigInt(id)).toBeGreaterThan(BigInt(max));
      // Each org's partition is attached, with its parent's indexes.
      const indexes = (s: Sql) => s<{ n: number }[]>`select count(*)::int as n from pg_indexes where schemaname = 'ds_part'`;
      expect((await indexes(sql))[0].n).toBe((await indexes(sourceSql))[0].n);
      // The clue triggers are live again on the restored database.
      const [trigger] = await sql`select 1 from pg_trigger where tgname = 'clues_counts_insert' and tgenabled = 'O'`;
      expect(trigger).toBeDefined();
    });
    expect(fs.readFileSync(path.join(uploads, UPLOAD_ID), "utf8")).toContain("（2025）刑初1号");
  }, 180_000);

  it("refuses a database that holds data, leaving it untouched, and replaces it with --force", async () => {
    await withRestored((sql) => sql`delete from audit_log where action = 'backup.test'`);
    await withRestored((sql) => sql`insert into audit_log (action, actor_name) values ('kept', 'test')`);
    const uploads = path.join(workDir, "restored-uploads");
    await expect(restoreBackup({ archive, databaseUrl: restoredUrl(), uploadDir: uploads })).rejects.toBeInstanceOf(RestoreRefused);
    expect(await withRestored((sql) => sql`select 1 from audit_log where action = 'kept'`)).toHaveLength(1);

    await restoreBackup({ archive, databaseUrl: restoredUrl(), uploadDir: uploads, force: true });
    expect(await withRestored((sql) => sql`select 1 from audit_log where action = 'kept'`)).toHaveLength(0);
    expect(await withRestored((sql) => fingerprint(sql, "audit_log"))).toEqual(await fingerprint(sourceSql, "audit_log"));
  }, 180_000);

  it("refuses an archive whose data file was altered", async () => {
    const broken = path.join(workDir, "broken");
    fs.mkdirSync(broken);
    const { execFileSync } = await import("node:child_process");
    execFileSync("tar", ["-C", broken, "-xf", archive]);
    const file = fs.readdirSync(path.join(broken, "data"))[0];
    fs.appendFileSync(path.join(broken, "data", file), "x");
    const tampered = path.join(workDir, "tampered.tar");
    execFileSync("tar", ["-C", broken, "-cf", tampered, "."]);
    const other = databaseUrlFor(adminUrl(), `${restoredName}_x`);
    await expect(restoreBackup({ archive: tampered, databaseUrl: other, uploadDir: path.join(workDir, "x") })).rejects.toThrow(/校验和不符/);
  });
});
