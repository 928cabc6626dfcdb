// load: 50 signed-in users for 5 minutes on the production web server (scripts/web-server.mjs, one
// process per core) over the demo database, while a worker runs models one after another and
// imports a 100,000-judgment file again and again. Each user loops, on 127.0.0.1 only and until the
// deadline: the clue list (a status tab), a clue's page, and now and then a transition — a 备注 on a
// clue of its org through the clue page's own server action, as the browser posts it. Every answer
// must be a 200 (and the action's answer must not carry a refusal): load_errors counts the others.
// `npm run bench -- --only load --duration 30` shortens it for trying.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { eq } from "drizzle-orm";
import { getDb, getSql } from "../../db/client";
import { seedDemoData } from "../../db/seed-data";
import { datasetImports, orgs, runs, users } from "../../db/schema";
import { makeActor, type Actor } from "../../lib/auth/actor";
import { loadUserActor } from "../../lib/auth/load-actor";
import { startImport } from "../../lib/datasets/import/commands";
import { ConflictError } from "../../lib/errors";
import { startRun } from "../../lib/runs/commands";
import { listRunnableModels } from "../../lib/models/runnable";
import { generate } from "../../lib/synthetic/generate";
import { sleep } from "../../scripts/net";
import { missingBuild, nextProjectDir, percentile, signIn, startNext } from "../clue-list-load";
import type { BenchGroup } from "../types";
import { withBenchDatabase } from "./bench-database";
import { spawnWorker } from "./clues";

const log = (s: string): void => console.log(`[bench:load] ${s}`);
const CLIENTS = 50;
const DEFAULT_SECONDS = 300;
/** The demo orgs with clues, and the prosecutor of each: the signed-in users take turns between them. */
const USERS = ["prosecutor", "prosecutor_nanhu"];
const PASSWORD = "demo1234";
/** Of every 20 steps: 9 clue list, 9 clue page, 2 transitions. */
const STEP_CYCLE = ["list", "page", "list", "page", "list", "page", "action", "list", "page", "list", "page", "list", "page", "list", "page", "action", "list", "page", "list", "page"] as const;
const LIST_PATHS = ["/clues?status=new", "/clues", "/clues?status=verifying", "/clues?status=new&mine=1"];

type Step = (typeof STEP_CYCLE)[number];

interface Session {
  cookie: string;
  clueIds: number[];
}

interface Tally {
  latencies: Record<Step, number[]>;
  errors: number;
  firstErrors: string[];
}

/** The id of a server action, from the build's manifest (what the browser sends as `Next-Action`). */
function serverActionId(file: string, name: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(nextProjectDir(), ".next", "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename?: string; exportedName?: string }>;
  };
  for (const [id, entry] of Object.entries(manifest.node)) if (entry.filename === file && entry.exportedName === name) return id;
  throw new Error(`server action ${name} of ${file} not in the build's manifest`);
}

interface Answer {
  status: number;
  body: string;
}

function request(url: URL, agent: http.Agent, options: { method?: string; headers: Record<string, string>; body?: Buffer }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? "GET", agent, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

/**
 * The multipart body React 19.3 sends for `action(prevState, formData)`: the form's fields prefixed
 * "_1_" (the form is reference "$K1"), then the arguments as "0" — last, as React sends it.
 */
function actionBody(fields: Record<string, string>): { body: Buffer; type: string } {
  const boundary = `----bench${Math.random().toString(16).slice(2)}`;
  const parts = [...Object.entries(fields).map(([k, v]) => [`_1_${k}`, v]), ["0", JSON.stringify([null, "$K1"])]];
  const text = parts.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join("") + `--${boundary}--\r\n`;
  return { body: Buffer.from(text), type: `multipart/form-data; boundary=${boundary}` };
}

async function step(kind: Step, session: Session, origin: string, agent: http.Agent, actionId: string, n: number): Promise<Answer> {
  const clueId = session.clueIds[n % session.clueIds.length];
  const base = { cookie: session.cookie, "accept-encoding": "identity" };
  if (kind === "list") return request(new URL(LIST_PATHS[n % LIST_PATHS.length], origin), agent, { headers: base });
  if (kind === "page") return request(new URL(`/clues/${clueId}`, origin), agent, { headers: base });
  const { body, type } = actionBody({ clueId: String(clueId), action: "comment", text: `压力测试备注 ${n}` });
  return request(new URL(`/clues/${clueId}`, origin), agent, {
    method: "POST",
    headers: { ...base, "content-type": type, "next-action": actionId, origin, accept: "text/x-component" },
    body,
  });
}

/** A refused action answers 200 with `ok:false` in its payload. */
const refused = (kind: Step, answer: Answer): boolean => answer.status !== 200 || (kind === "action" && /"ok":false/.test(answer.body));

async function client(session: Session, index: number, origin: string, agent: http.Agent, actionId: string, deadline: number, tally: Tally): Promise<void> {
  for (let n = index; performance.now() < deadline; n++) {
    const kind = STEP_CYCLE[n % STEP_CYCLE.length];
    const started = performance.now();
    try {
      const answer = await step(kind, session, origin, agent, actionId, n);
      if (refused(kind, answer)) throw new Error(`${kind} answered ${answer.status}: ${answer.body.slice(0, 200).replace(/\s+/g, " ")} … ${answer.body.slice(-300).replace(/\s+/g, " ")}`);
      tally.latencies[kind].push(performance.now() - started);
    } catch (error) {
      tally.errors++;
      if (tally.firstErrors.length < 5) tally.firstErrors.push((error as Error).message);
    }
  }
}

async function clueIdsOf(username: string): Promise<number[]> {
  const rows = await getSql()<{ id: number }[]>`
    select c.id::int as id from clues c join users u on u.org_id = c.org_id where u.username = ${username} order by c.id limit 200`;
  if (rows.length === 0) throw new Error(`no clues for ${username}`);
  return rows.map((r) => r.id);
}

async function userActor(username: string): Promise<Actor> {
  const [user] = await getDb().select().from(users).where(eq(users.username, username));
  const actor = user ? await loadUserActor(user.id, user.sessionVersion, null) : null;
  if (!actor) throw new Error(`no demo user ${username}`);
  return actor;
}

/** Model runs one after another, rotating over the runnable models, until the deadline; answers how many ended. */
async function keepRunning(actor: Actor, runDate: string, deadline: number): Promise<{ runs: number; failed: number }> {
  const models = await listRunnableModels(actor);
  let done = 0;
  let failed = 0;
  for (let i = 0; performance.now() < deadline; i++) {
    let runId: string;
    try {
      runId = (await startRun(actor, models[i % models.length].modelId, { runDate })).id;
    } catch (error) {
      if (error instanceof ConflictError) continue;
      throw error;
    }
    for (;;) {
      const [row] = await getDb().select({ status: runs.status }).from(runs).where(eq(runs.id, runId));
      if (row.status !== "queued" && row.status !== "running") {
        done++;
        if (row.status !== "succeeded") failed++;
        break;
      }
      await sleep(200);
    }
  }
  return { runs: done, failed };
}

/** The same file imported (replacing the org's rows) again and again until the deadline. */
async function keepImporting(actor: Actor, file: string, deadline: number): Promise<{ imports: number; failed: number }> {
  let done = 0;
  let failed = 0;
  while (performance.now() < deadline) {
    const imp = await startImport(actor, { datasetKey: "criminal_judgment", fileName: path.basename(file), body: fs.createReadStream(file), options: { mode: "lenient", replace: "true" } });
    for (;;) {
      const [row] = await getDb().select({ status: datasetImports.status }).from(datasetImports).where(eq(datasetImports.id, imp.id));
      if (row.status !== "queued" && row.status !== "running") {
        done++;
        if (row.status !== "succeeded") failed++;
        break;
      }
      await sleep(500);
    }
  }
  return { imports: done, failed };
}

/** `--duration N` (bench/run.ts passes it as BENCH_DURATION_S); 5 minutes by default. */
function loadSeconds(): number {
  const value = Number(process.env.BENCH_DURATION_S ?? DEFAULT_SECONDS);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_SECONDS;
}

async function measureLoad(databaseUrl: string, redisUrl: string, dataDir: string): Promise<Record<string, number>> {
  const seconds = loadSeconds();
  const actionId = serverActionId("app/(app)/clues/actions.ts", "clueAction");
  const server = await startNext({ databaseUrl, redisUrl, dataDir });
  const worker = await spawnWorker();
  try {
    const sessions: Session[] = [];
    const ids = new Map<string, number[]>();
    for (const u of USERS) ids.set(u, await clueIdsOf(u));
    for (let i = 0; i < CLIENTS; i++) {
      const username = USERS[i % USERS.length];
      sessions.push({ cookie: await signIn(server.origin, username, PASSWORD, "/clues"), clueIds: ids.get(username)! });
    }
    const warmSeconds = Math.min(20, seconds);
    log(`${CLIENTS} sessions signed in (${USERS.join(", ")}); warming up ${warmSeconds} s`);
    const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
    const warm: Tally = { latencies: { list: [], page: [], action: [] }, errors: 0, firstErrors: [] };
    await Promise.all(sessions.map((s, i) => client(s, i, server.origin, agent, actionId, performance.now() + warmSeconds * 1000, warm)));
    if (warm.errors > 0) log(`warm-up errors: ${warm.errors} (${warm.firstErrors.join(" | ")})`);

    const importFile = await importFixture(dataDir);
    const xicheng = await getDb().select().from(orgs).where(eq(orgs.name, "临江市西城区人民检察院")).then((r) => r[0]);
    const importer = makeActor("system", "bench", "压力测试导入", xicheng, ["data_admin"]);
    const tally: Tally = { latencies: { list: [], page: [], action: [] }, errors: 0, firstErrors: [] };
    const started = performance.now();
    const deadline = started + seconds * 1000;
    const [background] = await Promise.all([
      Promise.all([keepRunning(await userActor("prosecutor"), "2026-11-01", deadline), keepImporting(importer, importFile, deadline)]),
      Promise.all(sessions.map((s, i) => client(s, i, server.origin, agent, actionId, deadline, tally))),
    ]);
    const wall = (performance.now() - started) / 1000;
    agent.destroy();
    const all = [...tally.latencies.list, ...tally.latencies.page, ...tally.latencies.action].sort((a, b) => a - b);
    const p95 = (xs: number[]): number => percentile([...xs].sort((a, b) => a - b), 95);
    const [runsDone, importsDone] = background;
    log(
      `${CLIENTS} users × ${seconds} s: ${all.length} requests (${(all.length / wall).toFixed(1)}/s), p50 ${percentile(all, 50).toFixed(0)} ms, p95 ${percentile(all, 95).toFixed(0)} ms, ` +
        `max ${all[all.length - 1]?.toFixed(0)} ms; p95 list ${p95(tally.latencies.list).toFixed(0)} / page ${p95(tally.latencies.page).toFixed(0)} / 备注 ${p95(tally.latencies.action).toFixed(0)} ms ` +
        `(${tally.latencies.action.length} 备注); errors ${tally.errors}${tally.firstErrors.length ? ` (${tally.firstErrors.join(" | ")})` : ""}; ` +
        `meanwhile ${runsDone.runs} runs (${runsDone.failed} not succeeded) and ${importsDone.imports} imports (${importsDone.failed} not succeeded)`,
    );
    const comments = await getSql()<{ n: number }[]>`select count(*)::int as n from clue_events where action = 'comment' and comment like '压力测试备注%'`;
    log(`备注 recorded in the database: ${comments[0].n} (warm-up included)`);
    return {
      load_p95_ms: Math.round(percentile(all, 95)),
      load_rps: Math.round((all.length / wall) * 10) / 10,
      load_errors: tally.errors + runsDone.failed + importsDone.failed,
    };
  } finally {
    await worker.proc.stop("SIGTERM", 15_000);
    await server.proc.stop("SIGTERM", 10_000);
  }
}

/** 100,000 criminal judgments for 西城区 (the generator's own file), imported again and again under the load. */
async function importFixture(dataDir: string): Promise<string> {
  const dir = path.join(dataDir, "load-import");
  await generate({ outDir: dir, scale: 100, seed: 11 });
  return path.join(dir, "criminal_judgment.csv");
}

export const loadGroup: BenchGroup = {
  name: "load",
  description: `${CLIENTS} signed-in users on the clue list, clue pages and 备注 for ${DEFAULT_SECONDS / 60} min (--duration), while models run and a file imports`,
  run: async () => {
    const missing = missingBuild();
    if (missing) throw new Error(`the load group needs a build: ${missing}`);
    return withBenchDatabase("load", async ({ services, dataDir }) => {
      process.env.REDIS_URL = services.redisUrl; // startRun and startImport enqueue
      await seedDemoData(services.databaseUrl, { clues: true });
      const [{ n }] = await getSql()<{ n: number }[]>`select count(*)::int as n from clues`;
      log(`demo data seeded: ${n} clues`);
      return measureLoad(services.databaseUrl, services.redisUrl, dataDir);
    });
  },
};

