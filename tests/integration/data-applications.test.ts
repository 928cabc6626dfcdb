// 数据申请 against the real Postgres: apply → decide → live grant; another org's data admin gets
// 404, a model builder 403; rejecting needs a comment; expired and revoked grants are not live;
// every step leaves its audit entry.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, dataApplications } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import {
  applyForDataset,
  decideApplication,
  getApplication,
  listApplications,
  liveGrantDatasetKeys,
  revokeGrant,
  usableDatasets,
} from "@/lib/datasets/applications";
import { addDays, addYears, chinaToday } from "@/lib/calendar/china-date";
import { registerDataset } from "@/lib/datasets/catalog";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { createUser } from "@/lib/users/commands";
import type { TestDatabase } from "../helpers/db";
import { actorFor, ORGS, orgIdByName, setupDemoDatabase } from "../helpers/demo";

let database: TestDatabase;
/** data_admin: 东城区's data admin. */
let dataAdmin: Actor;
/** A model builder of 东城区 (the seed's `builder` sits in 临江市, another org). */
let applicant: Actor;
/** The seed's `builder`: a model builder of 临江市. */
let otherBuilder: Actor;
/** A data admin of 西城区: same city, another org. */
let otherDataAdmin: Actor;

const PURPOSE = "用于减刑假释监督模型的建设与验证，核对服刑人员信息。";
const today = chinaToday();

async function makeUser(username: string, org: string, roles: string[]): Promise<Actor> {
  const admin = await actorFor("admin");
  await createUser(admin, { username, name: `测试${username}`, orgId: await orgIdByName(org), roles, password: "Jiancha-River-2026" });
  return actorFor(username);
}

async function register(key: string, name: string): Promise<void> {
  await registerDataset(dataAdmin, {
    key,
    name,
    agency: "court",
    businessLine: "criminal",
    fields: [
      { name: "case_no", label: "案号", type: "text", required: true },
      { name: "effective_date", label: "生效日期", type: "date", required: true },
    ],
    businessKey: ["case_no"],
    indexes: [],
    recordDateField: "effective_date",
  });
}

function apply(actor: Actor, datasetKey: string, validFrom = today, validTo = addDays(today, 30)) {
  return applyForDataset(actor, { datasetKey, purpose: PURPOSE, validFrom, validTo });
}

async function auditActions(targetId: string): Promise<string[]> {
  const rows = await getDb().select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.targetType, "data_application"), eq(auditLog.targetId, targetId))).orderBy(auditLog.id);
  return rows.map((r) => r.action);
}

beforeAll(async () => {
  database = await setupDemoDatabase();
  dataAdmin = await actorFor("data_admin");
  applicant = await makeUser("dc_builder", ORGS.dongcheng, ["model_builder"]);
  otherBuilder = await actorFor("builder");
  otherDataAdmin = await makeUser("xc_data_admin", ORGS.xicheng, ["data_admin"]);
  for (const [key, name] of [["apply_judgment", "申请测试判决"], ["apply_prison", "申请测试服刑"], ["apply_expired", "申请测试过期"], ["apply_revoke", "申请测试撤销"], ["apply_reject", "申请测试驳回"]]) {
    await register(key, name);
  }
}, 60_000);
afterAll(async () => {
  await database.drop();
});

describe("applying and approving", () => {
  it("creates a pending application in the applicant's org, grants nothing yet, and audits it", async () => {
    const app = await apply(applicant, "apply_judgment");
    expect(app).toMatchObject({ status: "pending", displayStatus: "pending", datasetName: "申请测试判决", applicantName: "测试dc_builder", orgName: ORGS.dongcheng, deciderName: null });
    expect(app.orgId).toBe(applicant.orgId);
    expect(await liveGrantDatasetKeys(applicant.orgId)).not.toContain("apply_judgment");
    expect(await auditActions(app.id)).toEqual(["data_application.create"]);
  });

  it("refuses a second open application for the same dataset and org, in Chinese", async () => {
    const err = await apply(applicant, "apply_judgment").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as Error).message).toContain("待审批的申请");
  });

  it("lets the org's data admin approve it: decider and time recorded, the grant is live", async () => {
    const [pending] = await listApplications(dataAdmin, { status: "pending" });
    expect(pending.datasetKey).toBe("apply_judgment");
    const approved = await decideApplication(dataAdmin, { id: pending.id, decision: "approve", comment: "同意，限建模使用" });
    expect(approved).toMatchObject({ status: "approved", displayStatus: "approved", deciderName: "周强", comment: "同意，限建模使用" });
    expect(approved.decidedAt).toBeInstanceOf(Date);
    expect(await liveGrantDatasetKeys(applicant.orgId)).toContain("apply_judgment");
    expect(await usableDatasets(applicant)).toContain("apply_judgment");
    // The grant is the org's, not another org's.
    expect(await liveGrantDatasetKeys(otherDataAdmin.orgId)).not.toContain("apply_judgment");
    expect(await auditActions(pending.id)).toEqual(["data_application.create", "data_application.approve"]);
  });

  it("refuses a new application while the grant is live, and a second decision", async () => {
    await expect(apply(applicant, "apply_judgment")).rejects.toThrow("有效授权");
    const [app] = await listApplications(applicant, { status: "approved" });
    await expect(decideApplication(dataAdmin, { id: app.id, decision: "reject", comment: "改判" })).rejects.toBeInstanceOf(ConflictError);
  });

  it("covers only the days of the period", async () => {
    const [app] = await listApplications(applicant, { status: "approved" });
    expect(await liveGrantDatasetKeys(applicant.orgId, app.validFrom)).toContain("apply_judgment");
    expect(await liveGrantDatasetKeys(applicant.orgId, app.validTo)).toContain("apply_judgment");
    expect(await liveGrantDatasetKeys(applicant.orgId, addDays(app.validFrom, -1))).not.toContain("apply_judgment");
    expect(await liveGrantDatasetKeys(applicant.orgId, addDays(app.validTo, 1))).not.toContain("apply_judgment");
  });
});

describe("who may see and decide", () => {
  it("hides the application from a data admin of another org: not listed, and 404 on read, decide or revoke", async () => {
    const app = await apply(applicant, "apply_prison");
    expect((await listApplications(otherDataAdmin)).map((a) => a.id)).not.toContain(app.id);
    await expect(getApplication(otherDataAdmin, app.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(decideApplication(otherDataAdmin, { id: app.id, decision: "approve", comment: "" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(revokeGrant(otherDataAdmin, app.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await getApplication(dataAdmin, app.id)).status).toBe("pending");
  });

  it("refuses a model builder the decision with 403 and shows them only their own applications", async () => {
    const app = (await listApplications(dataAdmin, { status: "pending" })).find((a) => a.datasetKey === "apply_prison")!;
    await expect(decideApplication(applicant, { id: app.id, decision: "approve", comment: "" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(revokeGrant(applicant, app.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await listApplications(otherBuilder)).toEqual([]);
    await expect(getApplication(otherBuilder, app.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await listApplications(applicant)).every((a) => a.applicantId === applicant.id)).toBe(true);
  });

  it("refuses roles that neither apply nor decide, and data admins applying", async () => {
    const prosecutor = await actorFor("prosecutor");
    await expect(listApplications(prosecutor)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(apply(dataAdmin, "apply_prison")).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("rejecting", () => {
  it("requires a comment, then rejects with it and audits it", async () => {
    const app = await apply(applicant, "apply_reject");
    const err = await decideApplication(dataAdmin, { id: app.id, decision: "reject", comment: "  " }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).message).toContain("审批意见：驳回时须填写审批意见");
    expect((await getApplication(dataAdmin, app.id)).status).toBe("pending");
    const rejected = await decideApplication(dataAdmin, { id: app.id, decision: "reject", comment: "用途不明确，请补充案件范围" });
    expect(rejected).toMatchObject({ status: "rejected", displayStatus: "rejected", comment: "用途不明确，请补充案件范围", deciderName: "周强" });
    expect(await liveGrantDatasetKeys(applicant.orgId)).not.toContain("apply_reject");
    expect(await auditActions(app.id)).toEqual(["data_application.create", "data_application.reject"]);
    // A rejected application does not block a new one.
    expect((await apply(applicant, "apply_reject")).status).toBe("pending");
  });
});

describe("expiry and revocation", () => {
  it("does not count a grant whose period ended yesterday, and shows it as 已过期", async () => {
    const app = await apply(applicant, "apply_expired");
    await decideApplication(dataAdmin, { id: app.id, decision: "approve", comment: "" });
    expect(await liveGrantDatasetKeys(applicant.orgId)).toContain("apply_expired");
    // Simulate the passing of time: the period now ended yesterday.
    await getDb().update(dataApplications).set({ validFrom: addDays(today, -40), validTo: addDays(today, -1) }).where(eq(dataApplications.id, app.id));
    expect(await liveGrantDatasetKeys(applicant.orgId)).not.toContain("apply_expired");
    expect((await getApplication(applicant, app.id)).displayStatus).toBe("expired");
    expect((await listApplications(dataAdmin, { status: "expired" })).map((a) => a.id)).toEqual([app.id]);
    expect((await listApplications(dataAdmin, { status: "approved" })).map((a) => a.id)).not.toContain(app.id);
    // An expired grant no longer blocks applying again.
    expect((await apply(applicant, "apply_expired")).status).toBe("pending");
  });

  it("revokes an approved grant: no longer live, audited, and only once", async () => {
    const app = await apply(applicant, "apply_revoke");
    await decideApplication(dataAdmin, { id: app.id, decision: "approve", comment: "同意" });
    expect(await usableDatasets(applicant)).toContain("apply_revoke");
    const revoked = await revokeGrant(dataAdmin, app.id);
    expect(revoked.displayStatus).toBe("revoked");
    expect(await usableDatasets(applicant)).not.toContain("apply_revoke");
    await expect(revokeGrant(dataAdmin, app.id)).rejects.toBeInstanceOf(ConflictError);
    expect(await auditActions(app.id)).toEqual(["data_application.create", "data_application.approve", "data_application.revoke"]);
  });
});

describe("the input", () => {
  it("checks purpose length, dates, order and a period of at most one year, in Chinese", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ purpose: "太短" }, "用途：用途说明至少 10 个字"],
      [{ purpose: "很".repeat(501) }, "用途：用途说明不能超过 500 个字"],
      [{ validFrom: addDays(today, -2) }, "开始日期：开始日期不能早于昨天"],
      [{ validFrom: "2026-02-30" }, "开始日期：请填写有效日期"],
      [{ validTo: addDays(today, -1) }, "结束日期：结束日期不能早于开始日期"],
      [{ validTo: addDays(addYears(today, 1), 1) }, "结束日期：申请期限不能超过一年"],
    ];
    for (const [change, message] of cases) {
      const input = { datasetKey: "apply_prison", purpose: PURPOSE, validFrom: today, validTo: addDays(today, 10), ...change };
      await expect(applyForDataset(otherBuilder, input)).rejects.toThrow(message);
    }
    await expect(applyForDataset(otherBuilder, { datasetKey: "no_such_dataset", purpose: PURPOSE, validFrom: today, validTo: today })).rejects.toBeInstanceOf(NotFoundError);
    // Exactly one year, starting yesterday, is accepted.
    const yesterday = addDays(today, -1);
    const app = await applyForDataset(otherBuilder, { datasetKey: "apply_prison", purpose: PURPOSE, validFrom: yesterday, validTo: addYears(yesterday, 1) });
    expect(app.orgName).toBe(ORGS.linjiang);
  });
});
