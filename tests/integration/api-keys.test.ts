// The machine API: a key acts for its own org only, a revoked or unknown key is refused,
// every call is audited, and errors come back as { error: { code, message } }.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as me } from "@/app/api/v1/me/route";
import { getDb } from "@/db/client";
import { auditLog } from "@/db/schema";
import { createApiKey, listApiKeys, revokeApiKey } from "@/lib/api-keys/commands";
import { NotFoundError } from "@/lib/errors";
import type { TestDatabase } from "../helpers/db";
import { actorFor, ORGS, orgIdByName, setupDemoDatabase } from "../helpers/demo";

let database: TestDatabase;
beforeAll(async () => {
  database = await setupDemoDatabase();
});
afterAll(async () => {
  await database.drop();
});

function call(key: string | null): Promise<Response> {
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}`, "x-forwarded-for": "192.0.2.7" } : {};
  return me(new Request("http://localhost/api/v1/me", { headers }), { params: Promise.resolve({}) });
}

describe("/api/v1 with API keys", () => {
  it("answers 401 JSON without a key or with an unknown one", async () => {
    const none = await call(null);
    expect(none.status).toBe(401);
    expect((await none.json()).error.code).toBe("unauthorized");
    expect((await call("dj_not_a_key")).status).toBe(401);
  });

  it("acts as the key's org with data-admin and prosecutor rights, and audits the call", async () => {
    const admin = await actorFor("admin");
    const nanhu = await orgIdByName(ORGS.nanhu);
    const { id, key } = await createApiKey(admin, { orgId: nanhu, name: "南湖法院推送" });
    const res = await call(key);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.org.name).toBe(ORGS.nanhu);
    expect(body.roles).toEqual(["data_admin", "prosecutor"]);
    expect(body.permissions).not.toContain("admin.users");
    const audited = await getDb().select().from(auditLog).where(and(eq(auditLog.action, "api.call"), eq(auditLog.targetId, id)));
    expect(audited).toHaveLength(1);
    expect(audited[0].ip).toBe("192.0.2.7");
    expect(audited[0].orgId).toBe(nanhu);
  });

  it("stores only a hash and refuses a revoked key", async () => {
    const admin = await actorFor("admin");
    const { id, key } = await createApiKey(admin, { orgId: await orgIdByName(ORGS.beiling), name: "临时" });
    const listed = (await listApiKeys(admin)).find((k) => k.id === id);
    expect(listed?.prefix).toBe(key.slice(0, 10));
    expect(JSON.stringify(listed)).not.toContain(key);
    await revokeApiKey(admin, id);
    expect((await call(key)).status).toBe(401);
  });

  it("does not let another city's admin see or revoke a key (404)", async () => {
    const admin = await actorFor("admin");
    const { id, key } = await createApiKey(admin, { orgId: await orgIdByName(ORGS.nanhu), name: "青山的密钥" });
    const linjiangAdmin = await actorFor("city_admin");
    expect((await listApiKeys(linjiangAdmin)).some((k) => k.id === id)).toBe(false);
    await expect(revokeApiKey(linjiangAdmin, id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(createApiKey(linjiangAdmin, { orgId: await orgIdByName(ORGS.nanhu), name: "越权" })).rejects.toBeInstanceOf(NotFoundError);
    expect((await call(key)).status).toBe(200);
  });
});
