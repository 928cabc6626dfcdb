// A key's "last used" is kept to the minute: written on first use and once a minute after, not on
// every call (a write per call, with its WAL flush, was most of a POST /rules/check).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import { createApiKey } from "@/lib/api-keys/commands";
import type { TestDatabase } from "../helpers/db";
import { actorFor, setupDemoDatabase } from "../helpers/demo";

let database: TestDatabase;
beforeAll(async () => {
  database = await setupDemoDatabase();
}, 60_000);
afterAll(async () => {
  await database.drop();
});

describe("api key last used", () => {
  it("is written on first use, left alone within the minute, and moved once a minute has passed", async () => {
    const admin = await actorFor("admin");
    const created = await createApiKey(admin, { orgId: admin.orgId, name: "最近使用", scopes: ["prosecutor"] });
    const lastUsed = async (): Promise<Date | null> => (await getDb().select({ at: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, created.id)))[0].at;
    expect(await lastUsed()).toBeNull();
    const t0 = new Date("2026-12-08T01:00:00Z");
    expect((await authenticateApiKey(created.key, null, t0)).ok).toBe(true);
    expect(await lastUsed()).toEqual(t0);
    expect((await authenticateApiKey(created.key, null, new Date(t0.getTime() + 59_000))).ok).toBe(true);
    expect(await lastUsed()).toEqual(t0);
    const t1 = new Date(t0.getTime() + 60_000);
    expect((await authenticateApiKey(created.key, null, t1)).ok).toBe(true);
    expect(await lastUsed()).toEqual(t1);
  });
});
