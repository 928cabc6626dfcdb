// Small network helpers shared by the launcher, the test harness, the bench and tests.
import net from "node:net";

/** Asks the OS for a free TCP port on 127.0.0.1 (listen on 0, read it back, close). */
export async function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("could not read the free port"))));
    });
  });
}

/**
 * True when something already listens on `port`. Listens without a host, the way
 * `next start` binds (all interfaces), so a server on 0.0.0.0 or :: is detected too.
 */
export async function portInUse(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once("error", (err: NodeJS.ErrnoException) => resolve(err.code === "EADDRINUSE" || err.code === "EACCES"));
    server.listen(port, () => server.close(() => resolve(false)));
  });
}

/** True when a TCP connection to host:port succeeds (used to check that ports were closed). */
export async function canConnect(port: number, host = "127.0.0.1", timeoutMs = 1000): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

export interface HttpAnswer {
  status: number;
  body: string;
}

export interface WaitForHttpOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Decides whether an answer counts as ready; default: HTTP 200. */
  accept?: (answer: HttpAnswer) => boolean;
  /** Checked between attempts; a returned message aborts the wait (e.g. "server exited"). */
  abortReason?: () => string | null;
}

/** Polls `url` until `accept` approves an answer; throws with the last answer or error on timeout. */
export async function waitForHttp(url: string, options: WaitForHttpOptions): Promise<HttpAnswer> {
  const accept = options.accept ?? ((answer: HttpAnswer): boolean => answer.status === 200);
  const deadline = Date.now() + options.timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    const aborted = options.abortReason?.() ?? null;
    if (aborted) throw new Error(`stopped waiting for ${url}: ${aborted}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      const answer: HttpAnswer = { status: res.status, body: await res.text() };
      if (accept(answer)) return answer;
      last = `HTTP ${answer.status} ${answer.body.slice(0, 300)}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await sleep(options.intervalMs ?? 250);
  }
  throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${url} (last: ${last})`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
