// import: the generated criminal_judgment CSV (1M rows at --scale 1) imported end to end
// (parse + validate + COPY + index + attach, in its own process) beside a plain COPY of the same
// file into an unindexed table by psql \copy; the import's peak memory; the follow-up ANALYZE and
// quality report (数检通) on those rows. Then the same file the way a user sends it: posted to the
// browser's upload route of the built web server with a session cookie, imported by the worker.
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { BUILTIN_DATASETS } from "../../models/datasets";
import { getDb, getSql } from "../../db/client";
import { datasetImports, datasets } from "../../db/schema";
import { pgType, quoteIdent } from "../../lib/datasets/ddl";
import { refreshAfterImport } from "../../lib/datasets/import/run-import";
import { ensureBuild } from "../../scripts/build";
import { sleep } from "../../scripts/net";
import { spawnManaged } from "../../scripts/processes";
import { postStream, signInOverHttp, startWebServer } from "../../scripts/web-server-process";
import { WORKER_NODE_ARGS } from "../../scripts/worker-command";
import type { BenchGroup } from "../types";
import { withBenchDatabase } from "./bench-database";
import { generatedDir } from "./generated";

const ROOT = path.resolve(import.meta.dirname, "../..");
const KEY = "criminal_judgment";

async function generatedFile(scale: number): Promise<{ file: string; rows: number }> {
  const { dir, manifest } = await generatedDir(scale);
  return { file: path.join(dir, `${KEY}.csv`), rows: manifest.datasets[KEY] };
}

interface ChildResult {
  status: string;
  message: string | null;
  rows: number;
  seconds: number;
  peakRssMb: number;
  copySeconds: number;
  indexSeconds: number;
}

function runChildImport(orgId: string, file: string, env: NodeJS.ProcessEnv): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "bench/import-child.ts", KEY, orgId, file], { cwd: ROOT, env, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.on("exit", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code !== 0 || !line.startsWith("{")) reject(new Error(`import child exited ${code}: ${out}`));
      else resolve(JSON.parse(line));
    });
  });
}

/** psql's \copy of the raw file into a plain, unindexed table with the same typed columns. */
async function timePlainCopy(databaseUrl: string, file: string): Promise<number> {
  const def = BUILTIN_DATASETS.find((d) => d.key === KEY)!;
  const cols = def.fields.map((f) => `${quoteIdent(f.name)} ${pgType(f.type)}`).join(", ");
  await getSql().unsafe(`drop table if exists bench_plain; create table bench_plain (${cols})`);
  const started = performance.now();
  await promisify(execFile)("psql", [databaseUrl, "-v", "ON_ERROR_STOP=1", "-c", `\\copy bench_plain from '${file.replace(/'/g, "''")}' with (format csv, header true)`]);
  return (performance.now() - started) / 1000;
}

/** Polls the import until it has finished; answers when it did (ms, performance.now()). */
async function importFinished(id: string): Promise<{ status: string; message: string | null; rows: number; at: number }> {
  for (;;) {
    const [imp] = await getDb().select().from(datasetImports).where(eq(datasetImports.id, id));
    if (imp.status === "succeeded" || imp.status === "failed") return { status: imp.status, message: imp.message, rows: imp.rowsImported, at: performance.now() };
    await sleep(100);
  }
}

/**
 * The 1M-row file through the door users take: the web server (one process, as `npm start` runs it
 * per core), the browser's upload route with a signed-in data admin's cookie, the queue, a worker.
 * Timed from the first byte sent to the import's end.
 */
async function timeBrowserUpload(file: string, rows: number): Promise<{ rowsPerS: number; transferMbPerS: number }> {
  await ensureBuild(ROOT, process.env, (s) => console.log(`[bench:import] ${s}`));
  return withBenchDatabase("import-browser", async ({ services, dataDir }) => {
    const env = { DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl, UPLOAD_DIR: path.join(dataDir, "uploads") };
    const server = await startWebServer({ ...env, WEB_CONCURRENCY: "1" });
    const worker = spawnManaged("worker", process.execPath, WORKER_NODE_ARGS, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] });
    try {
      const { cookie } = await signInOverHttp(server.url, "data_admin", "demo1234");
      const size = fs.statSync(file).size;
      const started = performance.now();
      const reply = await postStream(`${server.url}/datasets/${KEY}/upload?filename=bench.csv&mode=strict`, fs.createReadStream(file), {
        cookie,
        origin: server.url,
        "content-type": "text/csv",
        "content-length": String(size),
      });
      const uploaded = performance.now();
      if (reply.status !== 202) throw new Error(`browser upload answered ${reply.status}: ${reply.body}`);
      const done = await importFinished((JSON.parse(reply.body) as { id: string }).id);
      if (done.status !== "succeeded" || done.rows !== rows) throw new Error(`browser upload import did not succeed: ${done.status} ${done.message ?? ""} (${done.rows}/${rows})`);
      return { rowsPerS: rows / ((done.at - started) / 1000), transferMbPerS: size / 1024 / 1024 / ((uploaded - started) / 1000) };
    } finally {
      await worker.stop();
      await server.stop();
    }
  });
}

export const importGroup: BenchGroup = {
  name: "import",
  description: "1M-row CSV import vs psql \\copy; peak RSS; quality report",
  run: async (scale) => {
    const { file, rows } = await generatedFile(scale);
    const figures = await withBenchDatabase("import", async ({ services, dataDir, district }) => {
      const env = { ...process.env, DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl, UPLOAD_DIR: path.join(dataDir, "uploads"), IMPORT_TIMINGS: "1" };
      const result = await runChildImport(district.id, file, env);
      if (result.status !== "succeeded" || result.rows !== rows) throw new Error(`bench import did not succeed: ${result.status} ${result.message ?? ""} (${result.rows}/${rows})`);
      const copySeconds = await timePlainCopy(services.databaseUrl, file);
      const [dataset] = await getDb().select().from(datasets).where(eq(datasets.key, KEY));
      // What follows every import once it has committed: ANALYZE of the org's rows, then 数检通.
      const qualityStarted = performance.now();
      await refreshAfterImport(dataset.id, KEY, district.id);
      const qualitySeconds = (performance.now() - qualityStarted) / 1000;
      const importRate = rows / result.seconds;
      const copyRate = rows / copySeconds;
      return {
        import_rows_per_s: Math.round(importRate),
        psql_copy_rows_per_s: Math.round(copyRate),
        import_vs_copy_ratio: Math.round((1000 * importRate) / copyRate) / 1000,
        // The two parts of the import: streaming validation + COPY (what psql's load does), then
        // building the partition's indexes and attaching it (what psql's plain table skips).
        import_copy_phase_rows_per_s: Math.round(rows / result.copySeconds),
        import_index_build_s: Math.round(result.indexSeconds * 1000) / 1000,
        import_peak_rss_mb: Math.round(result.peakRssMb),
        quality_report_s: Math.round(qualitySeconds * 1000) / 1000,
      };
    });
    const browser = await timeBrowserUpload(file, rows);
    return {
      ...figures,
      browser_upload_rows_per_s: Math.round(browser.rowsPerS),
      browser_upload_transfer_mb_per_s: Math.round(browser.transferMbPerS),
    };
  },
};
