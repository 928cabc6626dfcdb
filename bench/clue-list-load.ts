// The clue list page under load: the production web server pointed at the bench database, N
// clients signed in through next-auth's credentials endpoint, each requesting the page in a loop
// (next request as soon as the last body has arrived); latency = request sent → whole body read.
// Clients ask for a compressed page as a browser does and count its bytes without inflating them:
// the load generator shares the server's cores, and inflating is the browser's work, not the server's.
// Measured only once the server is warm (see warmUp). Needs a build (.next/BUILD_ID); the bench never builds.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { WEB_SERVER } from "../scripts/build";
import { HEALTH_PATH, isHealthy } from "../scripts/health-check";
import { freePort, waitForHttp } from "../scripts/net";
import { LogTail, spawnManaged, type ManagedProcess } from "../scripts/processes";

const ROOT = path.resolve(import.meta.dirname, "..");

/** The project whose build is served: this checkout, or BENCH_NEXT_DIR (a copy with its own .next). */
export function nextProjectDir(): string {
  return path.resolve(process.env.BENCH_NEXT_DIR ?? ROOT);
}

/** Why the HTTP figures cannot be measured (no build), or null. */
export function missingBuild(): string | null {
  const file = path.join(nextProjectDir(), ".next", "BUILD_ID");
  return fs.existsSync(file) ? null : `${path.relative(process.cwd(), file) || file} missing (run next build first)`;
}

export interface LoadOptions {
  databaseUrl: string;
  redisUrl: string;
  dataDir: string;
  /** e.g. "/clues?status=new" */
  pagePath: string;
  username: string;
  password: string;
  clients: number;
  seconds: number;
  /** A text the page must contain when it lists the bench's clues (checked on the warm-up answers). */
  expectText?: string;
}

export interface LoadResult {
  requests: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  perSecond: number;
  /** One client alone (service time without queueing), for the diagnosis. */
  singleClientP50Ms: number;
  /** CPU time of the next-server process per request under load (user + system). */
  serverCpuMsPerRequest: number;
  /** Whether the page's HTML contained `expectText`. */
  sawExpectedText: boolean;
  /** Bytes of the page as sent (compressed). */
  bodyBytes: number;
  /** Requests per second in each warm-up window, e.g. "38 → 61 → 80 → 84". */
  warmUpPerSecond: string;
}

export interface Server {
  proc: ManagedProcess;
  origin: string;
  log: LogTail;
}

export async function startNext(options: Pick<LoadOptions, "databaseUrl" | "redisUrl" | "dataDir">): Promise<Server> {
  const port = await freePort();
  const log = new LogTail(60);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    AUTH_TRUST_HOST: "true",
    PORT: String(port),
    DATA_DIR: options.dataDir,
    UPLOAD_DIR: path.join(options.dataDir, "uploads"),
    NODE_ENV: "production",
  };
  // One PID owns the server (no npx/sh in between), as scripts/start.ts does.
  const dir = nextProjectDir();
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server for a diagnosis.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  // The server `npm start` runs: the build served by one process per core (scripts/web-server.mjs).
  const proc = spawnManaged("web server", process.execPath, [...nodeArgs, path.join(ROOT, WEB_SERVER), dir, String(port)], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
  proc.child.stdout?.on("data", (b: Buffer) => log.push(b.toString()));
  proc.child.stderr?.on("data", (b: Buffer) => log.push(b.toString()));
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${origin}${HEALTH_PATH}`, {
      timeoutMs: 60_000,
      accept: isHealthy,
      abortReason: () => (proc.isRunning() ? null : `next start exited:\n${log.toString()}`),
    });
  } catch (error) {
    await proc.stop("SIGTERM", 10_000);
    throw error;
  }
  return { proc, origin, log };
}

/** name=value pairs of the Set-Cookie headers, merged into `jar`. */
function storeCookies(jar: Map<string, string>, res: Response): void {
  for (const header of res.headers.getSetCookie()) {
    const pair = header.split(";", 1)[0];
    const eq = pair.indexOf("=");
    if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
}

function cookieHeader(jar: Map<string, string>): string {
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

/** next-auth v5 credentials sign-in: csrf token (cookie + body), then the callback; answers the Cookie header. */
export async function signIn(origin: string, username: string, password: string, callbackPath: string): Promise<string> {
  const jar = new Map<string, string>();
  const csrfRes = await fetch(`${origin}/api/auth/csrf`);
  storeCookies(jar, csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken?: string };
  if (!csrfToken) throw new Error("sign-in: /api/auth/csrf answered no csrfToken");
  const res = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ username, password, csrfToken, callbackUrl: `${origin}${callbackPath}` }).toString(),
  });
  await res.arrayBuffer();
  storeCookies(jar, res);
  const location = res.headers.get("location") ?? "";
  if (res.status >= 400 || /[?&]error=/.test(location) || ![...jar.keys()].some((k) => k.includes("session-token"))) {
    throw new Error(`sign-in as ${username} failed: HTTP ${res.status} → ${location || "(no redirect)"}`);
  }
  return cookieHeader(jar);
}

interface ClientState {
  url: URL;
  agent: http.Agent;
  cookie: string;
  deadline: number;
  latencies: number[];
  bytes: number;
}

/** Chromium's Accept-Encoding: the server compresses the page as it would for a prosecutor's browser. */
const ACCEPT_ENCODING = "gzip, deflate, br, zstd";

/** One GET on a kept-alive connection: status and body bytes as sent (still compressed). */
function get(state: ClientState): Promise<{ status: number; bytes: number; location: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(state.url, { agent: state.agent, headers: { cookie: state.cookie, "accept-encoding": ACCEPT_ENCODING } }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => (bytes += chunk.length));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes, location: String(res.headers.location ?? "") }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

/** One client: request after request until the deadline. A non-200 answer stops the bench (signed out, error page). */
async function clientLoop(state: ClientState): Promise<void> {
  while (performance.now() < state.deadline) {
    const started = performance.now();
    const res = await get(state);
    const elapsed = performance.now() - started;
    if (res.status !== 200) throw new Error(`GET ${state.url.pathname}${state.url.search} answered HTTP ${res.status} ${res.location}`);
    state.latencies.push(elapsed);
    state.bytes = res.bytes;
  }
}

/** The fields after the name in /proc/<pid>/stat, or null when the process is gone. */
function procStat(pid: number): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** user + system CPU milliseconds so far of a process and its children (the web server's processes; Linux /proc). */
function cpuMs(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  let total = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = procStat(Number(entry));
    // Field 4 of the line is the parent pid; utime and stime are fields 14 and 15, in 1/100 s.
    if (fields && (Number(entry) === pid || Number(fields[1]) === pid)) total += (Number(fields[11]) + Number(fields[12])) * 10;
  }
  return total;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function runClients(url: string, cookies: string[], seconds: number): Promise<{ latencies: number[]; bytes: number }> {
  const deadline = performance.now() + seconds * 1000;
  const agent = new http.Agent({ keepAlive: true, maxSockets: cookies.length });
  const states: ClientState[] = cookies.map((cookie) => ({ url: new URL(url), agent, cookie, deadline, latencies: [], bytes: 0 }));
  try {
    await Promise.all(states.map(clientLoop));
  } finally {
    agent.destroy();
  }
  return { latencies: states.flatMap((s) => s.latencies), bytes: states[0]?.bytes ?? 0 };
}

const WARM_WINDOW_S = 5;
const WARM_MIN_S = 40;
const WARM_MAX_S = 90;

/**
 * Loads the page in 5-second windows until the server is warm: two windows in a row no more than 5%
 * faster than the best before them (at least 40 s, at most 90 s). A fresh server is far from its
 * steady state: its routes load lazily and V8 optimises the render path only after thousands of
 * requests (here CPU per request fell from ~40 ms in the first seconds to ~17 ms after 30-40 s, and a
 * single plateau on the way was noise as often as not). A prosecutor meets the warm server; the cold
 * one is start-up, measured by the start group.
 */
async function warmUp(url: string, cookies: string[]): Promise<string> {
  const counts: number[] = [];
  while (counts.length * WARM_WINDOW_S < WARM_MAX_S) {
    counts.push((await runClients(url, cookies, WARM_WINDOW_S)).latencies.length);
    const n = counts.length;
    const flat = (i: number): boolean => counts[i] <= Math.max(...counts.slice(0, i)) * 1.05;
    if (n * WARM_WINDOW_S >= WARM_MIN_S && flat(n - 1) && flat(n - 2)) break;
  }
  return counts.map((n) => (n / WARM_WINDOW_S).toFixed(0)).join(" → ");
}

/** Starts the server, signs the clients in, warms the page, then measures for `seconds`. */
export async function measurePageUnderLoad(options: LoadOptions): Promise<LoadResult> {
  const server = await startNext(options);
  try {
    const url = `${server.origin}${options.pagePath}`;
    const cookies: string[] = [];
    for (let i = 0; i < options.clients; i++) cookies.push(await signIn(server.origin, options.username, options.password, options.pagePath));
    const first = await fetch(url, { redirect: "manual", headers: { cookie: cookies[0] } });
    const html = await first.text();
    if (first.status !== 200) throw new Error(`GET ${options.pagePath} answered HTTP ${first.status} ${first.headers.get("location") ?? ""}`);
    const sawExpectedText = options.expectText ? html.includes(options.expectText) : true;
    const warmUpPerSecond = await warmUp(url, cookies);
    const single = (await runClients(url, cookies.slice(0, 1), Math.min(5, options.seconds))).latencies.sort((a, b) => a - b);
    const cpuBefore = cpuMs(server.proc.child.pid);
    const started = performance.now();
    const { latencies, bytes } = await runClients(url, cookies, options.seconds);
    const wall = (performance.now() - started) / 1000;
    const serverCpu = cpuMs(server.proc.child.pid) - cpuBefore;
    latencies.sort((a, b) => a - b);
    return {
      requests: latencies.length,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      maxMs: latencies[latencies.length - 1] ?? Number.NaN,
      perSecond: latencies.length / wall,
      singleClientP50Ms: percentile(single, 50),
      serverCpuMsPerRequest: serverCpu / latencies.length,
      sawExpectedText,
      bodyBytes: bytes,
      warmUpPerSecond,
    };
  } catch (error) {
    throw new Error(`${(error as Error).message}\n[next start output]\n${server.log.toString()}`);
  } finally {
    await server.proc.stop("SIGTERM", 10_000);
  }
}
