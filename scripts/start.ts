// `npm start` (next build + the web server, scripts/web-server.mjs) and `npm run dev` (--dev: next dev): one command that
// starts PostgreSQL + Redis (unless DATABASE_URL / REDIS_URL are set), migrates, seeds the demo,
// builds if needed, runs the web server and the worker, and stops all of it on Ctrl-C.
import path from "node:path";
import { config as loadDotenv } from "dotenv";
import { runMigrations } from "../db/migrate";
import { DEMO_ACCOUNTS, seedDemo } from "../db/seed";
import { formatBanner } from "./banner";
import { ensureBuild, NEXT_BIN, WEB_SERVER } from "./build";
import { loadOrCreateAuthSecret, readDemoApiKey, saveDemoApiKey } from "./local-secrets";
import { HEALTH_PATH, isHealthy } from "./health-check";
import { portInUse, waitForHttp } from "./net";
import { describeExit, signalForeground, spawnManaged, type ManagedProcess } from "./processes";
import { startServices, type Services } from "./services";
import { Shutdown, ShutdownRequested } from "./shutdown";
import { WORKER_NODE_ARGS } from "./worker-command";

const ROOT = path.resolve(import.meta.dirname, "..");
// An endpoint that takes the API key, for the example curl in the banner.
const EXAMPLE_API_PATH = "/api/v1/me";

interface Settings {
  dev: boolean;
  port: number;
  dataDir: string;
  startWorker: boolean;
}

const log = (s: string): void => console.log(`[start] ${s}`);

function readSettings(argv: string[]): Settings {
  loadDotenv({ path: path.join(ROOT, ".env"), quiet: true }); // no-op without a .env
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`PORT must be a TCP port number, got "${process.env.PORT}"`);
  return {
    dev: argv.includes("--dev"),
    port,
    dataDir: path.resolve(ROOT, process.env.DATA_DIR ?? ".data"),
    // docker-compose runs the worker as its own service.
    startWorker: !["0", "false", "no"].includes((process.env.START_WORKER ?? "").toLowerCase()),
  };
}

/** Migrates the database and seeds the demo; returns the demo API key to show (if known). */
async function prepareDatabase(databaseUrl: string, dataDir: string): Promise<string | null> {
  log("Applying database migrations / 正在执行数据库迁移…");
  await runMigrations(databaseUrl);
  const chosenKey = process.env.DEMO_API_KEY || undefined; // compose passes "" when unset
  const seeded = await seedDemo(databaseUrl, { apiKey: chosenKey });
  if (seeded.apiKey) saveDemoApiKey(dataDir, seeded.apiKey);
  log(seeded.seeded ? "Seeded the demo data / 已写入演示数据" : "Database already has data; demo seed skipped / 已有数据，跳过演示数据");
  return seeded.apiKey ?? chosenKey ?? readDemoApiKey(dataDir);
}

/** Spawns a long-running child in its own process group, so Ctrl-C reaches only us and we stop it in order. */
function spawnChild(name: string, args: string[], env: NodeJS.ProcessEnv, shutdown: Shutdown): ManagedProcess {
  const proc = spawnManaged(name, process.execPath, args, { cwd: ROOT, env, stdio: "inherit", detached: true });
  shutdown.onCleanup(name, async () => void (await proc.stop("SIGTERM", 10_000)));
  void proc.exited.then((info) => {
    if (!shutdown.isRequested()) shutdown.request({ reason: `${name} exited unexpectedly (${describeExit(info)})`, exitCode: 1 });
  });
  return proc;
}

function childEnv(settings: Settings, services: Services, authSecret: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: services.databaseUrl,
    REDIS_URL: services.redisUrl,
    AUTH_SECRET: authSecret,
    AUTH_TRUST_HOST: "true",
    PORT: String(settings.port),
    DATA_DIR: settings.dataDir,
  };
}

async function startServer(settings: Settings, env: NodeJS.ProcessEnv, shutdown: Shutdown): Promise<void> {
  if (!settings.dev) await shutdown.race(ensureBuild(ROOT, env, log));
  const server = settings.dev
    ? spawnChild("next dev", [NEXT_BIN, "dev", "-p", String(settings.port)], env, shutdown)
    : spawnChild("web server", [WEB_SERVER, ROOT, String(settings.port)], env, shutdown);
  if (settings.startWorker) spawnChild("worker", WORKER_NODE_ARGS, env, shutdown);
  const url = `http://127.0.0.1:${settings.port}${HEALTH_PATH}`;
  log(`Waiting for ${url} / 等待服务就绪…`);
  await shutdown.race(
    waitForHttp(url, {
      timeoutMs: settings.dev ? 180_000 : 90_000,
      accept: isHealthy,
      abortReason: () => (server.isRunning() ? null : "the web server exited"),
    }),
  );
}

async function run(settings: Settings, shutdown: Shutdown): Promise<void> {
  if (await portInUse(settings.port)) {
    throw new Error(`端口 ${settings.port} 已被占用 / Port ${settings.port} is already in use. Stop the other server or run with PORT=<free port>.`);
  }
  const { secret } = loadOrCreateAuthSecret(settings.dataDir, process.env.AUTH_SECRET);
  // Not raced: a Ctrl-C during these ~2 s waits for them, so their cleanup gets registered.
  const services = await startServices({ dataDir: settings.dataDir, log });
  shutdown.onCleanup("services", () => services.stop());
  void services.unexpectedExit.then((reason) => shutdown.request({ reason, exitCode: 1 }));

  const apiKey = await shutdown.race(prepareDatabase(services.databaseUrl, settings.dataDir));
  await startServer(settings, childEnv(settings, services, secret), shutdown);
  const url = `http://localhost:${settings.port}`;
  const mode = settings.dev ? "dev" : "production";
  console.log(formatBanner({ url, accounts: DEMO_ACCOUNTS, apiKey, exampleApiPath: EXAMPLE_API_PATH, dataDir: settings.dataDir, databaseUrl: services.databaseUrl, mode }));
}

async function main(): Promise<number> {
  const shutdown = new Shutdown(log);
  shutdown.handleSignals(); // before anything starts, so Ctrl-C during startup also cleans up
  void shutdown.requested.then(() => signalForeground("SIGTERM")); // e.g. a running next build
  let exitCode = 0;
  try {
    await run(readSettings(process.argv.slice(2)), shutdown);
    const request = await shutdown.requested;
    log(`Stopping (${request.reason}) / 正在停止…`);
    exitCode = request.exitCode;
  } catch (err) {
    if (err instanceof ShutdownRequested) {
      log(`Stopping during startup (${err.request.reason}) / 启动中止`);
      exitCode = err.request.exitCode;
    } else {
      console.error(`\n[start] 启动失败 / Failed: ${err instanceof Error ? err.message : String(err)}`);
      exitCode = 1;
    }
  }
  const cleanedUp = await shutdown.runCleanups();
  log(exitCode === 0 && cleanedUp ? "Stopped / 已停止" : `Stopped / 已停止 (exit code ${exitCode || 1})`);
  return cleanedUp ? exitCode : exitCode || 1;
}

process.exit(await main());
