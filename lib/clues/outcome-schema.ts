// 监督成效: which kinds carry an amount or a feedback date, and the one input schema.
// No database here, so the outcome form imports it too.
import { z } from "zod";
import { OUTCOME_KINDS, type OutcomeKind } from "@/db/schema";
import { hasNul, isIsoDate, NUL_MESSAGE } from "../validation";
import { parseAmount } from "./amount";

/** Only 挽回经济损失 has an amount (it is what the 挽回 totals add up); only 整改反馈 a feedback date. */
export const OUTCOME_KIND_FIELDS: Record<OutcomeKind, { amount: boolean; feedbackDate: boolean }> = {
  recommendation: { amount: false, feedbackDate: false },
  correction_notice: { amount: false, feedbackDate: false },
  case_supervision: { amount: false, feedbackDate: false },
  protest: { amount: false, feedbackDate: false },
  clue_transfer: { amount: false, feedbackDate: false },
  recovery: { amount: true, feedbackDate: false },
  rectification: { amount: false, feedbackDate: true },
};

const day = z.string().refine(isIsoDate, "应为有效日期，格式 YYYY-MM-DD");
const blank = (v: unknown): unknown => (v === "" || v === null ? undefined : v);
/** Free text that is stored: PostgreSQL text cannot hold a NUL. */
const text = (max: number, message: string) => z.string().trim().max(max, message).refine((v) => !hasNul(v), NUL_MESSAGE);

const amount = z.union([z.string(), z.number()], "金额须为数字").transform((value, ctx): number => {
  const parsed = parseAmount(value);
  if (parsed.ok) return parsed.yuan;
  ctx.addIssue({ code: "custom", message: parsed.message });
  return z.NEVER;
});

export const ZOutcome = z
  .object({
    kind: z.enum(OUTCOME_KINDS, "请选择成效类型"),
    amount: z.preprocess(blank, amount.optional()),
    feedbackDate: z.preprocess(blank, day.optional()),
    documentNo: z.preprocess(blank, text(100, "文书号不能超过 100 字").optional()),
    note: z.preprocess(blank, text(2000, "说明不能超过 2000 字").optional()),
  })
  .superRefine((v, ctx) => {
    const fields = OUTCOME_KIND_FIELDS[v.kind];
    if (fields.amount && v.amount === undefined) ctx.addIssue({ code: "custom", path: ["amount"], message: "挽回经济损失须填写金额（元）" });
    // An amount on another kind would be counted as money recovered: refused, never dropped silently.
    if (!fields.amount && v.amount !== undefined) ctx.addIssue({ code: "custom", path: ["amount"], message: "只有挽回经济损失可以填写金额" });
    if (fields.feedbackDate && v.feedbackDate === undefined) ctx.addIssue({ code: "custom", path: ["feedbackDate"], message: "整改反馈须填写收到反馈的日期" });
    if (!fields.feedbackDate && v.feedbackDate !== undefined) ctx.addIssue({ code: "custom", path: ["feedbackDate"], message: "只有整改反馈可以填写反馈日期" });
  });
export type TOutcomeInput = z.input<typeof ZOutcome>;
