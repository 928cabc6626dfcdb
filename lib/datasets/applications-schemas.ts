// 数据申请: inputs and the status a person reads.
// No database here, so the form and the pages may import it too.
import { z } from "zod";
import type { ApplicationStatus } from "@/db/schema";
import { ValidationError, type FieldIssue } from "../errors";
import { addDays, addYears, chinaToday } from "../calendar/china-date";
import { hasNul, isIsoDate, NUL_MESSAGE, parseInput } from "../validation";

const ZDay = z.string().trim().refine(isIsoDate, "请填写有效日期（YYYY-MM-DD）");

// ---- Inputs ------------------------------------------------------------------------------------

export const ZApplyInput = z
  .object({
    datasetKey: z.string().trim().min(1, "请选择数据资源").max(64, "数据资源标识过长"),
    purpose: z.string().trim().min(10, "用途说明至少 10 个字").max(500, "用途说明不能超过 500 个字").refine((v) => !hasNul(v), NUL_MESSAGE),
    validFrom: ZDay,
    validTo: ZDay,
  })
  .superRefine((v, ctx) => {
    // Yesterday is allowed so a form opened just before midnight still submits.
    if (v.validFrom < addDays(chinaToday(), -1)) ctx.addIssue({ code: "custom", path: ["validFrom"], message: "开始日期不能早于昨天" });
    if (v.validTo < v.validFrom) ctx.addIssue({ code: "custom", path: ["validTo"], message: "结束日期不能早于开始日期" });
    else if (v.validTo > addYears(v.validFrom, 1)) ctx.addIssue({ code: "custom", path: ["validTo"], message: "申请期限不能超过一年" });
  });
export type TApplyInput = z.infer<typeof ZApplyInput>;

export const DECISIONS = ["approve", "reject"] as const;
export type Decision = (typeof DECISIONS)[number];

export const ZDecideInput = z
  .object({
    id: z.uuid("申请标识无效"),
    decision: z.enum(DECISIONS, "请选择批准或驳回"),
    comment: z.string().trim().max(500, "审批意见不能超过 500 个字").refine((v) => !hasNul(v), NUL_MESSAGE).default(""),
  })
  .superRefine((v, ctx) => {
    if (v.decision === "reject" && v.comment === "") ctx.addIssue({ code: "custom", path: ["comment"], message: "驳回时须填写审批意见" });
  });
export type TDecideInput = z.input<typeof ZDecideInput>;

export const ZApplicationId = z.uuid("申请标识无效");

// ---- What a person reads ---------------------------------------------------------------------

/** The stored status, plus 已过期 for an approved grant whose period has ended. */
export const DISPLAY_STATUSES = ["pending", "approved", "rejected", "revoked", "expired"] as const;
export type DisplayStatus = (typeof DISPLAY_STATUSES)[number];

export const DISPLAY_STATUS_LABELS: Record<DisplayStatus, string> = {
  pending: "待审批",
  approved: "已批准",
  rejected: "已驳回",
  revoked: "已撤销",
  expired: "已过期",
};

export const DISPLAY_STATUS_TONES: Record<DisplayStatus, "gray" | "blue" | "green" | "red" | "amber"> = {
  pending: "amber",
  approved: "green",
  rejected: "red",
  revoked: "gray",
  expired: "gray",
};

export function displayStatus(status: ApplicationStatus, validTo: string, today: string): DisplayStatus {
  return status === "approved" && validTo < today ? "expired" : status;
}

export const ZApplicationFilter = z.object({
  status: z.enum(DISPLAY_STATUSES, "未知状态").optional(),
  /** Only the actor's own applications (a data admin who also applies). */
  mine: z.boolean().default(false),
  limit: z.number().int().min(1).max(200).default(100),
});
export type TApplicationFilter = z.input<typeof ZApplicationFilter>;

// ---- Errors in the user's words ----------------------------------------------------------------

const FIELD_LABELS: Record<string, string> = {
  datasetKey: "数据资源",
  purpose: "用途",
  validFrom: "开始日期",
  validTo: "结束日期",
  decision: "审批结果",
  comment: "审批意见",
  id: "申请",
  status: "状态",
};

function summary(issues: FieldIssue[]): string {
  const seen = new Set<string>();
  return issues
    .filter((i) => !seen.has(i.path) && seen.add(i.path))
    .map((i) => `${FIELD_LABELS[i.path] ?? i.path}：${i.message}`)
    .join("；");
}

/** parseInput, with this concept's field names in the summary (lib/validation knows only the shared ones). */
export function parseApplicationInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  try {
    return parseInput(schema, input);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(`输入有误 — ${summary(error.issues)}`, error.issues);
  }
}
