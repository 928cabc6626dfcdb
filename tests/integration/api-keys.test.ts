// The machine API: a key acts for its own org only and only as the roles it was given (its scopes),
// stops at its expiry (warned 14 days before), a revoked or unknown key is refused, writes are always
// audited and reads once per key, path and minute; errors come back as { error: { code, message } }.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as importData } from "@/app/api/v1/datasets/[key]/imports/route";
import { GET as me } from "@/app/api/v1/me/route";
import { POST as checkRule } from "@/app/api/v1/rules/check/route";
import { getDb } from "@/db/client";
import { apiKeys, auditLog } from "@/db/schema";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/commands";
import { listApiKeys } from "@/lib/api-keys/queries";
import { PEER_ADDRESS_HEADER } from "@/lib/auth/client-ip";
import { NotFoundError, ValidationError } from "@/lib/errors";
import type { TestDatabase } from "../helpers/db";
import { actorFor, ORGS, orgIdByName, setupDemoDatabase } from "../helpers/demo";

let database: TestDatabase;
beforeAll(async () => {
  database = await setupDemoDatabase();
});
afterAll(async () => {
  await database.drop();
});

const DEMO_KEY = "dj_test_fixture_key_abcdefghijklmnopqrstuvwxyz"; // what setupDemoDatabase seeds
const DAY_MS = 24 * 3600 * 1000;

function headers(key: string | null): Record<string, string> {
  // The client's address as our web server passes it on (scripts/web-server.mjs).
  return key ? { authorization: `Bearer ${key}`, [PEER_ADDRESS_HEADER]: "192.0.2.7" } : {};
}

function call(key: string | null): Promise<Response> {
  return me(new Request("http://localhost/api/v1/me", { headers: headers(key) }), { params: Promise.resolve({}) });
}

function postCheck(key: string): Promise<Response> {
  return checkRule(new Request("http://localhost/api/v1/rules/check", { method: "POST", headers: { ...headers(key), "content-type": "application/json" }, body: "{}" }), { params: Promise.resolve({}) });
}

function postImport(key: string, dataset: string): Promise<Response> {
  const req = new Request(`http://localhost/api/v1/datasets/${dataset}/imports?mode=strict`, { method: "POST", headers: headers(key), body: "a,b\n1,2\n" });
  return importData(req, { params: Promise.resolve({ key: dataset }) });
}

async function newKey(orgName: string, scopes: string[], name = "测试密钥"): Promise<{ id: string; key: string }> {
  return createApiKey(await actorFor("admin"), { orgId: await orgIdByName(orgName), name, scopes });
}

async function apiCallsAudited(keyId: string): Promise<{ method: unknown; path: unknown }[]> {
  const rows = await getDb().select().from(auditLog).where(and(eq(auditLog.action, "api.call"), eq(auditLog.targetId, keyId)));
  return rows.map((r) => ({ method: r.detail?.method, path: r.detail?.path }));
}

async function expireIn(keyId: string, ms: number): Promise<void> {
  await getDb().update(apiKeys).set({ expiresAt: new Date(Date.now() + ms) }).where(eq(apiKeys.id, keyId));
}

describe("/api/v1 with API keys", () => {
  it("answers 401 JSON without a key or with an unknown one", async () => {
    const none = await call(null);
    expect(none.status).toBe(401);
    expect((await none.json()).error.code).toBe("unauthorized");
    expect((await call("dj_not_a_key")).status).toBe(401);
  });

  it("acts as the key's org with exactly its scopes' rights, and audits the call", async () => {
    const { id, key } = await newKey(ORGS.nanhu, ["prosecutor", "reviewer"], "南湖法院推送");
    const res = await call(key);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.org.name).toBe(ORGS.nanhu);
    expect(body.roles).toEqual(["prosecutor", "reviewer"]);
    expect(body.permissions).toEqual(expect.arrayContaining(["clues.triage", "models.publish"]));
    expect(body.permissions).not.toContain("datasets.import");
    expect(body.permissions).not.toContain("admin.users");
    const audited = await getDb().select().from(auditLog).where(and(eq(auditLog.action, "api.call"), eq(auditLog.targetId, id)));
    expect(audited).toHaveLength(1);
    expect(audited[0].ip).toBe("192.0.2.7");
    expect(audited[0].orgId).toBe(await orgIdByName(ORGS.nanhu));
  });

  it("stores only a hash and refuses a revoked key", async () => {
    const admin = await actorFor("admin");
    const { id, key } = await newKey(ORGS.beiling, ["data_admin"], "临时");
    const listed = (await listApiKeys(admin)).find((k) => k.id === id);
    expect(listed?.prefix).toBe(key.slice(0, 10));
    expect(JSON.stringify(listed)).not.toContain(key);
    await revokeApiKey(admin, id);
    expect((await call(key)).status).toBe(401);
  });

  it("gives the seeded demo key all four roles of its org, so a script can drive every flow", async () => {
    const body = await (await call(DEMO_KEY)).json();
    expect(body.org.name).toBe(ORGS.dongcheng);
    expect(body.roles).toEqual(["data_admin", "prosecutor", "model_builder", "reviewer"]);
    expect(body.key.expiresSoon).toBe(false);
    expect(body.key.daysLeft).toBeGreaterThan(360);
  });
});

describe("scopes", () => {
  it("a prosecutor-scoped key cannot import data (403); a data-admin-scoped key passes the check", async () => {
    const prosecutorKey = (await newKey(ORGS.dongcheng, ["prosecutor"])).key;
    const refused = await postImport(prosecutorKey, "no_such_dataset");
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("forbidden");
    const dataAdminKey = (await newKey(ORGS.dongcheng, ["data_admin"])).key;
    expect((await postImport(dataAdminKey, "no_such_dataset")).status).toBe(404); // past the permission check
  });

  it("are chosen at creation among the four roles a key may act as, at least one", async () => {
    const admin = await actorFor("admin");
    const orgId = await orgIdByName(ORGS.dongcheng);
    await expect(createApiKey(admin, { orgId, name: "无范围", scopes: [] })).rejects.toThrow("至少选择一个权限范围");
    await expect(createApiKey(admin, { orgId, name: "无范围" })).rejects.toBeInstanceOf(ValidationError);
    await expect(createApiKey(admin, { orgId, name: "管理员", scopes: ["admin"] })).rejects.toThrow("未知的权限范围");
    await expect(createApiKey(admin, { orgId, name: "院领导", scopes: ["leader"] })).rejects.toThrow("未知的权限范围");
  });
});

describe("expiry", () => {
  it("defaults to one year, and an expired key answers 401 API 密钥已过期", async () => {
    const admin = await actorFor("admin");
    const { id, key, expiresAt } = await createApiKey(admin, { orgId: await orgIdByName(ORGS.dongcheng), name: "一年期", scopes: ["prosecutor"] });
    const days = (expiresAt.getTime() - Date.now()) / DAY_MS;
    expect(days).toBeGreaterThan(365);
    expect(days).toBeLessThan(367.1);
    expect((await listApiKeys(admin)).find((k) => k.id === id)?.expiresAt.getTime()).toBe(expiresAt.getTime());
    expect((await call(key)).status).toBe(200);

    await expireIn(id, -1000);
    const res = await call(key);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: "api_key_expired", message: "API 密钥已过期" } });
  });

  it("warns in the last 14 days: a field on /me and a header on every answer", async () => {
    const { id, key } = await newKey(ORGS.dongcheng, ["prosecutor"]);
    const fresh = await call(key);
    expect(fresh.headers.get("x-api-key-expiry-warning")).toBeNull();
    expect((await fresh.json()).key.warning).toBeNull();

    await expireIn(id, 5 * DAY_MS - 60_000);
    const soon = await call(key);
    expect(soon.headers.get("x-api-key-expiry-warning")).toBe("expires in 5 day(s)");
    expect(soon.headers.get("x-api-key-expires-at")).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const body = await soon.json();
    expect(body.key).toMatchObject({ expiresSoon: true, daysLeft: 5 });
    expect(body.key.warning).toMatch(/^API 密钥即将过期：有效期至 \d{4}-\d{2}-\d{2}，还剩 5 天/);
  });

  it("refuses an expiry in the past or beyond three years", async () => {
    const admin = await actorFor("admin");
    const orgId = await orgIdByName(ORGS.dongcheng);
    await expect(createApiKey(admin, { orgId, name: "过去", scopes: ["prosecutor"], expiresOn: "2020-01-01" })).rejects.toThrow("有效期须晚于今天");
    await expect(createApiKey(admin, { orgId, name: "太久", scopes: ["prosecutor"], expiresOn: "2099-01-01" })).rejects.toThrow("有效期最长 3 年");
  });
});

describe("audit of API calls", () => {
  it("records a key's reads of one path once a minute, and every write", async () => {
    const { id, key } = await newKey(ORGS.dongcheng, ["prosecutor"]);
    expect((await call(key)).status).toBe(200);
    expect((await call(key)).status).toBe(200);
    expect(await apiCallsAudited(id)).toEqual([{ method: "GET", path: "/api/v1/me" }]);

    await postImport(key, "no_such_dataset");
    await postImport(key, "no_such_dataset");
    const writes = (await apiCallsAudited(id)).filter((c) => c.method === "POST");
    expect(writes).toEqual([
      { method: "POST", path: "/api/v1/datasets/no_such_dataset/imports" },
      { method: "POST", path: "/api/v1/datasets/no_such_dataset/imports" },
    ]);
  });

  it("records POST /rules/check, which changes nothing, as a read: once a minute per key", async () => {
    // The builder checks on every edit: an audit row (and its WAL flush) per call was a third of a check.
    const { id, key } = await newKey(ORGS.dongcheng, ["prosecutor"]);
    expect((await postCheck(key)).status).toBe(200);
    expect((await postCheck(key)).status).toBe(200);
    expect(await apiCallsAudited(id)).toEqual([{ method: "POST", path: "/api/v1/rules/check" }]);
  });
});

describe("another org's key", () => {
  it("cannot be seen or revoked by another city's admin (404), and keeps working", async () => {
    const { id, key } = await newKey(ORGS.nanhu, ["prosecutor"], "青山的密钥");
    const linjiangAdmin = await actorFor("city_admin");
    expect((await listApiKeys(linjiangAdmin)).some((k) => k.id === id)).toBe(false);
    await expect(revokeApiKey(linjiangAdmin, id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(createApiKey(linjiangAdmin, { orgId: await orgIdByName(ORGS.nanhu), name: "越权", scopes: ["prosecutor"] })).rejects.toBeInstanceOf(NotFoundError);
    const [row] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(row.revokedAt).toBeNull();
    const revocations = await getDb().select().from(auditLog).where(and(eq(auditLog.action, "api_key.revoke"), eq(auditLog.targetId, id)));
    expect(revocations).toHaveLength(0);
    expect((await call(key)).status).toBe(200);
  });
});
