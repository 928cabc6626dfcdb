// clues: writing and reading a million clues. A bench-only model (one clue per criminal judgment,
// 1M judgments at --scale 1) runs through a real run record + executeRun: the first run (insert
// rate), then an immediate re-run over unchanged data (its cost, and that it rewrote no row). Over
// those clues: the clue list's keyset query and status counts, and the /clues page itself under 10
// signed-in clients on a production server (skipped without a build). Beside that, model 1 end to
// end (startRun → BullMQ → a spawned worker → clues written) against its bare compiled statement.
import path from "node:path";
import { eq } from "drizzle-orm";
import { getDb, getSql } from "../../db/client";
import { dataApplications, datasets, models, modelVersions, orgs, runs, users, type Org, type Run } from "../../db/schema";
import type { Actor } from "../../lib/auth/actor";
import { loadUserActor } from "../../lib/auth/load-actor";
import { encodeCursor } from "../../lib/clues/filter";
import { clueStatusCounts, listClues } from "../../lib/clues/queries";
import { addDays, chinaToday } from "../../lib/calendar/china-date";
import { installBuiltinModels, definitionHash } from "../../lib/models/registry";
import { checkRule } from "../../lib/rules/check";
import { compileRule } from "../../lib/rules/compile";
import { statementParams, type StatementValue } from "../../lib/rules/params";
import { postgresRegexProblems } from "../../lib/rules/regex";
import { ZRule, type RuleInput } from "../../lib/rules/schema";
import { executeRun } from "../../lib/runs/execute";
import { startRun } from "../../lib/runs/commands";
import { runStatement } from "../../lib/runs/statement";
import { BUILTIN_DATASETS } from "../../models/datasets";
import { BUILTIN_MODELS } from "../../models/rules";
import { sleep } from "../../scripts/net";
import { spawnManaged, LogTail, type ManagedProcess } from "../../scripts/processes";
import { WORKER_NODE_ARGS } from "../../scripts/worker-command";
import { measurePageUnderLoad, missingBuild } from "../clue-list-load";
import type { BenchGroup } from "../types";
import { withBenchDatabase } from "./bench-database";
import { generatedDir } from "./generated";
import { loadGenerated } from "./load-generated";

const ROOT = path.resolve(import.meta.dirname, "../..");
const log = (s: string): void => console.log(`[bench:clues] ${s}`);

/** One clue per criminal judgment: no condition, keyed like model 1 (the judgment's business key). */
const BENCH_RULE: RuleInput = {
  from: { dataset: "criminal_judgment", as: "j" },
  clue: {
    dedupKey: ["j.case_no", "j.id_number"],
    title: "{j.defendant_name}基准线索（{j.case_no}）",
    subject: { kind: "person", name: "j.defendant_name", idNumber: "j.id_number" },
    evidence: { j: ["case_no", "court", "charge", "sentence_type", "prison_term_months", "detained_before_trial", "effective_date"] },
    businessLine: "criminal",
  },
};

const CATALOG = { datasets: new Map(BUILTIN_DATASETS.map((d) => [d.key, d])), granted: null };
const LIST_TARGET_MS = 5;
const MODEL1_RUNS = 5;
const HTTP = { pagePath: "/clues?status=new", username: "prosecutor", password: "demo1234", clients: 10, seconds: 20 };

const ms = (from: number): number => performance.now() - from;
const r3 = (v: number): number => Math.round(v * 1000) / 1000;

async function orgNamed(name: string): Promise<Org> {
  const [org] = await getDb().select().from(orgs).where(eq(orgs.name, name));
  if (!org) throw new Error(`no org ${name}`);
  return org;
}

async function userActor(username: string): Promise<Actor> {
  const [user] = await getDb().select().from(users).where(eq(users.username, username));
  const actor = user ? await loadUserActor(user.id, user.sessionVersion, null) : null;
  if (!actor) throw new Error(`no demo user ${username}`);
  return actor;
}

/** Live grants on every built-in dataset (as db/seed-data.ts grants the demo orgs). */
async function grantBuiltinData(org: Org): Promise<void> {
  const [applicant] = await getDb().select({ id: users.id }).from(users).where(eq(users.orgId, org.id)).limit(1);
  if (!applicant) throw new Error(`org ${org.name} has no user to apply for data`);
  const catalog = await getDb().select({ id: datasets.id }).from(datasets).where(eq(datasets.builtin, true));
  const today = chinaToday();
  await getDb()
    .insert(dataApplications)
    .values(catalog.map((d) => ({ datasetId: d.id, orgId: org.id, applicantId: applicant.id, purpose: "基准测试", validFrom: addDays(today, -1), validTo: addDays(today, 364), status: "approved" as const, decidedAt: new Date() })));
}

/** The bench model, checked against the built-in catalog and installed as a published version. */
async function installBenchModel(ownerOrgId: string): Promise<{ modelId: string; versionId: string }> {
  const rule = ZRule.parse(BENCH_RULE);
  const issues = await checkRule(rule, CATALOG, postgresRegexProblems);
  if (issues.length > 0) throw new Error(`bench rule does not check: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
  const [model] = await getDb()
    .insert(models)
    .values({ key: "bench_every_judgment", name: "基准：每份刑事判决一条线索", description: "仅用于基准测试", businessLine: "criminal", ownerOrgId })
    .returning({ id: models.id });
  const [version] = await getDb()
    .insert(modelVersions)
    .values({ modelId: model.id, version: 1, definition: rule, contentHash: definitionHash(rule), status: "published", publishedAt: new Date() })
    .returning({ id: modelVersions.id });
  return { modelId: model.id, versionId: version.id };
}

/** A run record executed in this process (as db/seed-clues.ts and the worker do). */
async function runInProcess(model: { modelId: string; versionId: string }, orgId: string, runDate: string): Promise<{ seconds: number; run: Run }> {
  const [queued] = await getDb()
    .insert(runs)
    .values({ modelId: model.modelId, modelVersionId: model.versionId, orgId, trigger: "manual", runDate, createdByName: "基准测试" })
    .returning();
  const started = performance.now();
  const status = await executeRun(queued.id, { finalAttempt: true });
  const seconds = ms(started) / 1000;
  const [run] = await getDb().select().from(runs).where(eq(runs.id, queued.id));
  if (status !== "succeeded") throw new Error(`bench run ended ${status}: ${run.error}`);
  return { seconds, run };
}

/** Transaction ids that wrote the model's clues, with row counts. */
async function writerXids(modelId: string): Promise<Map<string, number>> {
  const rows = await getSql()<{ x: string; n: number }[]>`select xmin::text as x, count(*)::int as n from clues where model_id = ${modelId} group by 1`;
  return new Map(rows.map((r) => [r.x, r.n]));
}

/** Rows written by a transaction not in `before` (rewritten or inserted), and rows carrying a lock/update xmax. */
async function rewrittenSince(modelId: string, before: Map<string, number>): Promise<{ rewritten: number; locked: number }> {
  const [row] = await getSql()<{ rewritten: number; locked: number }[]>`
    select count(*) filter (where not (xmin::text = any(${[...before.keys()]}::text[])))::int as rewritten,
           count(*) filter (where xmax::text <> '0')::int as locked
    from clues where model_id = ${modelId}`;
  return row;
}

/** EXPLAIN ANALYZE of the run statement as a re-run would execute it, rolled back. */
async function explainRerun(model: { modelId: string; versionId: string }, runId: string, orgId: string, runDate: string): Promise<string> {
  const rule = ZRule.parse(BENCH_RULE);
  const compiled = compileRule(rule, CATALOG);
  const statement = runStatement(compiled, { orgId, runDate, modelId: model.modelId, modelVersionId: model.versionId, runId, ordinal: 1_000_000, subjectKind: "person", businessLine: "criminal" });
  const rollback = new Error("rollback");
  let plan = "";
  await getSql()
    .begin(async (tx) => {
      const rows = await tx.unsafe<{ "QUERY PLAN": string }[]>(`explain (analyze, buffers) ${statement.text}`, statement.params);
      plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
      throw rollback;
    })
    .catch((error: unknown) => {
      if (error !== rollback) throw error;
    });
  return plan;
}

/** Median of `rounds` timed calls after `warm` untimed ones (fewer when one call takes over 100 ms). */
async function medianMs(run: () => Promise<unknown>, rounds = 50, warm = 5): Promise<number> {
  const probe = performance.now();
  await run();
  const slow = ms(probe) > 100;
  for (let i = slow ? 0 : 1; i < warm; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < (slow ? 5 : rounds); i++) {
    const started = performance.now();
    await run();
    times.push(ms(started));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** The page as listClues queries it (for EXPLAIN when it misses its target); $2/$3 the cursor, or nulls for the first page. */
const KEYSET_SQL = `select c.id, c.title, c.status, c.model_id, m.name, c.business_line, c.org_id, o.name, c.subject_kind, c.subject_name, c.subject_id,
       c.assignee_id, a.name, c.first_seen_at, c.first_seen_at::text, c.status_changed_at
  from clues c join models m on m.id = c.model_id join orgs o on o.id = c.org_id left join users a on a.id = c.assignee_id
  where c.org_id = $1 and c.status = 'new' and ($2::timestamptz is null or (c.first_seen_at, c.id) < ($2::timestamptz, $3::bigint))
  order by c.first_seen_at desc, c.id desc limit 51`;

async function explainKeyset(orgId: string, cursor: { seen: string; id: number } | null): Promise<string> {
  const text = cursor ? KEYSET_SQL.replace("$2::timestamptz is null or ", "") : KEYSET_SQL;
  const rows = await getSql().unsafe<{ "QUERY PLAN": string }[]>(`explain (analyze, buffers) ${text}`, [orgId, cursor?.seen ?? null, cursor?.id ?? null]);
  return rows.map((r) => r["QUERY PLAN"]).join("\n");
}

/**
 * listClues for the prosecutor's 新线索 tab: the first page, and a page whose cursor sits in the
 * middle of the million (inside the bench run's batch of clues, which share one first_seen_at:
 * every run stamps its clues with its transaction's now()). Returns the first page's top title.
 */
async function measureReads(actor: Actor, district: Org): Promise<{ figures: Record<string, number>; topTitle: string }> {
  if (actor.orgId !== district.id) throw new Error(`${actor.name} is not in the bench district ${district.name}`);
  const [{ total }] = await getSql()<{ total: number }[]>`select count(*)::int as total from clues where org_id = ${actor.orgId} and status = 'new'`;
  const [mid] = await getSql()<{ seen: string; id: number }[]>`
    select first_seen_at::text as seen, id::int as id from clues where org_id = ${actor.orgId} and status = 'new'
    order by first_seen_at desc, id desc offset ${Math.floor(total / 2)} limit 1`;
  const deep = { status: "new", cursor: encodeCursor({ seenAt: mid.seen, id: mid.id }) };
  const page = await listClues(actor, deep);
  if (page.items.length !== 50 || page.items[0].id >= mid.id) throw new Error(`deep page answered ${page.items.length} rows starting at ${page.items[0]?.id} (cursor id ${mid.id})`);
  const top = await listClues(actor, { status: "new" });
  const firstMs = await medianMs(() => listClues(actor, { status: "new" }));
  const deepMs = await medianMs(() => listClues(actor, deep));
  const countsMs = await medianMs(() => clueStatusCounts(actor, { status: "new" }));
  log(`listClues over ${total} new clues: first page ${firstMs.toFixed(2)} ms, deep page (offset ${Math.floor(total / 2)}) ${deepMs.toFixed(2)} ms (medians); clueStatusCounts ${countsMs.toFixed(2)} ms`);
  if (firstMs >= LIST_TARGET_MS) log(`first page missed ${LIST_TARGET_MS} ms; its plan:\n${await explainKeyset(actor.orgId, null)}`);
  if (deepMs >= LIST_TARGET_MS) log(`deep page missed ${LIST_TARGET_MS} ms; its plan:\n${await explainKeyset(actor.orgId, mid)}`);
  return { figures: { clue_keyset_query_ms: r3(Math.max(firstMs, deepMs)), clue_status_counts_ms: r3(countsMs) }, topTitle: top.items[0]?.title ?? "" };
}

/** A worker process as `npm start` runs it, resolved once it says it is ready. */
export async function spawnWorker(): Promise<{ proc: ManagedProcess; output: LogTail }> {
  const output = new LogTail(60);
  const proc = spawnManaged("worker", process.execPath, WORKER_NODE_ARGS, { cwd: ROOT, env: { ...process.env }, stdio: ["ignore", "pipe", "pipe"] });
  const ready = new Promise<void>((resolve, reject) => {
    proc.child.stdout?.on("data", (b: Buffer) => {
      output.push(b.toString());
      if (/\] pid \d+ ready/.test(b.toString())) resolve();
    });
    proc.child.stderr?.on("data", (b: Buffer) => output.push(b.toString()));
    void proc.exited.then(() => reject(new Error(`worker exited before it was ready:\n${output.toString()}`)));
    setTimeout(() => reject(new Error(`worker not ready after 60 s:\n${output.toString()}`)), 60_000).unref();
  });
  try {
    await ready;
  } catch (error) {
    await proc.stop("SIGTERM", 5000);
    throw error;
  }
  return { proc, output };
}

interface RunOutcome {
  status: string;
  error: string | null;
  durationMs: number | null;
  newClues: number | null;
  /** When the worker claimed it (epoch ms). */
  startedMs: number | null;
}

/** Polls the run record (every 5 ms) until the worker has finished it. */
async function waitForRun(runId: string, timeoutMs: number): Promise<RunOutcome> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [row] = await getSql()<RunOutcome[]>`
      select status, error, duration_ms as "durationMs", new_clues as "newClues", (extract(epoch from started_at) * 1000)::float8 as "startedMs" from runs where id = ${runId}`;
    if (row.status !== "queued" && row.status !== "running") return row;
    await sleep(5);
  }
  throw new Error(`run ${runId} not finished after ${timeoutMs} ms`);
}

/**
 * The bare compiled statement, executed in full: its rows (title, evidence and all) materialised
 * into a temporary table, so Postgres cannot skip the output columns as a count(*) would.
 */
async function timeStatement(text: string, values: StatementValue[]): Promise<{ seconds: number; count: number }> {
  return getSql().begin(async (tx) => {
    const started = performance.now();
    const rows = await tx.unsafe(`create temporary table bench_hits on commit drop as ${text}`, values);
    const seconds = ms(started) / 1000;
    return { seconds, count: rows.count };
  });
}

/** Removes model 1's clues and runs in the org, so the next run starts from the same table as the first. */
async function resetModelRuns(modelId: string, orgId: string): Promise<void> {
  await getSql()`delete from clues where model_id = ${modelId} and org_id = ${orgId}`;
  await getSql()`delete from runs where model_id = ${modelId} and org_id = ${orgId}`;
  // As before the first: no dead rows left behind, and each run starts right after a checkpoint.
  await getSql().unsafe("vacuum (analyze) clues");
  await getSql().unsafe("checkpoint");
}

/** One run of the model through startRun → BullMQ → the worker, timed until its record says it finished. */
async function timeRun(modelId: string, runDate: string, expected: number, worker: { output: LogTail }): Promise<{ seconds: number; parts: string }> {
  const prosecutor = await userActor("prosecutor");
  const started = performance.now();
  const wallStarted = Date.now();
  const run = await startRun(prosecutor, modelId, { runDate });
  const wallQueued = Date.now();
  const done = await waitForRun(run.id, 600_000);
  const seconds = ms(started) / 1000;
  const wallDone = Date.now();
  if (done.status !== "succeeded") throw new Error(`model 1 run ${done.status}: ${done.error}\n${worker.output.toString()}`);
  if (done.newClues !== expected) throw new Error(`model 1 run wrote ${done.newClues} clues, its statement finds ${expected}`);
  const claimedAt = Math.round(done.startedMs ?? wallQueued);
  const executeMs = done.durationMs ?? 0;
  const parts = `startRun ${wallQueued - wallStarted} ms + queue→claim ${claimedAt - wallQueued} ms + executeRun ${executeMs} ms + commit/seen ${wallDone - claimedAt - executeMs} ms`;
  return { seconds, parts };
}

/**
 * Model 1: its bare compiled statement (best of three, warmed) against a run through BullMQ + a
 * worker (best of five, each a first run from the same table): both sides at their warm best. The
 * statement repeats on one database session; a fresh worker's run sessions (db/client.ts
 * getRunSql) each pay once for mapping the shared buffer pages they touch (1.0-1.1 s for model 1
 * against 0.72 s afterwards, here). A worker that has been up a while has no such sessions left;
 * the log shows every run and the median.
 */
async function measureModel1(district: Org, runDate: string): Promise<Record<string, number>> {
  const file = BUILTIN_MODELS.find((m) => m.number === 1)!;
  const [model] = await getDb().select({ id: models.id }).from(models).where(eq(models.key, file.key));
  const compiled = compileRule(file.rule, CATALOG);
  const values = statementParams({ orgId: district.id, runDate }, compiled.values);
  await timeStatement(compiled.text, values);
  let best = await timeStatement(compiled.text, values);
  for (let i = 0; i < 2; i++) {
    const next = await timeStatement(compiled.text, values);
    if (next.seconds < best.seconds) best = next;
  }

  const worker = await spawnWorker();
  try {
    // Warm the worker (connections, code paths) on an org with no rows, so it is idle and ready.
    const warm = await startRun(await userActor("multi"), model.id, { runDate });
    const warmed = await waitForRun(warm.id, 120_000);
    if (warmed.status !== "succeeded") throw new Error(`warm-up run ${warmed.status}: ${warmed.error}`);
    const times: number[] = [];
    for (let i = 0; i < MODEL1_RUNS; i++) {
      if (i > 0) await resetModelRuns(model.id, district.id);
      await sleep(500);
      const run = await timeRun(model.id, runDate, best.count, worker);
      log(`model 1 run ${i + 1}: ${run.seconds.toFixed(3)} s = ${run.parts}`);
      times.push(run.seconds);
    }
    const seconds = Math.min(...times);
    const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
    log(`model 1: statement ${best.seconds.toFixed(3)} s (${best.count} hits); run end to end ${seconds.toFixed(3)} s, median ${median.toFixed(3)} s (runs: ${times.map((t) => t.toFixed(3)).join(", ")})`);
    return { statement_model1_s: r3(best.seconds), run_model1_s: r3(seconds), run_vs_statement_ratio: Math.round((seconds / best.seconds) * 100) / 100 };
  } finally {
    await worker.proc.stop("SIGTERM", 10_000);
  }
}

/** The bench model's first run and its immediate re-run over unchanged data. */
async function measureWrites(province: Org, district: Org, runDate: string): Promise<Record<string, number>> {
  const model = await installBenchModel(province.id);
  const first = await runInProcess(model, district.id, runDate);
  const inserted = first.run.newClues ?? 0;
  log(`first run: ${inserted} clues in ${first.seconds.toFixed(2)} s (${Math.round(inserted / first.seconds)}/s)`);
  const before = await writerXids(model.modelId);
  const rerun = await runInProcess(model, district.id, runDate);
  const { rewritten, locked } = await rewrittenSince(model.modelId, before);
  log(`re-run: ${rerun.run.hits} hits, ${rerun.run.newClues} new, ${rerun.run.missingClues} missing in ${rerun.seconds.toFixed(2)} s; rows rewritten ${rewritten}, rows locked (xmax set) ${locked}`);
  if (rewritten > 0) log(`re-run REWROTE ${rewritten} rows whose evidence did not change`);
  if (rerun.seconds > first.seconds) {
    log(`re-run cost more than the first run; its plan (executed again, rolled back):\n${await explainRerun(model, rerun.run.id, district.id, runDate)}`);
  }
  return { clue_first_run_s: r3(first.seconds), clue_insert_per_s: Math.round(inserted / first.seconds), clue_rerun_s: r3(rerun.seconds) };
}

/** The /clues page under load (needs a build; the DB figures stand without it). */
async function measurePage(databaseUrl: string, redisUrl: string, dataDir: string, expectText: string): Promise<Record<string, number>> {
  const missing = missingBuild();
  if (missing) {
    log(`skipping the HTTP figures (clue_list_p50_ms, clue_list_p95_ms): ${missing}`);
    return {};
  }
  try {
    const result = await measurePageUnderLoad({ databaseUrl, redisUrl, dataDir, ...HTTP, expectText });
    log(
      `GET ${HTTP.pagePath} × ${HTTP.clients} clients, ${HTTP.seconds} s: ${result.requests} requests (${result.perSecond.toFixed(1)}/s), ` +
        `p50 ${result.p50Ms.toFixed(1)} ms, p95 ${result.p95Ms.toFixed(1)} ms, max ${result.maxMs.toFixed(1)} ms, ${result.bodyBytes} bytes compressed; ` +
        `warm-up ${result.warmUpPerSecond} requests/s; ` +
        `one client alone p50 ${result.singleClientP50Ms.toFixed(1)} ms; next-server CPU ${result.serverCpuMsPerRequest.toFixed(1)} ms per request`,
    );
    if (!result.sawExpectedText) log(`NOTE: the page did not contain the newest clue's title "${expectText}" — does this build's /clues list the clues?`);
    return { clue_list_p50_ms: r3(result.p50Ms), clue_list_p95_ms: r3(result.p95Ms) };
  } catch (error) {
    console.error(`[bench:clues] HTTP figures FAILED (DB figures still reported): ${(error as Error).message}`);
    return {};
  }
}

/** Queues opened by startRun in this process hold a Redis connection; close them before Redis stops. */
async function closeQueues(): Promise<void> {
  const g = globalThis as unknown as { __queues?: Map<string, { close(): Promise<void> }>; __queueConnection?: { quit(): Promise<unknown> } };
  for (const queue of g.__queues?.values() ?? []) await queue.close();
  g.__queues?.clear();
  await g.__queueConnection?.quit().catch(() => undefined);
  delete g.__queueConnection;
}

export const cluesGroup: BenchGroup = {
  name: "clues",
  description: "1M clues: first run and re-run, keyset list and counts, /clues under 10 clients; model 1 via BullMQ vs its statement",
  run: async (scale) => {
    const { dir, manifest } = await generatedDir(scale);
    return withBenchDatabase("clues", async ({ services, dataDir, district }) => {
      process.env.REDIS_URL = services.redisUrl; // startRun enqueues (withBenchDatabase restores it)
      try {
        const started = performance.now();
        await loadGenerated(dir, district.id, ["criminal_judgment", "prison_admission"]);
        log(`loaded ${manifest.datasets.criminal_judgment} judgments in ${(ms(started) / 1000).toFixed(1)} s`);
        const province = await getDb().select().from(orgs).where(eq(orgs.level, "province")).then((r) => r[0]);
        await installBuiltinModels(getDb(), province.id, BUILTIN_MODELS.filter((m) => m.number === 1));
        await grantBuiltinData(district);
        await grantBuiltinData(await orgNamed("临江市西城区人民检察院")); // the worker's warm-up org
        const writes = await measureWrites(province, district, manifest.asOf);
        // What autovacuum does after a bulk insert, so later work sees settled statistics and hint bits.
        await getSql().unsafe("vacuum (analyze) clues");
        await getSql().unsafe("checkpoint");
        // Model 1 runs with the million clues in the table; its clues become the newest.
        const model1 = await measureModel1(district, manifest.asOf);
        const reads = await measureReads(await userActor("prosecutor"), district);
        const page = await measurePage(services.databaseUrl, services.redisUrl, dataDir, reads.topTitle);
        return { ...writes, ...model1, ...reads.figures, ...page };
      } finally {
        await closeQueues();
      }
    });
  },
};
