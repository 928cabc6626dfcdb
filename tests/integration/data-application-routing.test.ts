// 数据申请 routing and the machine API (issue #12 item 17), against the real Postgres: an application
// goes to the data admins of the org whose rows it asks for, or the nearest org above with one; an
// application nobody can decide is refused at submission; the three /api/v1/data-applications calls
// with their permissions and 404 for another org's application.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as decideRoute } from "@/app/api/v1/data-applications/[id]/decision/route";
import { GET as listRoute, POST as applyRoute } from "@/app/api/v1/data-applications/route";
import { getDb } from "@/db/client";
import { dataApplications } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/commands";
import type { Actor } from "@/lib/auth/actor";
import { applyForDataset, decideApplication, deciderFor, getApplication, listApplications, liveGrantDatasetKeys } from "@/lib/datasets/applications";
import { addDays, chinaToday } from "@/lib/calendar/china-date";
import { registerDataset } from "@/lib/datasets/catalog";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { createUser, setUserDisabled } from "@/lib/users/commands";
import type { TestDatabase } from "../helpers/db";
import { actorFor, ORGS, orgIdByName, setupDemoDatabase } from "../helpers/demo";

const PURPOSE = "用于社区矫正脱管漏管监督模型的建设与验证。";
const PASSWORD = "Routing#Test2026x";
const today = chinaToday();

let database: TestDatabase;
let admin: Actor;
/** The seed's `builder`: a model builder of 临江市院, which has no data admin. */
let cityBuilder: Actor;
/** The seed's `province_data_admin` (江南省院). */
let provinceAdmin: Actor;
/** The seed's `data_admin` (东城区, below 临江市院). */
let districtAdmin: Actor;

async function makeUser(username: string, org: string, roles: string[]): Promise<Actor> {
  await createUser(admin, { username, name: `测试${username}`, orgId: await orgIdByName(org), roles, password: PASSWORD });
  return actorFor(username);
}

async function register(key: string): Promise<void> {
  await registerDataset(districtAdmin, {
    key,
    name: `路由测试${key}`,
    agency: "court",
    businessLine: "criminal",
    fields: [{ name: "case_no", label: "案号", type: "text", required: true }],
    businessKey: ["case_no"],
    indexes: [],
  });
}

const apply = (actor: Actor, datasetKey: string) => applyForDataset(actor, { datasetKey, purpose: PURPOSE, validFrom: today, validTo: addDays(today, 30) });
const ids = async (actor: Actor): Promise<string[]> => (await listApplications(actor)).map((a) => a.id);

beforeAll(async () => {
  database = await setupDemoDatabase();
  [admin, cityBuilder, provinceAdmin, districtAdmin] = await Promise.all(["admin", "builder", "province_data_admin", "data_admin"].map((u) => actorFor(u)));
  for (const key of ["route_a", "route_b", "route_c", "route_d", "route_api", "route_api2"]) await register(key);
}, 60_000);
afterAll(async () => {
  await database.drop();
});

describe("who decides", () => {
  it("a 临江市院 builder's application goes to the province's data admin (the city has none); the district's data admin never sees it", async () => {
    expect(await deciderFor(cityBuilder)).toMatchObject({ name: ORGS.province });
    const app = await apply(cityBuilder, "route_a");
    expect(app).toMatchObject({ status: "pending", orgName: ORGS.linjiang, deciderOrgName: ORGS.province });
    expect(await ids(provinceAdmin)).toContain(app.id);
    expect(await ids(districtAdmin)).not.toContain(app.id);
    await expect(getApplication(districtAdmin, app.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(decideApplication(districtAdmin, { id: app.id, decision: "approve" })).rejects.toBeInstanceOf(NotFoundError);
    const approved = await decideApplication(provinceAdmin, { id: app.id, decision: "approve", comment: "同意" });
    expect(approved).toMatchObject({ status: "approved", deciderName: "钱卫东" });
    // The grant is the city's own rows.
    expect(await liveGrantDatasetKeys(cityBuilder.orgId)).toContain("route_a");
  });

  it("a data admin appointed in the city takes over its pending applications", async () => {
    const app = await apply(cityBuilder, "route_b");
    expect(app.deciderOrgName).toBe(ORGS.province);
    const cityAdmin = await makeUser("city_data_admin", ORGS.linjiang, ["data_admin"]);
    expect((await getApplication(cityBuilder, app.id)).deciderOrgName).toBe(ORGS.linjiang);
    expect(await ids(provinceAdmin)).not.toContain(app.id);
    expect(await ids(cityAdmin)).toContain(app.id);
    expect((await decideApplication(cityAdmin, { id: app.id, decision: "reject", comment: "请补充用途" })).status).toBe("rejected");
    await setUserDisabled(admin, { id: cityAdmin.id, disabled: true });
  });

  it("an applicant who is the org's only data admin does not decide their own application: it goes up", async () => {
    const both = await makeUser("xc_builder_admin", ORGS.xicheng, ["model_builder", "data_admin"]);
    const app = await apply(both, "route_c");
    expect(app.deciderOrgName).toBe(ORGS.province);
    expect(await ids(both)).toContain(app.id); // as the applicant
    await expect(decideApplication(both, { id: app.id, decision: "approve" })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses an application nobody can decide at submission, saying why; nothing is stored", async () => {
    const qingshanBuilder = await makeUser("qs_builder", ORGS.qingshan, ["model_builder"]);
    await setUserDisabled(admin, { id: provinceAdmin.id, disabled: true });
    try {
      expect(await deciderFor(qingshanBuilder)).toBeNull();
      const error = await apply(qingshanBuilder, "route_d").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as Error).message).toBe(
        "青山市人民检察院及其上级院都没有可以审批的数据管理员（申请人本人除外），申请无人审批，因此未提交；请联系系统管理员为本院或上级院设置数据管理员",
      );
      expect(await getDb().select().from(dataApplications).where(eq(dataApplications.applicantId, qingshanBuilder.id))).toEqual([]);
    } finally {
      await setUserDisabled(admin, { id: provinceAdmin.id, disabled: false });
    }
    // With the province's data admin back, the same application goes through to them.
    expect((await apply(qingshanBuilder, "route_d")).deciderOrgName).toBe(ORGS.province);
  });
});

describe("/api/v1/data-applications", () => {
  const json = (key: string, body?: unknown, method = "POST"): RequestInit => ({
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const list = (key: string, query = "") => listRoute(new Request(`http://x/api/v1/data-applications${query}`, json(key, undefined, "GET")), { params: Promise.resolve({}) });
  const decide = (key: string, id: string, body: unknown) => decideRoute(new Request(`http://x/api/v1/data-applications/${id}/decision`, json(key, body)), { params: Promise.resolve({ id }) });

  let dongchengKey: string;
  let nanhuKey: string;
  let provinceKey: string;
  let pendingId: string;

  beforeAll(async () => {
    dongchengKey = (await createApiKey(admin, { orgId: await orgIdByName(ORGS.dongcheng), name: "东城脚本", scopes: ["data_admin"] })).key;
    nanhuKey = (await createApiKey(admin, { orgId: await orgIdByName(ORGS.nanhu), name: "南湖脚本", scopes: ["data_admin"] })).key;
    provinceKey = (await createApiKey(admin, { orgId: await orgIdByName(ORGS.province), name: "省院脚本", scopes: ["data_admin"] })).key;
    // A 东城区 builder's application, decided by 东城区's data admins (and its key).
    const builder = await makeUser("dc_api_builder", ORGS.dongcheng, ["model_builder"]);
    pendingId = (await apply(builder, "route_api")).id;
  });

  it("GET lists the applications routed to the key's org, by status, with who decides; 422 on an unknown status", async () => {
    const res = await list(dongchengKey, "?status=pending");
    expect(res.status).toBe(200);
    const { items } = await res.json();
    const item = items.find((a: { id: string }) => a.id === pendingId);
    expect(item).toMatchObject({ status: "pending", dataset: { key: "route_api" }, org: { name: ORGS.dongcheng }, decider: { orgName: ORGS.dongcheng, label: `${ORGS.dongcheng}数据管理员` } });
    expect((await (await list(nanhuKey, "?status=pending")).json()).items.map((a: { id: string }) => a.id)).not.toContain(pendingId);
    expect((await (await list(dongchengKey, "?status=approved")).json()).items.map((a: { id: string }) => a.id)).not.toContain(pendingId);
    const bad = await list(dongchengKey, "?status=maybe");
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.message).toContain("状态");
  });

  it("POST decision: 404 for another org's application (untouched), 422 for a rejection without a comment, 200 then 409", async () => {
    const foreign = await decide(nanhuKey, pendingId, { decision: "approve" });
    expect(foreign.status).toBe(404);
    expect((await getApplication(districtAdmin, pendingId)).status).toBe("pending");
    const noComment = await decide(dongchengKey, pendingId, { decision: "reject" });
    expect(noComment.status).toBe(422);
    expect((await noComment.json()).error.message).toContain("驳回时须填写审批意见");
    expect((await decide(dongchengKey, pendingId, "not an object")).status).toBe(422);
    const ok = await decide(dongchengKey, pendingId, { decision: "approve", comment: "脚本批准" });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id: pendingId, status: "approved", decidedBy: "API 密钥：东城脚本", comment: "脚本批准" });
    expect((await decide(dongchengKey, pendingId, { decision: "approve" })).status).toBe(409);
    expect((await decide(dongchengKey, "not-a-uuid", { decision: "approve" })).status).toBe(404);
  });

  it("POST refuses a key without the model builder scope (403) and stores nothing", async () => {
    const body = { datasetKey: "route_api2", purpose: PURPOSE, validFrom: today, validTo: addDays(today, 30) };
    // A key acting as data admin may not apply (applying is the model builder's right).
    const refused = await applyRoute(new Request("http://x/api/v1/data-applications", json(provinceKey, body)), { params: Promise.resolve({}) });
    expect(refused.status).toBe(403);
    expect(await getDb().select().from(dataApplications).where(eq(dataApplications.applicantKeyId, await keyIdOf("省院脚本")))).toEqual([]);
  });

  it("POST applies as a model-builder key of 临江市院: 201 naming the province's data admins, who see it; the key sees its own in GET", async () => {
    const builderKey = (await createApiKey(admin, { orgId: await orgIdByName(ORGS.linjiang), name: "临江建模脚本", scopes: ["model_builder"] })).key;
    const body = { datasetKey: "route_api2", purpose: PURPOSE, validFrom: today, validTo: addDays(today, 30) };
    const res = await applyRoute(new Request("http://x/api/v1/data-applications", json(builderKey, body)), { params: Promise.resolve({}) });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({ status: "pending", org: { name: ORGS.linjiang }, applicant: "API 密钥：临江建模脚本", decider: { orgName: ORGS.province, label: `${ORGS.province}数据管理员` } });
    expect(await ids(provinceAdmin)).toContain(created.id);
    expect((await (await list(builderKey)).json()).items.map((a: { id: string }) => a.id)).toEqual([created.id]);
    // A second open application for the same dataset and org: 409 in Chinese; a bad body: 422 naming the field.
    const again = await applyRoute(new Request("http://x/api/v1/data-applications", json(builderKey, body)), { params: Promise.resolve({}) });
    expect(again.status).toBe(409);
    const bad = await applyRoute(new Request("http://x/api/v1/data-applications", json(builderKey, { ...body, purpose: "短" })), { params: Promise.resolve({}) });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.issues).toEqual([{ path: "purpose", message: "用途说明至少 10 个字" }]);
    // PostgreSQL text cannot hold a NUL: refused as input (422), never a database error (500).
    const nul = await applyRoute(new Request("http://x/api/v1/data-applications", json(builderKey, { ...body, datasetKey: "route_a", purpose: `${PURPOSE}\u0000` })), { params: Promise.resolve({}) });
    expect(nul.status).toBe(422);
    expect((await nul.json()).error.issues).toEqual([{ path: "purpose", message: "不能包含空字符（\\0）" }]);
    const nulKey = await applyRoute(new Request("http://x/api/v1/data-applications", json(builderKey, { ...body, datasetKey: "a\u0000b" })), { params: Promise.resolve({}) });
    expect(nulKey.status).toBe(404);
    const nulComment = await decide(provinceKey, created.id, { decision: "reject", comment: "不\u0000同意" });
    expect(nulComment.status).toBe(422);
  });
});

async function keyIdOf(name: string): Promise<string> {
  const { apiKeys } = await import("@/db/schema");
  const [row] = await getDb().select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.name, name));
  return row.id;
}

