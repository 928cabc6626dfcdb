import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Db } from "@/db/client";
import { clueEvents, clues, orgs, users, type Clue, type ClueStatus } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { ROLE_PERMISSIONS, ROLES, type Role } from "../auth/permissions";
import { can, inScope, requirePermission, scopeFor } from "../auth/policy";
import { recordAudit } from "../audit/record";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { parseInput } from "../validation";
import { CLUE_ACTION_LABELS, CLUE_STATUS_LABELS, type ClueAction } from "./labels";
import { isClosed, nextStatus } from "./state-machine";

const comment = z.string().trim().max(2000, "说明不能超过 2000 字").optional();

export const ZClueCommand = z.discriminatedUnion(
  "action",
  [
    z.object({ action: z.literal("assign"), assigneeId: z.uuid("请选择承办检察官"), comment }),
    z.object({ action: z.literal("verify"), comment }),
    z.object({ action: z.literal("confirm"), caseNo: z.string().trim().min(1, "成案须填写监督案件号").max(100, "案件号不能超过 100 字"), comment }),
    z.object({ action: z.literal("dismiss"), reason: z.string().trim().min(2, "不成案须填写理由（至少 2 个字）").max(2000, "理由不能超过 2000 字") }),
    z
      .object({
        action: z.literal("transfer"),
        targetOrgId: z.preprocess((v) => (v === "" ? undefined : v), z.uuid("接收院无效").optional()),
        agency: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().min(2, "接收单位名称至少 2 个字").max(100).optional()),
        comment,
      })
      .refine((v) => (v.targetOrgId === undefined) !== (v.agency === undefined), { message: "请选择接收的检察院，或填写外部单位名称（二选一）", path: ["targetOrgId"] }),
    z.object({ action: z.literal("reopen"), reason: z.string().trim().min(2, "重新打开须填写理由（至少 2 个字）").max(2000) }),
    z.object({ action: z.literal("comment"), text: z.string().trim().min(1, "备注不能为空").max(2000, "备注不能超过 2000 字") }),
  ],
  "操作类型无效",
);
export type ClueCommand = z.infer<typeof ZClueCommand>;

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

const TRIAGE_ROLES: Role[] = ROLES.filter((r) => ROLE_PERMISSIONS[r].includes("clues.triage"));

/** Who may do what: the assignee works the clue; a leader assigns and reopens. */
function authorize(actor: Actor, clue: Clue, command: ClueCommand): void {
  const isAssignee = actor.kind === "user" && clue.assigneeId === actor.id;
  switch (command.action) {
    case "assign":
      if (can(actor, "clues.assign")) return;
      if (can(actor, "clues.triage") && actor.kind === "user" && command.assigneeId === actor.id && clue.orgId === actor.orgId) {
        // Taking over a colleague's clue is a leader's decision.
        if (clue.assigneeId === null || clue.assigneeId === actor.id) return;
        throw new ForbiddenError("该线索已分派给其他检察官，改派需院领导操作");
      }
      throw new ForbiddenError("检察官只能将线索分派给自己；分派给他人需院领导操作");
    case "reopen":
      requirePermission(actor, "clues.reopen");
      return;
    case "comment":
      if (can(actor, "clues.triage") || can(actor, "clues.assign")) return;
      throw new ForbiddenError();
    default:
      requirePermission(actor, "clues.triage");
      if (!isAssignee) throw new ForbiddenError("只有承办检察官可以办理该线索，请先分派给自己");
  }
}

async function assertAssignable(tx: Tx, clue: Clue, assigneeId: string): Promise<string> {
  const [user] = await tx
    .select({ name: users.name, roles: users.roles, disabled: users.disabled, orgId: users.orgId })
    .from(users)
    .where(eq(users.id, assigneeId));
  if (!user || user.orgId !== clue.orgId) throw new ValidationError("承办人须为线索所属院的检察官", [{ path: "assigneeId", message: "承办人不在本院" }]);
  if (user.disabled) throw new ValidationError("该账号已停用，不能承办线索", [{ path: "assigneeId", message: "账号已停用" }]);
  if (!user.roles.some((r) => (TRIAGE_ROLES as string[]).includes(r))) throw new ValidationError("承办人须具有检察官角色", [{ path: "assigneeId", message: "不是检察官" }]);
  return user.name;
}

async function lockClue(tx: Tx, actor: Actor, id: number): Promise<Clue> {
  const scope = scopeFor(actor, "clues.read");
  const [clue] = await tx
    .select()
    .from(clues)
    .where(and(eq(clues.id, id), inScope(clues.orgId, scope)))
    .for("update");
  if (!clue) throw new NotFoundError("线索");
  return clue;
}

/** Transfer to another procuratorate of the tree: the receiving org gets its own clue (待分派). */
async function transferIn(tx: Tx, actor: Actor, clue: Clue, targetOrgId: string): Promise<{ id: number; orgName: string }> {
  const [target] = await tx.select({ id: orgs.id, name: orgs.name }).from(orgs).where(eq(orgs.id, targetOrgId));
  if (!target) throw new ValidationError("接收院不存在", [{ path: "targetOrgId", message: "接收院不存在" }]);
  if (target.id === clue.orgId) throw new ValidationError("不能移送给本院", [{ path: "targetOrgId", message: "不能移送给本院" }]);
  const [created] = await tx
    .insert(clues)
    .values({
      orgId: target.id,
      modelId: clue.modelId,
      modelVersionId: clue.modelVersionId,
      dedupKey: clue.dedupKey,
      title: clue.title,
      subjectKind: clue.subjectKind,
      subjectName: clue.subjectName,
      subjectId: clue.subjectId,
      evidence: clue.evidence,
      businessLine: clue.businessLine,
      streakStart: 0,
      sourceClueId: clue.id,
    })
    .onConflictDoNothing()
    .returning({ id: clues.id });
  const receivingId =
    created?.id ??
    (await tx.select({ id: clues.id }).from(clues).where(and(eq(clues.modelId, clue.modelId), eq(clues.orgId, target.id), eq(clues.dedupKey, clue.dedupKey))))[0].id;
  await tx.insert(clueEvents).values({
    clueId: receivingId,
    orgId: target.id,
    actorId: actor.kind === "user" ? actor.id : null,
    actorName: actor.name,
    action: "transferred_in",
    toStatus: created ? "new" : null,
    comment: `由${actor.orgName}移送`,
    detail: { sourceClueId: clue.id },
  });
  return { id: receivingId, orgName: target.name };
}

/**
 * Reopening a clue transferred to another procuratorate: the receiving org's clue keeps its own
 * course (it may already be worked), but its history says the source reopened it, and why.
 */
async function tellReceiver(tx: Tx, actor: Actor, clue: Clue, reason: string): Promise<number | null> {
  if (!clue.transferOrgId) return null;
  const [received] = await tx
    .select({ id: clues.id, status: clues.status })
    .from(clues)
    .where(and(eq(clues.sourceClueId, clue.id), eq(clues.orgId, clue.transferOrgId)));
  if (!received) return null;
  await tx.insert(clueEvents).values({
    clueId: received.id,
    orgId: clue.transferOrgId,
    actorId: actor.kind === "user" ? actor.id : null,
    actorName: actor.name,
    action: "comment",
    fromStatus: received.status,
    toStatus: received.status,
    comment: `${actor.orgName}已重新打开移送来的原线索 #${clue.id}：${reason}`,
    detail: { sourceClueId: clue.id, sourceReopened: true },
  });
  return received.id;
}

interface Applied {
  clue: Clue;
  from: ClueStatus;
  to: ClueStatus;
}

/** Applies one command to a locked clue inside `tx`: checks, updates, history, audit. */
async function apply(tx: Tx, actor: Actor, clue: Clue, command: ClueCommand): Promise<Applied> {
  authorize(actor, clue, command);
  const to = nextStatus(command.action, clue.status, clue.assigneeId !== null);
  if (!to) {
    throw new ConflictError(`线索当前状态为“${CLUE_STATUS_LABELS[clue.status]}”，不能执行“${CLUE_ACTION_LABELS[command.action]}”`);
  }
  const now = new Date();
  const set: Partial<typeof clues.$inferInsert> = {};
  const detail: Record<string, unknown> = {};
  let text: string | null = "comment" in command ? (command.comment ?? null) : null;
  switch (command.action) {
    case "assign":
      set.assigneeId = command.assigneeId;
      detail.assigneeName = await assertAssignable(tx, clue, command.assigneeId);
      break;
    case "confirm":
      set.caseNo = command.caseNo;
      detail.caseNo = command.caseNo;
      break;
    case "dismiss":
      set.dismissReason = command.reason;
      text = command.reason;
      break;
    case "transfer":
      if (command.targetOrgId) {
        const received = await transferIn(tx, actor, clue, command.targetOrgId);
        set.transferOrgId = command.targetOrgId;
        Object.assign(detail, { targetOrgName: received.orgName, receivingClueId: received.id });
      } else {
        set.transferAgency = command.agency;
        detail.agency = command.agency;
      }
      break;
    case "reopen": {
      text = command.reason;
      const receivingClueId = await tellReceiver(tx, actor, clue, command.reason);
      if (receivingClueId) detail.receivingClueId = receivingClueId;
      Object.assign(set, { caseNo: null, dismissReason: null, transferOrgId: null, transferAgency: null });
      break;
    }
    case "comment":
      text = command.text;
      break;
  }
  if (to !== clue.status) {
    set.status = to;
    set.statusChangedAt = now;
    set.closedAt = isClosed(to) ? now : null;
  }
  const [updated] = Object.keys(set).length > 0 ? await tx.update(clues).set(set).where(eq(clues.id, clue.id)).returning() : [clue];
  await tx.insert(clueEvents).values({
    clueId: clue.id,
    orgId: clue.orgId,
    at: now,
    actorId: actor.kind === "user" ? actor.id : null,
    actorName: actor.name,
    action: command.action,
    fromStatus: clue.status,
    toStatus: to,
    comment: text,
    detail,
  });
  if (command.action !== "comment") {
    await recordAudit(
      actor,
      { action: command.action === "assign" ? "clue.assign" : "clue.transition", orgId: clue.orgId, targetType: "clue", targetId: String(clue.id), detail: { title: clue.title, action: CLUE_ACTION_LABELS[command.action], from: CLUE_STATUS_LABELS[clue.status], to: CLUE_STATUS_LABELS[to], ...detail } },
      tx,
    );
  }
  return { clue: updated, from: clue.status, to };
}

/** One triage step on one clue (the state machine lives here, not in the UI). */
export async function actOnClue(actor: Actor, id: number | string, input: unknown): Promise<Clue> {
  requirePermission(actor, "clues.read");
  const command = parseInput(ZClueCommand, input);
  const clueId = Number(id);
  if (!Number.isSafeInteger(clueId)) throw new NotFoundError("线索");
  return getDb().transaction(async (tx) => (await apply(tx, actor, await lockClue(tx, actor, clueId), command)).clue);
}

const ZBulkAssign = z.object({
  ids: z.array(z.coerce.number().int().positive()).min(1, "请先勾选线索").max(500, "一次最多分派 500 条线索"),
  assigneeId: z.uuid("请选择承办检察官"),
});

/** Assigns several clues at once: all or none (the message names the clues that cannot be). */
export async function assignClues(actor: Actor, input: unknown): Promise<number> {
  const { ids, assigneeId } = parseInput(ZBulkAssign, input);
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  return getDb().transaction(async (tx) => {
    const refused: string[] = [];
    for (const id of unique) {
      try {
        await apply(tx, actor, await lockClue(tx, actor, id), { action: "assign", assigneeId });
      } catch (error) {
        if (error instanceof ConflictError || error instanceof NotFoundError) refused.push(`#${id}：${error.message}`);
        else throw error;
      }
    }
    if (refused.length > 0) throw new ConflictError(`以下线索不能分派，本次未作任何更改 — ${refused.slice(0, 5).join("；")}${refused.length > 5 ? ` 等 ${refused.length} 条` : ""}`);
    return unique.length;
  });
}

export interface Assignee {
  id: string;
  name: string;
  username: string;
}

/** The prosecutors a clue of `orgId` may be assigned to (enabled users holding a triage role). */
export async function assignableUsers(actor: Actor, orgId: string): Promise<Assignee[]> {
  const scope = scopeFor(actor, "clues.read");
  return getDb()
    .select({ id: users.id, name: users.name, username: users.username })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.disabled, false), sql`${users.roles} && ${sql.raw(`array[${TRIAGE_ROLES.map((r) => `'${r}'`).join(",")}]::text[]`)}`, inScope(users.orgId, scope)))
    .orderBy(users.name);
}

/** The actions the UI offers this actor on this clue (the commands re-check everything). */
export function offeredActions(actor: Actor, clue: { status: ClueStatus; assigneeId: string | null; orgId: string }): ClueAction[] {
  const isAssignee = actor.kind === "user" && clue.assigneeId === actor.id;
  const offered: ClueAction[] = [];
  const possible = (a: ClueAction): boolean => nextStatus(a, clue.status, clue.assigneeId !== null) !== null;
  const selfAssignable = can(actor, "clues.triage") && clue.orgId === actor.orgId && (clue.assigneeId === null || isAssignee);
  if (possible("assign") && (can(actor, "clues.assign") || selfAssignable)) offered.push("assign");
  if (isAssignee && can(actor, "clues.triage")) for (const a of ["verify", "confirm", "dismiss", "transfer"] as const) if (possible(a)) offered.push(a);
  if (possible("reopen") && can(actor, "clues.reopen")) offered.push("reopen");
  if (can(actor, "clues.triage") || can(actor, "clues.assign")) offered.push("comment");
  return offered;
}

/** Procuratorates a clue may be transferred to: every org of the tree but the clue's own. */
export async function transferTargets(actor: Actor, clueOrgId: string): Promise<{ id: string; name: string }[]> {
  requirePermission(actor, "clues.triage");
  return getDb()
    .select({ id: orgs.id, name: orgs.name })
    .from(orgs)
    .where(sql`${orgs.id} <> ${clueOrgId}`)
    .orderBy(orgs.path);
}
