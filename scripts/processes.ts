// Child-process helpers: one PID per service, exits observable, stop = SIGTERM then SIGKILL.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** Resolves once the process has exited (never rejects). */
  exited: Promise<ExitInfo>;
  isRunning(): boolean;
  /** Sends `signal`, waits up to `timeoutMs`, then SIGKILLs. A no-op when already exited. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<ExitInfo>;
}

// Every process started here, so an unexpected exit of this process still takes them down.
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort only: orderly shutdown happens in the callers. Children are spawned
  // detached (own process group), so nothing else would stop them if we crash.
  process.on("exit", () => {
    for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
}

export function spawnManaged(name: string, command: string, args: string[], options: SpawnOptions): ManagedProcess {
  installExitHook();
  const child = spawn(command, args, options);
  running.add(child);
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once("exit", (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
    // A spawn failure (ENOENT) emits "error" and never "exit".
    child.once("error", () => {
      running.delete(child);
      resolve({ code: 127, signal: null });
    });
  });
  const isRunning = (): boolean => running.has(child);
  const stop = async (signal: NodeJS.Signals = "SIGTERM", timeoutMs = 10_000): Promise<ExitInfo> => {
    if (!isRunning()) return exited;
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    const info = await exited;
    clearTimeout(timer);
    return info;
  };
  return { name, child, exited, isRunning, stop };
}

// Commands run to completion in the foreground (next build, vitest, playwright).
const foreground = new Set<ManagedProcess>();

/** Runs a command to completion with inherited stdio; resolves with its exit code (1 when killed by a signal). */
export async function runToCompletion(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<number> {
  const proc = spawnManaged(args.join(" "), command, args, { ...options, stdio: "inherit" });
  foreground.add(proc);
  const info = await proc.exited;
  foreground.delete(proc);
  return info.code ?? 1;
}

/** Passes a signal on to foreground commands (a `kill` of our PID does not reach them by itself). */
export function signalForeground(signal: NodeJS.Signals): void {
  for (const proc of foreground) if (proc.isRunning()) proc.child.kill(signal);
}

export function describeExit(info: ExitInfo): string {
  return info.signal ? `signal ${info.signal}` : `exit code ${info.code ?? "?"}`;
}

/** Keeps the last `max` lines of a stream's output, to quote in error messages. */
export class LogTail {
  private readonly lines: string[] = [];
  constructor(private readonly max = 40) {}

  push(text: string): void {
    for (const line of text.split(/\r?\n/)) {
      if (line.trim() === "") continue;
      this.lines.push(line);
      if (this.lines.length > this.max) this.lines.shift();
    }
  }

  toString(): string {
    return this.lines.join("\n");
  }
}
