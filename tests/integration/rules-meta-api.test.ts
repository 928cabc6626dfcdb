// GET /api/v1/rules/meta: what a builder reads about the rule language (RULE_META), for any key that
// may read models; a key without models.read is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as metaRoute } from "@/app/api/v1/rules/meta/route";
import { createApiKey } from "@/lib/api-keys/commands";
import { RULE_META } from "@/lib/rules/nodes/meta";
import type { TestDatabase } from "../helpers/db";
import { actorFor, setupDemoDatabase } from "../helpers/demo";

let database: TestDatabase;
let reader: string;
let dataOnly: string;

beforeAll(async () => {
  database = await setupDemoDatabase();
  const admin = await actorFor("admin");
  const orgId = (await actorFor("prosecutor")).orgId;
  reader = (await createApiKey(admin, { orgId, name: "建模", scopes: ["model_builder"] })).key;
  dataOnly = (await createApiKey(admin, { orgId, name: "数据", scopes: ["data_admin"] })).key;
}, 60_000);
afterAll(async () => {
  await database.drop();
});

const get = (key: string): Promise<Response> =>
  metaRoute(new Request("http://x/api/v1/rules/meta", { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({}) });

describe("GET /api/v1/rules/meta", () => {
  it("answers the conditions and the rule-level constructs with their Chinese labels", async () => {
    const res = await get(reader);
    expect(res.status).toBe(200);
    const { meta } = (await res.json()) as { meta: typeof RULE_META };
    expect(meta).toEqual(JSON.parse(JSON.stringify(RULE_META)));
    expect(meta.join.inputs.find((i) => i.name === "type")!.choices).toEqual([
      { value: "inner", label: "须有匹配记录" },
      { value: "left", label: "可无匹配记录" },
    ]);
    expect(meta.conditions.find((m) => m.kind === "comparison")!.inputs.map((i) => i.name)).toContain("ifEmpty");
  });

  it("refuses a key that may not read models", async () => {
    const res = await get(dataOnly);
    expect(res.status).toBe(403);
  });
});
