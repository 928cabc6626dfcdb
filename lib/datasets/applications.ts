import "server-only";
import { and, asc, desc, eq, gte, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb, type Db } from "@/db/client";
import { apiKeys, dataApplications, datasets, orgs, users, type ApplicationStatus } from "@/db/schema";
import { recordAudit } from "../audit/record";
import type { Actor } from "../auth/actor";
import { can, inScope, requirePermission, scopeFor, type OrgScope } from "../auth/policy";
import { chinaToday } from "../calendar/china-date";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { isIsoDate } from "../validation";
import {
  DISPLAY_STATUS_LABELS,
  displayStatus,
  parseApplicationInput,
  ZApplicationFilter,
  ZApplicationId,
  ZApplyInput,
  ZDecideInput,
  type DisplayStatus,
  type TApplicationFilter,
} from "./applications-schemas";
import { deciderOrgIdSql, findDeciderOrg, type DeciderOrg } from "./application-routing";
import { getDatasetByKey } from "./catalog";

/** One application as the list shows it. */
export interface ApplicationView {
  id: string;
  datasetKey: string;
  datasetName: string;
  orgId: string;
  orgName: string;
  /** The applying user; null when an API key applied (its name is `applicantName`). */
  applicantId: string | null;
  applicantKeyId: string | null;
  applicantName: string;
  purpose: string;
  validFrom: string;
  validTo: string;
  status: ApplicationStatus;
  /** `status`, or 已过期 for an approved grant past its period (China Standard Time). */
  displayStatus: DisplayStatus;
  deciderName: string | null;
  /** The org whose data admins decide it now (its own, or the nearest above with one); null: nobody. */
  deciderOrgId: string | null;
  deciderOrgName: string | null;
  decidedAt: Date | null;
  comment: string | null;
  createdAt: Date;
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

const applicant = alias(users, "applicant");
const decider = alias(users, "decider");
const applicantKey = alias(apiKeys, "applicant_key");
const deciderKey = alias(apiKeys, "decider_key");
/** The applying person's name, or the key's (named as the actor of an API call is). */
const applicantName = sql<string>`coalesce(${applicant.name}, 'API 密钥：' || ${applicantKey.name})`;
const deciderOrgId = deciderOrgIdSql(dataApplications.orgId, dataApplications.applicantId);

const viewColumns = {
  id: dataApplications.id,
  datasetKey: datasets.key,
  datasetName: datasets.name,
  orgId: dataApplications.orgId,
  orgName: orgs.name,
  applicantId: dataApplications.applicantId,
  applicantKeyId: dataApplications.applicantKeyId,
  applicantName,
  purpose: dataApplications.purpose,
  validFrom: dataApplications.validFrom,
  validTo: dataApplications.validTo,
  status: dataApplications.status,
  deciderName: sql<string | null>`coalesce(${decider.name}, 'API 密钥：' || ${deciderKey.name})`,
  deciderOrgId: sql<string | null>`${deciderOrgId}::text`,
  deciderOrgName: sql<string | null>`(select name from ${orgs} d where d.id = ${deciderOrgId})`,
  decidedAt: dataApplications.decidedAt,
  comment: dataApplications.comment,
  createdAt: dataApplications.createdAt,
};

function selectViews() {
  return getDb()
    .select(viewColumns)
    .from(dataApplications)
    .innerJoin(datasets, eq(datasets.id, dataApplications.datasetId))
    .innerJoin(orgs, eq(orgs.id, dataApplications.orgId))
    .leftJoin(applicant, eq(applicant.id, dataApplications.applicantId))
    .leftJoin(applicantKey, eq(applicantKey.id, dataApplications.applicantKeyId))
    .leftJoin(decider, eq(decider.id, dataApplications.deciderId))
    .leftJoin(deciderKey, eq(deciderKey.id, dataApplications.deciderKeyId));
}

/** The applications routed to the data admins of the actor's scope (see application-routing.ts). */
function routedTo(scope: OrgScope): SQL {
  // The decider is the application's org or above it, so only the scope's subtree can route to it.
  const below = inScope(dataApplications.orgId, { ...scope, kind: "subtree" });
  return and(below, inScope(deciderOrgId, scope))!;
}

/** The actor as the applicant: a user, or an API key (through the machine API). */
function appliedBy(actor: Actor): SQL {
  const mine = actor.kind === "api_key" ? eq(dataApplications.applicantKeyId, actor.id) : eq(dataApplications.applicantId, actor.id);
  return and(mine, eq(dataApplications.orgId, actor.orgId))!;
}

/**
 * Data admins see the applications routed to them; applicants see their own. Anyone else is
 * refused (403). The org comes from the session, never from input.
 */
function visibleTo(actor: Actor): SQL {
  const parts: SQL[] = [];
  if (can(actor, "data_applications.decide")) parts.push(routedTo(scopeFor(actor, "data_applications.decide")));
  if (can(actor, "data_applications.create")) parts.push(appliedBy(actor));
  if (parts.length === 0) throw new ForbiddenError();
  return or(...parts)!;
}

function statusCondition(status: DisplayStatus, today: string): SQL {
  if (status === "approved") return and(eq(dataApplications.status, "approved"), gte(dataApplications.validTo, today))!;
  if (status === "expired") return and(eq(dataApplications.status, "approved"), lt(dataApplications.validTo, today))!;
  return eq(dataApplications.status, status);
}

type ViewRow = Omit<ApplicationView, "displayStatus">;
const toView = (row: ViewRow, today: string): ApplicationView => ({ ...row, displayStatus: displayStatus(row.status, row.validTo, today) });

/** Applications the actor may see, newest first (capped; the filter tabs narrow it). */
export async function listApplications(actor: Actor, filter: TApplicationFilter = {}): Promise<ApplicationView[]> {
  const f = parseApplicationInput(ZApplicationFilter, filter);
  const today = chinaToday();
  const conditions: SQL[] = [visibleTo(actor)];
  if (f.mine) conditions.push(appliedBy(actor));
  if (f.status) conditions.push(statusCondition(f.status, today));
  const rows = await selectViews()
    .where(and(...conditions))
    .orderBy(desc(dataApplications.createdAt), desc(dataApplications.id))
    .limit(f.limit);
  return rows.map((r) => toView(r, today));
}

/** One application the actor may see; 404 otherwise (another org's is never revealed). */
export async function getApplication(actor: Actor, id: string): Promise<ApplicationView> {
  const appId = parseApplicationInput(ZApplicationId, id);
  const [row] = await selectViews()
    .where(and(eq(dataApplications.id, appId), visibleTo(actor)))
    .limit(1);
  if (!row) throw new NotFoundError("数据申请");
  return toView(row, chinaToday());
}

/** Applications and decisions name who made them: a person or an org's API key, never the platform. */
function requireUserOrKey(actor: Actor, message: string): void {
  if (actor.kind === "system") throw new ForbiddenError(message);
}

/** Who acted, in the columns of the application (a person or a key). */
function who(actor: Actor): { userId: string | null; keyId: string | null } {
  return actor.kind === "api_key" ? { userId: null, keyId: actor.id } : { userId: actor.id, keyId: null };
}

/** Serialises applications for one dataset and org, so two at once cannot both pass the duplicate check. */
async function lockGrantSlot(tx: Tx, orgId: string, datasetId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`data_application:${orgId}:${datasetId}`}, 0))`);
}

/** A pending application, or an approved one not yet expired, makes another one pointless. */
async function assertNoOpenApplication(tx: Tx, orgId: string, datasetId: string, datasetName: string, today: string): Promise<void> {
  const [open] = await tx
    .select({ status: dataApplications.status, validTo: dataApplications.validTo, applicantName })
    .from(dataApplications)
    .leftJoin(applicant, eq(applicant.id, dataApplications.applicantId))
    .leftJoin(applicantKey, eq(applicantKey.id, dataApplications.applicantKeyId))
    .where(
      and(
        eq(dataApplications.orgId, orgId),
        eq(dataApplications.datasetId, datasetId),
        or(eq(dataApplications.status, "pending"), and(eq(dataApplications.status, "approved"), gte(dataApplications.validTo, today))),
      ),
    )
    .limit(1);
  if (!open) return;
  const what = open.status === "pending" ? "待审批的申请" : `有效授权（至 ${open.validTo}）`;
  throw new ConflictError(`本院已有“${datasetName}”的${what}（申请人：${open.applicantName}），无需重复申请`);
}

/** An application nobody could decide would wait forever: refused at once, saying why and what to do. */
async function assertSomeoneDecides(actor: Actor): Promise<void> {
  if (await findDeciderOrg(actor.orgId, who(actor).userId)) return;
  throw new ConflictError(`${actor.orgName}及其上级院都没有可以审批的数据管理员（申请人本人除外），申请无人审批，因此未提交；请联系系统管理员为本院或上级院设置数据管理员`);
}

/** Where the actor's application would go now (the form names it before anything is submitted). */
export async function deciderFor(actor: Actor): Promise<DeciderOrg | null> {
  requirePermission(actor, "data_applications.create");
  return findDeciderOrg(actor.orgId, who(actor).userId);
}

/** 数据申请: asks for the actor's org's rows of a dataset, for a purpose and a period. */
export async function applyForDataset(actor: Actor, input: unknown): Promise<ApplicationView> {
  requirePermission(actor, "data_applications.create");
  requireUserOrKey(actor, "数据申请须由用户本人或本院 API 密钥提交");
  const data = parseApplicationInput(ZApplyInput, input);
  const dataset = await getDatasetByKey(actor, data.datasetKey);
  await assertSomeoneDecides(actor);
  const { userId, keyId } = who(actor);
  const id = await getDb().transaction(async (tx) => {
    await lockGrantSlot(tx, actor.orgId, dataset.id);
    await assertNoOpenApplication(tx, actor.orgId, dataset.id, dataset.name, chinaToday());
    const [row] = await tx
      .insert(dataApplications)
      .values({ datasetId: dataset.id, orgId: actor.orgId, applicantId: userId, applicantKeyId: keyId, purpose: data.purpose, validFrom: data.validFrom, validTo: data.validTo })
      .returning({ id: dataApplications.id });
    await recordAudit(actor, { action: "data_application.create", orgId: actor.orgId, targetType: "data_application", targetId: row.id, detail: { name: dataset.name, purpose: data.purpose, period: `${data.validFrom} 至 ${data.validTo}` } }, tx);
    return row.id;
  });
  return getApplication(actor, id);
}

interface LockedApplication {
  id: string;
  orgId: string;
  applicantId: string | null;
  applicantKeyId: string | null;
  status: ApplicationStatus;
  validFrom: string;
  validTo: string;
  datasetName: string;
}

/** The application routed to the data admin's scope, locked for the decision; 404 otherwise. */
async function lockApplication(tx: Tx, id: string, scope: OrgScope): Promise<LockedApplication> {
  const [row] = await tx
    .select({
      id: dataApplications.id,
      orgId: dataApplications.orgId,
      applicantId: dataApplications.applicantId,
      applicantKeyId: dataApplications.applicantKeyId,
      status: dataApplications.status,
      validFrom: dataApplications.validFrom,
      validTo: dataApplications.validTo,
      datasetName: datasets.name,
    })
    .from(dataApplications)
    .innerJoin(datasets, eq(datasets.id, dataApplications.datasetId))
    .where(and(eq(dataApplications.id, id), routedTo(scope)))
    .for("update", { of: dataApplications })
    .limit(1);
  if (!row) throw new NotFoundError("数据申请");
  return row;
}

function assertDecidable(current: LockedApplication, actor: Actor, approve: boolean): void {
  const own = actor.kind === "api_key" ? current.applicantKeyId === actor.id : current.applicantId === actor.id;
  if (own) throw new ForbiddenError("不能审批本人提交的申请");
  if (current.status !== "pending") {
    throw new ConflictError(`该申请${DISPLAY_STATUS_LABELS[displayStatus(current.status, current.validTo, chinaToday())]}，只能审批待审批的申请`);
  }
  if (approve && current.validTo < chinaToday()) throw new ConflictError("申请期限已过，不能批准；请驳回后由申请人重新申请");
}

/** A data admin the application is routed to approves or rejects it (a comment is required to reject). */
export async function decideApplication(actor: Actor, input: unknown): Promise<ApplicationView> {
  const scope = scopeFor(actor, "data_applications.decide");
  requireUserOrKey(actor, "数据申请须由数据管理员本人或本院 API 密钥审批");
  const data = parseApplicationInput(ZDecideInput, input);
  const approve = data.decision === "approve";
  await getDb().transaction(async (tx) => {
    const current = await lockApplication(tx, data.id, scope);
    assertDecidable(current, actor, approve);
    await tx
      .update(dataApplications)
      .set({ status: approve ? "approved" : "rejected", deciderId: who(actor).userId, deciderKeyId: who(actor).keyId, decidedAt: new Date(), comment: data.comment || null })
      .where(eq(dataApplications.id, current.id));
    await recordAudit(actor, { action: approve ? "data_application.approve" : "data_application.reject", orgId: current.orgId, targetType: "data_application", targetId: current.id, detail: { name: current.datasetName, period: `${current.validFrom} 至 ${current.validTo}`, ...(data.comment ? { comment: data.comment } : {}) } }, tx);
  });
  return getApplication(actor, data.id);
}

/** Ends an approved grant at once (the row stays, as 已撤销). */
export async function revokeGrant(actor: Actor, id: string): Promise<ApplicationView> {
  const scope = scopeFor(actor, "data_applications.decide");
  requireUserOrKey(actor, "数据授权须由数据管理员本人或本院 API 密钥撤销");
  const appId = parseApplicationInput(ZApplicationId, id);
  await getDb().transaction(async (tx) => {
    const current = await lockApplication(tx, appId, scope);
    if (current.status !== "approved") throw new ConflictError("只有已批准的授权可以撤销");
    await tx.update(dataApplications).set({ status: "revoked" }).where(eq(dataApplications.id, current.id));
    await recordAudit(actor, { action: "data_application.revoke", orgId: current.orgId, targetType: "data_application", targetId: current.id, detail: { name: current.datasetName, period: `${current.validFrom} 至 ${current.validTo}` } }, tx);
  });
  return getApplication(actor, appId);
}

/**
 * The dataset keys an org holds a live grant for on a day (approved, the day within the period).
 * For runs and workers, which act for an org rather than a person; callers pass a trusted orgId.
 */
export async function liveGrantDatasetKeys(orgId: string, onDate: string = chinaToday()): Promise<string[]> {
  const rows = await liveGrantKeysQuery(orgId, onDate).orderBy(asc(datasets.key));
  return rows.map((r) => r.key);
}

/** liveGrantDatasetKeys as a query (column `key`), for a caller that reads it with others in one statement. */
export function liveGrantKeysQuery(orgId: string, onDate: string) {
  if (!isIsoDate(onDate)) throw new ValidationError(`日期无效：${onDate}`);
  return getDb()
    .selectDistinct({ key: datasets.key })
    .from(dataApplications)
    .innerJoin(datasets, eq(datasets.id, dataApplications.datasetId))
    .where(
      and(
        eq(dataApplications.orgId, orgId),
        eq(dataApplications.status, "approved"),
        lte(dataApplications.validFrom, onDate),
        gte(dataApplications.validTo, onDate),
      ),
    );
}

/** The dataset keys the actor's org may use now (the rule builder and runs offer only these). */
export async function usableDatasets(actor: Actor): Promise<string[]> {
  return liveGrantDatasetKeys(actor.orgId);
}
