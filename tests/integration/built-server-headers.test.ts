// Security headers on what the real web server answers: pages (signed in or not, the sign-in
// page), route handlers, the machine API (issue #12 item 10). That pages still work under the CSP
// in Chromium is tests/e2e/security-headers.spec.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestDatabase } from "../helpers/db";
import { setupDemoDatabase, usePrivateRedis } from "../helpers/demo";
import { signInOverHttp, startWebServer, type WebServer } from "@/scripts/web-server-process";

const API_KEY = "dj_test_fixture_key_abcdefghijklmnopqrstuvwxyz"; // setupDemoDatabase's key

let database: TestDatabase;
let server: WebServer;
let cookie: string;

beforeAll(async () => {
  database = await setupDemoDatabase();
  usePrivateRedis(10);
  server = await startWebServer();
  const signedIn = await signInOverHttp(server.url, "leader", "demo1234");
  expect(signedIn.signedIn).toBe(true);
  cookie = signedIn.cookie;
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await database.drop();
});

const get = (path: string, headers: Record<string, string> = {}): Promise<Response> => fetch(`${server.url}${path}`, { headers, redirect: "manual" });

function expectCommonHeaders(res: Response): void {
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("referrer-policy")).toBe("same-origin");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  expect(res.headers.get("strict-transport-security")).toBeNull(); // plain HTTP
}

/** The page's CSP nonce; every <script> of the page carries it. */
async function expectNonceOnEveryScript(res: Response): Promise<void> {
  const csp = res.headers.get("content-security-policy") ?? "";
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce, csp).toBeTruthy();
  expect(csp).toContain("'strict-dynamic'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  const html = await res.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
}

describe("pages", () => {
  it("the sign-in page: a nonce-based CSP on its scripts and the common headers", async () => {
    const res = await get("/login");
    expect(res.status).toBe(200);
    expectCommonHeaders(res);
    await expectNonceOnEveryScript(res);
  });

  it("a fresh nonce on every request", async () => {
    const a = (await get("/login")).headers.get("content-security-policy");
    const b = (await get("/login")).headers.get("content-security-policy");
    expect(a).not.toBe(b);
  });

  it("signed-in pages with personal data: CSP, no-store", async () => {
    for (const path of ["/", "/clues", "/stats", "/datasets"]) {
      const res = await get(path, { cookie });
      expect(res.status, path).toBe(200);
      expectCommonHeaders(res);
      expect(res.headers.get("cache-control"), path).toContain("no-store");
      await expectNonceOnEveryScript(res);
    }
  });

  it("the redirect to sign-in carries the headers too", async () => {
    const res = await get("/clues");
    expect(res.status).toBe(307);
    expectCommonHeaders(res);
  });

  it("HSTS when a TLS-terminating proxy says the request came over HTTPS", async () => {
    for (const path of ["/login", "/api/v1/health"]) {
      const res = await get(path, { "x-forwarded-proto": "https" });
      expect(res.headers.get("strict-transport-security"), path).toMatch(/max-age=\d{7,}/);
    }
  });
});

describe("route handlers", () => {
  it("the machine API: no-store, nosniff and a CSP that loads nothing, on answers and errors", async () => {
    for (const [path, headers] of [
      ["/api/v1/me", { authorization: `Bearer ${API_KEY}` }],
      ["/api/v1/clues", { authorization: `Bearer ${API_KEY}` }],
      ["/api/v1/clues", {}],
    ] as const) {
      const res = await get(path, headers);
      expectCommonHeaders(res);
      expect(res.headers.get("cache-control"), path).toBe("no-store");
      expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    }
  });

  it("session route handlers (downloads, polling) are never stored", async () => {
    const res = await get("/stats/tables", { cookie });
    expect(res.status).toBe(200);
    expectCommonHeaders(res);
    expect(res.headers.get("cache-control")).toContain("no-store");
    const unsigned = await get("/datasets/imports/00000000-0000-0000-0000-000000000000", { cookie });
    expect(unsigned.status).toBe(404);
    expect(unsigned.headers.get("cache-control")).toContain("no-store");
  });
});
