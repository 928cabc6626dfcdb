// A private redis-server child (127.0.0.1, free port, no persistence) for `npm start` and `npm test`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { freePort } from "./net";
import { describeExit, LogTail, spawnManaged } from "./processes";

export interface RunningRedis {
  redisUrl: string;
  port: number;
  /** Resolves with a description if redis exits before stop() was called. */
  unexpectedExit: Promise<string>;
  stop(): Promise<void>;
}

export const REDIS_MISSING_MESSAGE =
  "redis-server was not found on PATH. Install it with `sudo apt-get install redis-server` (Debian/Ubuntu) " +
  "or `brew install redis` (macOS), or set REDIS_URL to an existing Redis (e.g. redis://127.0.0.1:6379).\n" +
  "未找到 redis-server：请执行 `sudo apt-get install redis-server`（Debian/Ubuntu）或 `brew install redis`（macOS）安装，" +
  "或设置 REDIS_URL 指向已有的 Redis。";

/** Full path of an executable found on PATH, or null. */
export function findOnPath(command: string, searchPath = process.env.PATH ?? ""): string | null {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

function canAptInstall(): boolean {
  return process.getuid?.() === 0 && fs.existsSync("/etc/debian_version") && findOnPath("apt-get") !== null;
}

function aptInstall(pkg: string, log: (s: string) => void): void {
  log(`redis-server is missing; installing it with apt-get (running as root) / 正在用 apt-get 安装 redis-server`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update"], ["install", "-y", "--no-install-recommends", pkg]]) {
    const result = spawnSync("apt-get", args, { stdio: "inherit", env });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed (exit ${result.status}).\n${REDIS_MISSING_MESSAGE}`);
  }
}

/** Path of redis-server; installs it via apt-get when we are root on Debian, otherwise explains what to do. */
export function ensureRedisServer(log: (s: string) => void): string {
  const found = findOnPath("redis-server");
  if (found) return found;
  if (!canAptInstall()) throw new Error(REDIS_MISSING_MESSAGE);
  aptInstall("redis-server", log);
  const installed = findOnPath("redis-server") ?? (fs.existsSync("/usr/bin/redis-server") ? "/usr/bin/redis-server" : null);
  if (!installed) throw new Error(`apt-get installed redis-server but it is still not on PATH.\n${REDIS_MISSING_MESSAGE}`);
  return installed;
}

const PID_FILE = "redis-server.pid";

/** A killed previous run (SIGKILL) leaves its detached redis-server running; stop it. */
function stopOrphanRedis(redisDir: string, log: (s: string) => void): void {
  const pidFile = path.join(redisDir, PID_FILE);
  if (!fs.existsSync(pidFile)) return;
  const pid = Number.parseInt(fs.readFileSync(pidFile, "utf8"), 10);
  fs.rmSync(pidFile, { force: true });
  let cmdline = "";
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return; // gone (or no /proc): nothing we can safely identify
  }
  if (!cmdline.startsWith("redis-server") && !cmdline.includes("/redis-server")) return;
  log(`Stopping a redis-server left running by a previous run (pid ${pid}) / 停止上次遗留的 redis-server`);
  process.kill(pid, "SIGTERM");
}

export async function startLocalRedis(dataDir: string, log: (s: string) => void): Promise<RunningRedis> {
  const binary = ensureRedisServer(log);
  const redisDir = path.join(dataDir, "redis");
  fs.mkdirSync(redisDir, { recursive: true });
  stopOrphanRedis(redisDir, log);
  const port = await freePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", redisDir, "--save", "", "--appendonly", "no"];
  // detached: a terminal Ctrl-C must not kill redis before the worker has shut down.
  const proc = spawnManaged("redis-server", binary, args, { detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const tail = new LogTail();
  proc.child.stderr?.on("data", (chunk: Buffer) => tail.push(chunk.toString()));

  const ready = new Promise<void>((resolve) => {
    proc.child.stdout?.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      tail.push(text);
      if (text.includes("Ready to accept connections")) resolve();
    });
  });
  const startupFailure = proc.exited.then((info) => {
    throw new Error(`redis-server exited during startup (${describeExit(info)}):\n${tail.toString()}`);
  });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`redis-server not ready after 15 s:\n${tail.toString()}`)), 15_000).unref(),
  );
  try {
    await Promise.race([ready, startupFailure, timeout]);
  } catch (err) {
    await proc.stop("SIGKILL", 1000);
    throw err;
  }
  startupFailure.catch(() => {}); // from here on, exits are reported through unexpectedExit
  fs.writeFileSync(path.join(redisDir, PID_FILE), String(proc.child.pid));

  let stopping = false;
  log(`Redis ready on 127.0.0.1:${port}`);
  return {
    redisUrl: `redis://127.0.0.1:${port}`,
    port,
    unexpectedExit: proc.exited.then(
      (info) => (stopping ? new Promise<string>(() => {}) : `redis-server exited (${describeExit(info)}):\n${tail.toString()}`),
    ),
    stop: async () => {
      stopping = true;
      await proc.stop("SIGTERM", 10_000);
      fs.rmSync(path.join(redisDir, PID_FILE), { force: true });
    },
  };
}
