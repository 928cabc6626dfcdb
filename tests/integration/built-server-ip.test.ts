// The per-IP sign-in limit and the audit log's address, through the real web server: forwarded
// headers count only from TRUSTED_PROXIES (issue #12 item 8).
import { randomBytes } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { TestDatabase } from "../helpers/db";
import { setupDemoDatabase, usePrivateRedis } from "../helpers/demo";
import { signInOverHttp, startWebServer, type WebServer } from "@/scripts/web-server-process";

const PER_IP = 3;
const unknownUser = (): string => `nobody_${randomBytes(4).toString("hex")}`;

let database: TestDatabase;
beforeAll(async () => {
  database = await setupDemoDatabase();
  usePrivateRedis(13);
}, 60_000);
afterAll(async () => {
  await database.drop();
});

async function failureIps(usernames: string[]): Promise<(string | null)[]> {
  const rows = await getDb()
    .select({ ip: auditLog.ip })
    .from(auditLog)
    .where(and(eq(auditLog.action, "auth.sign_in_failed"), inArray(auditLog.actorName, usernames)));
  return rows.map((r) => r.ip);
}

describe("behind no trusted proxy (TRUSTED_PROXIES unset)", () => {
  let server: WebServer;
  beforeAll(async () => {
    server = await startWebServer({ LOGIN_MAX_FAILURES_PER_IP: String(PER_IP), TRUSTED_PROXIES: "" });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("ignores X-Forwarded-For: rotating it does not dodge the per-IP limit, and the audit log has the real address", async () => {
    const tried: string[] = [];
    for (let i = 0; i < PER_IP; i++) {
      const username = unknownUser();
      tried.push(username);
      // Each attempt claims another address, and tries to smuggle our own peer header in too.
      const forged = { "x-forwarded-for": `198.51.100.${i + 1}`, "x-real-ip": `198.51.100.${i + 101}`, "x-shujian-peer-address": "192.0.2.1" };
      expect((await signInOverHttp(server.url, username, "wrong-password", forged)).code).toBe("invalid");
    }
    const next = await signInOverHttp(server.url, "prosecutor", "demo1234", { "x-forwarded-for": "198.51.100.200" });
    expect(next.signedIn).toBe(false);
    expect(next.code).toBe("rate_limited");
    expect(await failureIps(tried)).toEqual(Array(PER_IP).fill("127.0.0.1"));
  }, 60_000);
});

describe("behind a trusted proxy (TRUSTED_PROXIES=127.0.0.1)", () => {
  let server: WebServer;
  beforeAll(async () => {
    server = await startWebServer({ LOGIN_MAX_FAILURES_PER_IP: String(PER_IP), TRUSTED_PROXIES: "127.0.0.1, ::1" });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("takes the client from X-Forwarded-For: the limit and the audit log follow the forwarded address", async () => {
    const client = { "x-forwarded-for": "203.0.113.77" };
    const tried: string[] = [];
    for (let i = 0; i < PER_IP; i++) {
      const username = unknownUser();
      tried.push(username);
      expect((await signInOverHttp(server.url, username, "wrong-password", client)).code).toBe("invalid");
    }
    expect(await failureIps(tried)).toEqual(Array(PER_IP).fill("203.0.113.77"));
    expect((await signInOverHttp(server.url, "prosecutor", "demo1234", client)).code).toBe("rate_limited");
    // Another client behind the same proxy is not locked out.
    expect((await signInOverHttp(server.url, "prosecutor", "demo1234", { "x-forwarded-for": "203.0.113.78" })).signedIn).toBe(true);
  }, 60_000);
});
