// Browser uploads through the real web server, on the route the import form posts to
// (/datasets/{key}/upload, session cookie): any size arrives whole and streamed, the limit
// (MAX_UPLOAD_MB) is refused with 413 before anything is imported, a partial file never stays in
// the upload folder, and another site cannot post with the user's cookie (issue #12 items 2, 4, 9).
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb, getSql } from "@/db/client";
import { datasetImports, orgs } from "@/db/schema";
import { installBuiltinDatasets } from "@/lib/datasets/catalog";
import { tableRef } from "@/lib/datasets/ddl";
import { idNumberCheckDigit } from "@/lib/datasets/id-number";
import { runImport } from "@/lib/datasets/import/run-import";
import { BUILTIN_DATASETS } from "@/models/datasets";
import type { TestDatabase } from "../helpers/db";
import { orgIdByName, ORGS, setupDemoDatabase, usePrivateRedis } from "../helpers/demo";
import { postStream, signInOverHttp, startWebServer, type HttpReply, type WebServer } from "@/scripts/web-server-process";

const MB = 1024 * 1024;
const LIMIT_MB = 210;
const KEY = "criminal_judgment";

let database: TestDatabase;
let server: WebServer;
let cookie: string;
let uploadDir: string;
let workDir: string;

beforeAll(async () => {
  database = await setupDemoDatabase();
  usePrivateRedis(15);
  const [province] = await getDb().select().from(orgs).where(eq(orgs.name, ORGS.province));
  await installBuiltinDatasets(getDb(), province.id, BUILTIN_DATASETS);
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "shujian-upload-test-"));
  uploadDir = path.join(workDir, "uploads");
  process.env.UPLOAD_DIR = uploadDir; // runImport in this process reads what the server saved
  server = await startWebServer({ UPLOAD_DIR: uploadDir, MAX_UPLOAD_MB: String(LIMIT_MB) });
  const signedIn = await signInOverHttp(server.url, "data_admin", "demo1234");
  expect(signedIn.signedIn).toBe(true);
  cookie = signedIn.cookie;
}, 120_000);
afterEach((ctx) => {
  if (ctx.task.result?.state === "fail") console.error(`web server log:\n${server?.log()}`);
});
afterAll(async () => {
  await server?.stop();
  await database.drop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

const HEADER = "case_no,court,defendant_name,id_number,gender,birth_date,charge,sentence_type,prison_term_months,detained_before_trial,judgment_date,effective_date\n";
const BAD_EVERY = 100_000;

function idNumber(n: number): string {
  const first17 = `3201021990${String(101 + (n % 28)).padStart(4, "0")}${String(n % 1000).padStart(3, "0")}`;
  return first17 + idNumberCheckDigit(first17);
}

/** A valid criminal_judgment row; every BAD_EVERY-th row has an impossible judgment date. */
function row(n: number): string {
  const judged = n % BAD_EVERY === 0 ? "2024-02-30" : `2024-0${1 + (n % 9)}-${String(1 + (n % 28)).padStart(2, "0")}`;
  return `（2024）苏0102刑初${n}号,临江市东城区人民法院,张${n},${idNumber(n)},男,1990-01-${String(1 + (n % 28)).padStart(2, "0")},盗窃罪,实刑,${n % 120},是,${judged},\n`;
}

/** Writes a CSV of at least `bytes` bytes; answers its path, row count and bad-row count. */
async function writeCsv(bytes: number): Promise<{ file: string; rows: number; bad: number; size: number }> {
  const file = path.join(workDir, `judgments-${bytes}.csv`);
  const out = fs.createWriteStream(file);
  let size = Buffer.byteLength(HEADER);
  let rows = 0;
  out.write(HEADER);
  while (size < bytes) {
    let batch = "";
    for (let i = 0; i < 10_000; i++) batch += row(++rows);
    size += Buffer.byteLength(batch);
    if (!out.write(batch)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return { file, rows, bad: Math.floor(rows / BAD_EVERY), size };
}

/**
 * POSTs `body` to the browser's upload route as the import form's XHR does (the file as the raw
 * body, the session cookie, our Origin). Without `length` the body goes chunked.
 */
function postUpload(query: string, body: Readable, opts: { length?: number; origin?: string | null; headers?: Record<string, string> } = {}): Promise<HttpReply> {
  return postStream(`${server.url}/datasets/${KEY}/upload?${query}`, body, {
    cookie,
    ...(opts.origin === null ? {} : { origin: opts.origin ?? server.url }),
    "content-type": "text/csv",
    ...(opts.length === undefined ? {} : { "content-length": String(opts.length) }),
    ...opts.headers,
  });
}

async function importCount(): Promise<number> {
  const [{ n }] = await getDb().select({ n: sql<number>`count(*)::int` }).from(datasetImports);
  return n;
}

async function storedRows(): Promise<number> {
  const orgId = await orgIdByName(ORGS.dongcheng);
  const [r] = await getSql().unsafe<{ n: number }[]>(`select count(*)::int as n from ${tableRef(KEY)} where org_id = $1`, [orgId]);
  return r.n;
}

const uploadFolder = (): string[] => (fs.existsSync(uploadDir) ? fs.readdirSync(uploadDir) : []);

/** A body that sends `bytes` bytes of valid rows in 64 KB chunks. */
function rowStream(bytes: number): Readable {
  let sent = 0;
  let n = 0;
  return new Readable({
    read() {
      if (sent >= bytes) return void this.push(null);
      let chunk = sent === 0 ? HEADER : "";
      while (chunk.length < 64 * 1024) chunk += row(++n);
      const buf = Buffer.from(chunk).subarray(0, Math.min(Buffer.byteLength(chunk), bytes - sent));
      sent += buf.length;
      this.push(buf);
    },
  });
}

describe("browser upload route", () => {
  it("takes a file far over 10 MB (≥ 200 MB) whole: every row is imported or rejected", async () => {
    const csv = await writeCsv(200 * MB);
    expect(csv.size).toBeGreaterThanOrEqual(200 * MB);
    const answer = await postUpload("filename=judgments.csv&mode=lenient", fs.createReadStream(csv.file), { length: csv.size });
    expect(answer.status, answer.body).toBe(202);
    const { id } = JSON.parse(answer.body) as { id: string };
    const [recorded] = await getDb().select().from(datasetImports).where(eq(datasetImports.id, id));
    expect(recorded.fileSize).toBe(csv.size);
    const done = await runImport(id, { finalAttempt: true, quality: false });
    expect(done.status, done.message ?? "").toBe("succeeded");
    expect(done.rowsRejected).toBe(csv.bad);
    expect(done.rowsImported + done.rowsRejected).toBe(csv.rows);
    expect(await storedRows()).toBe(csv.rows - csv.bad);
    fs.rmSync(csv.file);
  }, 300_000);

  it("refuses a file whose Content-Length is over MAX_UPLOAD_MB with 413, before reading it", async () => {
    const before = await importCount();
    const rowsBefore = await storedRows();
    // Announce more than the limit but send only a little: the answer must not wait for the rest.
    const answer = await postUpload("filename=big.csv&mode=lenient", rowStream(MB), { length: (LIMIT_MB + 1) * MB });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.message).toContain(`上传上限 ${LIMIT_MB} MB`);
    expect(await importCount()).toBe(before);
    expect(await storedRows()).toBe(rowsBefore);
    expect(uploadFolder()).toEqual([]);
  }, 60_000);

  it("refuses a chunked upload once it passes MAX_UPLOAD_MB, and leaves no partial file", async () => {
    const before = await importCount();
    const answer = await postUpload("filename=big.csv&mode=lenient", rowStream((LIMIT_MB + 5) * MB));
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.code).toBe("payload_too_large");
    expect(await importCount()).toBe(before);
    expect(uploadFolder()).toEqual([]);
  }, 120_000);

  it("removes the partial file when the client goes away mid-upload", async () => {
    const before = await importCount();
    const req = http.request(`${server.url}/datasets/${KEY}/upload?filename=cut.csv`, {
      method: "POST",
      agent: false,
      headers: { cookie, origin: server.url, "content-type": "text/csv", "content-length": String(50 * MB) },
    });
    req.on("error", () => {});
    // Send 5 MB of the 50 announced…
    for await (const chunk of rowStream(5 * MB)) {
      if (!req.write(chunk)) await new Promise((resolve) => req.once("drain", resolve));
    }
    // …the partial file is there while the upload is under way…
    await expect.poll(() => uploadFolder().length, { timeout: 20_000 }).toBe(1);
    req.destroy();
    // …and gone once the server notices the client left.
    await expect.poll(() => uploadFolder(), { timeout: 20_000 }).toEqual([]);
    expect(await importCount()).toBe(before);
  }, 60_000);

  it("refuses a post from another site with the user's cookie (403) and changes nothing, even with replace=true", async () => {
    const before = await importCount();
    const rowsBefore = await storedRows();
    const content = HEADER + row(1);
    const crossSite = await postUpload("filename=x.csv&replace=true", Readable.from([content]), { length: Buffer.byteLength(content), origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    expect(JSON.parse(crossSite.body).error.message).toContain("其他网站");
    const sandboxed = await postUpload("filename=x.csv&replace=true", Readable.from([content]), { length: Buffer.byteLength(content), origin: "null" });
    expect(sandboxed.status).toBe(403);
    const noOrigin = await postUpload("filename=x.csv&replace=true", Readable.from([content]), {
      length: Buffer.byteLength(content),
      origin: null,
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(noOrigin.status).toBe(403);
    expect(await importCount()).toBe(before);
    expect(await storedRows()).toBe(rowsBefore);
    expect(uploadFolder()).toEqual([]);
  }, 60_000);
});
