// `npm test`: throwaway PostgreSQL + Redis in a temp dir, a migrated `template_test` database for
// integration tests to clone, `next build` if needed, `vitest run`, then Playwright against a
// seeded `e2e` database. Always stops the services; exits non-zero if any phase failed.
//
// Arguments (after `npm test --`):
//   --only unit|e2e        run one phase (unit = vitest: unit + integration tests; e2e = Playwright)
//   <file or filter>       *.spec.ts or tests/e2e/… → Playwright, anything else → vitest; with only
//                          one kind given, only that phase runs
//   -x / --flag value      forwarded to vitest; to Playwright with --only e2e or when only
//                          Playwright files are named (npm test -- tests/e2e/a.spec.ts -g "title")
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runMigrations } from "../db/migrate";
import { seedDemo } from "../db/seed";
import { ensureBuild } from "./build";
import { assertLocalDatabaseUrl, databaseUrlFor, dropDatabase, recreateDatabase } from "./database-admin";
import { freePort } from "./net";
import { runToCompletion, signalForeground, spawnManaged } from "./processes";
import { WORKER_NODE_ARGS } from "./worker-command";
import { startServices, type Services } from "./services";

const ROOT = path.resolve(import.meta.dirname, "..");
const TEMPLATE_DB = "template_test";
const VITEST_DB = "test"; // DATABASE_URL for tests that do not clone their own
const E2E_DB = "e2e";
const E2E_API_KEY = "dj_e2e_test_key_0123456789abcdefghijkl";

type Phase = "unit" | "e2e";

interface Plan {
  phases: Phase[];
  vitestArgs: string[];
  playwrightArgs: string[];
  /** The launcher test and Playwright need a current `next build`. */
  needsBuild: boolean;
}

interface PhaseResult {
  name: string;
  code: number;
  seconds: number;
}

const log = (s: string): void => console.log(`[test] ${s}`);

function parseOnly(value: string | undefined): Phase {
  if (value === "unit" || value === "vitest" || value === "integration") return "unit";
  if (value === "e2e" || value === "playwright") return "e2e";
  throw new Error(`--only takes unit or e2e, got "${value ?? ""}"`);
}

const isE2eTarget = (arg: string): boolean => /\.spec\.tsx?$/.test(arg) || arg.replace(/^\.\//, "").startsWith("tests/e2e");
const looksLikePath = (arg: string): boolean => arg.includes("/") || /\.tsx?$/.test(arg);

/** Splits CLI words into flags (with the value that follows a bare flag, e.g. `-t "name"`) and targets. */
function splitArgs(words: string[]): { flags: string[]; targets: string[] } {
  const flags: string[] = [];
  const targets: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? "";
    if (!word.startsWith("-")) {
      targets.push(word);
      continue;
    }
    flags.push(word);
    const next = words[i + 1];
    if (!word.includes("=") && next !== undefined && !next.startsWith("-") && !looksLikePath(next)) flags.push(words[++i] ?? "");
  }
  return { flags, targets };
}

function planFromArgs(argv: string[]): Plan {
  let only: Phase | null = null;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--only") only = parseOnly(argv[++i]);
    else if (arg.startsWith("--only=")) only = parseOnly(arg.slice("--only=".length));
    else rest.push(arg);
  }
  if (only === "unit") return { phases: ["unit"], vitestArgs: rest, playwrightArgs: [], needsBuild: vitestNeedsBuild(splitArgs(rest).targets) };
  if (only === "e2e") return { phases: ["e2e"], vitestArgs: [], playwrightArgs: rest, needsBuild: true };

  const { flags, targets } = splitArgs(rest);
  const e2eTargets = targets.filter(isE2eTarget);
  const vitestTargets = targets.filter((t) => !isE2eTarget(t));
  if (e2eTargets.length > 0 && vitestTargets.length === 0) {
    // Only Playwright files named: the flags are Playwright's too (e.g. -g "title").
    return { phases: ["e2e"], vitestArgs: [], playwrightArgs: [...e2eTargets, ...flags], needsBuild: true };
  }
  // No arguments → everything; vitest files or flags only → vitest only.
  const phases: Phase[] = rest.length === 0 || e2eTargets.length > 0 ? ["unit", "e2e"] : ["unit"];
  const vitestArgs = [...vitestTargets, ...flags];
  return { phases, vitestArgs, playwrightArgs: e2eTargets, needsBuild: phases.includes("e2e") || vitestNeedsBuild(vitestTargets) };
}

/** A vitest run filtered by file only needs the build when the filter may match a test that starts
 * the built app: the launcher test, tests/integration/built-server-*.test.ts. */
function vitestNeedsBuild(targets: string[]): boolean {
  const mayMatch = (t: string): boolean => ["tests/integration/launcher.test.ts", "tests/integration/built-server-"].some((p) => p.includes(t)) || /launcher|built-server/.test(t);
  return targets.length === 0 || targets.some(mayMatch);
}

/** The services' own URL with a Redis logical database, so e2e keys stay apart from vitest's. */
function redisUrlWithDb(url: string, db: number): string {
  const parsed = new URL(url);
  if (parsed.pathname && parsed.pathname !== "/") return url; // the caller chose a db already
  parsed.pathname = `/${db}`;
  return parsed.toString();
}

function adminUrlOf(services: Services): string {
  return services.adminDatabaseUrl ?? databaseUrlFor(services.databaseUrl, "postgres");
}

async function prepareTemplate(adminUrl: string): Promise<void> {
  await recreateDatabase(adminUrl, TEMPLATE_DB);
  await runMigrations(databaseUrlFor(adminUrl, TEMPLATE_DB));
  await recreateDatabase(adminUrl, VITEST_DB, TEMPLATE_DB);
}

async function timed(name: string, run: () => Promise<number>): Promise<PhaseResult> {
  const started = Date.now();
  log(`── ${name} ──`);
  const code = await run();
  return { name, code, seconds: (Date.now() - started) / 1000 };
}

async function runVitest(env: NodeJS.ProcessEnv, args: string[]): Promise<number> {
  return runToCompletion(process.execPath, ["node_modules/vitest/vitest.mjs", "run", ...args], { cwd: ROOT, env });
}

async function runPlaywright(services: Services, env: NodeJS.ProcessEnv, args: string[]): Promise<number> {
  const adminUrl = adminUrlOf(services);
  await recreateDatabase(adminUrl, E2E_DB, TEMPLATE_DB);
  const e2eUrl = databaseUrlFor(adminUrl, E2E_DB);
  await runMigrations(e2eUrl); // no-op on the clone; keeps e2e right if the template step changes
  await seedDemo(e2eUrl, { apiKey: E2E_API_KEY });
  const e2eEnv: NodeJS.ProcessEnv = {
    ...env,
    DATABASE_URL: e2eUrl,
    REDIS_URL: redisUrlWithDb(services.redisUrl, 1),
    E2E_API_KEY,
    E2E_PORT: String(await freePort()),
  };
  // Imports and runs started in the browser need a worker, as under npm start.
  const worker = spawnManaged("worker", process.execPath, WORKER_NODE_ARGS, { cwd: ROOT, env: e2eEnv, stdio: ["ignore", "inherit", "inherit"] });
  try {
    return await runToCompletion(process.execPath, ["node_modules/@playwright/test/cli.js", "test", ...args], { cwd: ROOT, env: e2eEnv });
  } finally {
    await worker.stop();
  }
}

function harnessEnv(services: Services): NodeJS.ProcessEnv {
  const adminUrl = adminUrlOf(services);
  return {
    ...process.env,
    DATABASE_URL: databaseUrlFor(adminUrl, VITEST_DB),
    REDIS_URL: services.redisUrl,
    AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
    AUTH_TRUST_HOST: "true",
    TEST_TEMPLATE_DB: TEMPLATE_DB,
    TEST_ADMIN_DATABASE_URL: adminUrl,
  };
}

async function buildIfNeeded(env: NodeJS.ProcessEnv): Promise<number> {
  try {
    await ensureBuild(ROOT, env, log);
    return 0;
  } catch (err) {
    log(err instanceof Error ? err.message : String(err));
    return 1;
  }
}

async function runPhases(plan: Plan, services: Services, interrupted: () => boolean): Promise<PhaseResult[]> {
  const env = harnessEnv(services);
  const results: PhaseResult[] = [];
  if (interrupted()) return [{ name: "interrupted", code: 130, seconds: 0 }];
  if (plan.needsBuild) {
    results.push(await timed("next build", () => buildIfNeeded(env)));
    if (results[0]?.code !== 0) return results; // every later phase would test a stale or missing build
  }
  if (plan.phases.includes("unit") && !interrupted()) results.push(await timed("vitest", () => runVitest(env, plan.vitestArgs)));
  if (plan.phases.includes("e2e") && !interrupted()) {
    results.push(await timed("playwright", () => runPlaywright(services, env, plan.playwrightArgs)));
  }
  if (interrupted()) results.push({ name: "interrupted", code: 130, seconds: 0 });
  return results;
}

/** On a given (local) server, remove what we created; a throwaway server is deleted whole. */
async function dropHarnessDatabases(services: Services): Promise<void> {
  if (services.adminDatabaseUrl) return;
  for (const name of [E2E_DB, VITEST_DB, TEMPLATE_DB]) {
    await dropDatabase(adminUrlOf(services), name).catch((err: unknown) => log(`dropping ${name} failed: ${String(err)}`));
  }
}

function printSummary(results: PhaseResult[], totalSeconds: number): void {
  console.log("");
  for (const r of results) log(`${r.code === 0 ? "PASS" : "FAIL"}  ${r.name.padEnd(12)} ${r.seconds.toFixed(1)} s`);
  log(`Total time: ${totalSeconds.toFixed(1)} s`);
}

async function main(): Promise<number> {
  const started = Date.now();
  let plan: Plan;
  try {
    plan = planFromArgs(process.argv.slice(2));
    if (process.env.DATABASE_URL) assertLocalDatabaseUrl(process.env.DATABASE_URL);
  } catch (err) {
    console.error(`[test] ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shujian-test-"));
  let services: Services | null = null;
  // Ctrl-C reaches vitest/Playwright directly; we only skip later phases and still clean up.
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupted = true;
    signalForeground(signal);
    log("Interrupted; stopping services after the current phase exits…");
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  let results: PhaseResult[] = [];
  try {
    services = await startServices({ dataDir, log });
    await prepareTemplate(adminUrlOf(services));
    results = await runPhases(plan, services, () => interrupted);
  } catch (err) {
    console.error(`[test] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    results.push({ name: "harness", code: 1, seconds: 0 });
  } finally {
    if (services) await dropHarnessDatabases(services);
    await services?.stop().catch((err: unknown) => log(`stopping services failed: ${String(err)}`));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  printSummary(results, (Date.now() - started) / 1000);
  return results.some((r) => r.code !== 0) ? 1 : 0;
}

process.exit(await main());
