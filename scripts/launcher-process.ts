// Runs scripts/start.ts as a child (one PID: node --import tsx) for the launcher test and the bench.
import path from "node:path";
import { HEALTH_PATH, isHealthy } from "./health-check";
import { waitForHttp, type HttpAnswer } from "./net";
import { spawnManaged, type ExitInfo, type ManagedProcess } from "./processes";

const ROOT = path.resolve(import.meta.dirname, "..");

export interface LauncherOptions {
  dataDir: string;
  port: number;
  /** Extra environment; DATABASE_URL, REDIS_URL and AUTH_SECRET are removed so the launcher starts its own. */
  env?: NodeJS.ProcessEnv;
}

export interface Launcher {
  proc: ManagedProcess;
  healthUrl: string;
  /** Everything the launcher printed so far (stdout + stderr). */
  output(): string;
  /** Waits for /api/v1/health to answer 200 with database and redis up. */
  waitHealthy(timeoutMs: number): Promise<HttpAnswer>;
  /** Sends SIGINT (like Ctrl-C) and waits for the exit. */
  interrupt(timeoutMs?: number): Promise<ExitInfo>;
}

function launcherEnv(options: LauncherOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, DATA_DIR: options.dataDir, PORT: String(options.port) };
  for (const key of ["DATABASE_URL", "REDIS_URL", "AUTH_SECRET", "DEMO_API_KEY", "NODE_ENV"]) delete env[key];
  return env;
}

export function spawnLauncher(options: LauncherOptions): Launcher {
  const proc = spawnManaged("npm start", process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/start.ts"], {
    cwd: ROOT,
    env: launcherEnv(options),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  proc.child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  proc.child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const healthUrl = `http://127.0.0.1:${options.port}${HEALTH_PATH}`;
  return {
    proc,
    healthUrl,
    output: () => output,
    waitHealthy: (timeoutMs: number) =>
      waitForHttp(healthUrl, {
        timeoutMs,
        accept: isHealthy,
        abortReason: () => (proc.isRunning() ? null : `the launcher exited; output:\n${output.slice(-3000)}`),
      }),
    interrupt: (timeoutMs = 30_000) => proc.stop("SIGINT", timeoutMs),
  };
}
