// The production web server (scripts/web-server.mjs, the built app) as a child, for tests and
// benches that must cross the real HTTP door: the proxy, body handling, headers, the socket's
// address. Needs a current `next build` (npm test builds before running a file whose name contains
// "built-server"; the bench calls ensureBuild).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { Readable } from "node:stream";
import { freePort, waitForHttp } from "./net";
import { LogTail, spawnManaged, type ManagedProcess } from "./processes";

const ROOT = path.resolve(import.meta.dirname, "..");
/** Another checkout's build to run the same tests against (e.g. main before a fix); default this one. */
const APP_DIR = process.env.TEST_BUILT_APP_DIR ?? ROOT;

export interface WebServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  proc: ManagedProcess;
  /** The server's last log lines (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

/** One web server process on a free port, on the current DATABASE_URL / REDIS_URL plus `env`. */
export async function startWebServer(env: Record<string, string> = {}): Promise<WebServer> {
  if (!fs.existsSync(path.join(APP_DIR, ".next", "BUILD_ID"))) throw new Error(`no \`next build\` in ${APP_DIR}: run tests through \`npm test -- <file>\``);
  const port = await freePort();
  const proc = spawnManaged("web-server", process.execPath, ["scripts/web-server.mjs", ".", String(port)], {
    cwd: APP_DIR,
    // A throwaway signing secret unless the caller has one (sessions only need to outlive the test).
    env: { AUTH_SECRET: randomBytes(32).toString("base64url"), ...process.env, WEB_CONCURRENCY: "1", AUTH_TRUST_HOST: "true", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const tail = new LogTail(60);
  proc.child.stdout?.on("data", (b: Buffer) => tail.push(b.toString()));
  proc.child.stderr?.on("data", (b: Buffer) => tail.push(b.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/api/v1/health`, { timeoutMs: 60_000, abortReason: () => (proc.isRunning() ? null : `server exited:\n${tail}`) });
  return { url, proc, log: () => tail.toString(), stop: async () => void (await proc.stop("SIGTERM", 10_000)) };
}

/** Cookies from Set-Cookie headers, as one Cookie header value (name=value; …). */
function cookiesOf(res: Response, previous = ""): string {
  const jar = new Map(previous.split("; ").filter(Boolean).map((c) => c.split("=", 2) as [string, string]));
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair.indexOf("=");
    jar.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

export interface SignInAnswer {
  /** The Cookie header for later requests (with the session cookie when signed in). */
  cookie: string;
  signedIn: boolean;
  /** Why Auth.js refused (e.g. "invalid", "rate_limited"), from its redirect. */
  code: string | null;
}

/** Signs in through Auth.js's credentials endpoint, as a browser would (CSRF token and cookie). */
export async function signInOverHttp(baseUrl: string, username: string, password: string, headers: Record<string, string> = {}): Promise<SignInAnswer> {
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`, { headers });
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  let cookie = cookiesOf(csrfRes);
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, cookie, "content-type": "application/x-www-form-urlencoded", origin: baseUrl },
    body: new URLSearchParams({ csrfToken, username, password, callbackUrl: `${baseUrl}/` }),
  });
  cookie = cookiesOf(res, cookie);
  const location = new URL(res.headers.get("location") ?? "/", baseUrl);
  const signedIn = /session-token=/.test(cookie);
  return { cookie, signedIn, code: signedIn ? null : (location.searchParams.get("code") ?? location.searchParams.get("error")) };
}

export interface HttpReply {
  status: number;
  body: string;
}

/** POSTs a stream as the raw body (as the import form's XHR sends a file); chunked unless headers give Content-Length. */
export function postStream(url: string, body: Readable, headers: Record<string, string>): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    // A keep-alive connection of its own, as a browser's: a refused upload leaves its connection
    // mid-body, so it is closed after the answer rather than reused.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const req = http.request(url, { method: "POST", headers, agent });
    req.on("response", (res) => {
      let text = "";
      res.on("data", (b: Buffer) => (text += b.toString()));
      res.on("end", () => {
        agent.destroy();
        resolve({ status: res.statusCode ?? 0, body: text });
      });
    });
    req.on("error", (err) => {
      agent.destroy();
      reject(err);
    });
    body.on("error", (err) => req.destroy(err));
    body.pipe(req);
  });
}
