// The machine API for the catalog: JSON errors with paths, data-admin rights, org scope.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getDataset } from "@/app/api/v1/datasets/[key]/route";
import { GET as listDatasets, POST as createDataset } from "@/app/api/v1/datasets/route";
import { GET as getImportStatus } from "@/app/api/v1/imports/[id]/route";
import { createApiKey } from "@/lib/api-keys/commands";
import type { TestDatabase } from "../helpers/db";
import { actorFor, ORGS, orgIdByName, setupDemoDatabase } from "../helpers/demo";

let database: TestDatabase;
let key: string;
let otherKey: string;

beforeAll(async () => {
  database = await setupDemoDatabase();
  const admin = await actorFor("admin");
  key = (await createApiKey(admin, { orgId: await orgIdByName(ORGS.dongcheng), name: "东城", scopes: ["data_admin", "prosecutor"] })).key;
  otherKey = (await createApiKey(admin, { orgId: await orgIdByName(ORGS.nanhu), name: "南湖", scopes: ["data_admin", "prosecutor"] })).key;
});
afterAll(async () => {
  await database.drop();
});

const auth = (k: string): Record<string, string> => ({ authorization: `Bearer ${k}`, "content-type": "application/json" });
const noParams = { params: Promise.resolve({}) };

const definition = {
  key: "api_penalty",
  name: "行政处罚",
  agency: "market_regulation",
  businessLine: "administrative",
  fields: [
    { name: "decision_no", label: "文号", type: "text", required: true },
    { name: "party_id", label: "当事人证件号", type: "text", pii: "id_number" },
  ],
  businessKey: ["decision_no"],
};

describe("/api/v1/datasets", () => {
  it("rejects a bad definition with 422 and the path of each problem", async () => {
    const bad = { ...definition, fields: [{ name: "Bad Name", label: "", type: "money" }], businessKey: ["nope"] };
    const res = await createDataset(new Request("http://x/api/v1/datasets", { method: "POST", headers: auth(key), body: JSON.stringify(bad) }), noParams);
    expect(res.status).toBe(422);
    const body = await res.json();
    const paths = body.error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["fields.0.name", "fields.0.label", "fields.0.type"]));
    // Cross-field checks run once the fields themselves are valid.
    const unknownKey = await createDataset(new Request("http://x/api/v1/datasets", { method: "POST", headers: auth(key), body: JSON.stringify({ ...definition, businessKey: ["nope"] }) }), noParams);
    expect((await unknownKey.json()).error.issues).toEqual([{ path: "businessKey.0", message: "未定义的字段 nope" }]);
    const notJson = await createDataset(new Request("http://x/api/v1/datasets", { method: "POST", headers: auth(key), body: "{oops" }), noParams);
    expect(notJson.status).toBe(422);
    expect((await notJson.json()).error.message).toContain("JSON");
  });

  it("creates a dataset (201), lists it, describes it, and refuses a duplicate key (409)", async () => {
    const req = (): Request => new Request("http://x/api/v1/datasets", { method: "POST", headers: auth(key), body: JSON.stringify(definition) });
    expect((await createDataset(req(), noParams)).status).toBe(201);
    expect((await createDataset(req(), noParams)).status).toBe(409);
    const list = await (await listDatasets(new Request("http://x/api/v1/datasets", { headers: auth(key) }), noParams)).json();
    expect(list.items.map((d: { key: string }) => d.key)).toContain("api_penalty");
    const one = await getDataset(new Request("http://x/api/v1/datasets/api_penalty", { headers: auth(key) }), { params: Promise.resolve({ key: "api_penalty" }) });
    const body = await one.json();
    expect(body.fields).toEqual([
      { name: "decision_no", label: "文号", type: "text", pii: "none", required: true },
      { name: "party_id", label: "当事人证件号", type: "text", pii: "id_number", required: false },
    ]);
    expect(body.rows).toBe(0);
    const missing = await getDataset(new Request("http://x/api/v1/datasets/nope", { headers: auth(key) }), { params: Promise.resolve({ key: "nope" }) });
    expect(missing.status).toBe(404);
  });

  it("answers 404 for another org's import", async () => {
    const { POST: upload } = await import("@/app/api/v1/datasets/[key]/imports/route");
    const res = await upload(
      new Request("http://x/api/v1/datasets/api_penalty/imports?mode=lenient", { method: "POST", headers: { authorization: `Bearer ${key}` }, body: "decision_no,party_id\nA1,\n" }),
      { params: Promise.resolve({ key: "api_penalty" }) },
    );
    expect(res.status).toBe(202);
    const { id } = await res.json();
    const own = await getImportStatus(new Request(`http://x/api/v1/imports/${id}`, { headers: auth(key) }), { params: Promise.resolve({ id }) });
    expect(own.status).toBe(200);
    expect((await own.json()).status).toBe("queued");
    const other = await getImportStatus(new Request(`http://x/api/v1/imports/${id}`, { headers: auth(otherKey) }), { params: Promise.resolve({ id }) });
    expect(other.status).toBe(404);
  });
});
