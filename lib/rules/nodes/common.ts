// The value shapes every node kind's schema is built from (no node kinds here: they import this).
import { z } from "zod";
import type { FieldType } from "../../datasets/definition";
import { hasNul, NUL_MESSAGE } from "../../validation";

export const ZAlias = z.string().regex(/^[a-z][a-z0-9_]{0,30}$/, "别名只能由小写字母、数字和下划线组成，以字母开头");
export const ZIdent = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, "名称只能由小写字母、数字和下划线组成，以字母开头");
/** "alias.field" */
export const ZFieldRef = z.string().regex(/^[a-z][a-z0-9_]{0,30}\.[a-z][a-z0-9_]{0,62}$/, "字段引用应写作“别名.字段名”，如 j.case_no");

/** A parameter's name: letters, digits and underscores, starting with a letter (graceDays). */
export const ZParamName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,62}$/, "参数名只能由字母、数字和下划线组成，以字母开头，如 graceDays");

export const ZDays = z.number().int().min(0).max(36500);

/**
 * A rule parameter standing where a literal may: { "param": "graceDays" }. Its value is the
 * rule's declared default, or the running org's setting (./param.ts resolves it); it is always
 * sent as a bind value, never written into the statement.
 */
export const ZParamRef = z.object({ param: ZParamName }).strict();
export type ParamRef = z.infer<typeof ZParamRef>;

export function isParamRef(v: unknown): v is ParamRef {
  return typeof v === "object" && v !== null && "param" in v;
}

/** Whole days, or a parameter holding them. */
export const ZDaysOrParam = z.union([ZDays, ZParamRef], { error: "天数应为 0 至 36500 的整数，或参数，如 {\"param\": \"graceDays\"}" });
export type DaysOrParam = z.infer<typeof ZDaysOrParam>;
/** Text a rule sends to PostgreSQL as a parameter: it cannot hold a NUL character. */
export const ruleText = (min: number, max: number) => z.string().min(min).max(max).refine((v) => !hasNul(v), NUL_MESSAGE);
// A union's own message is used only when no option came close (a too-long text still says so).
export const ZLiteral = z.union([ruleText(0, 500), z.number().finite(), z.boolean()], { error: "取值应为文本、数字或是/否（true/false）" });
export type Literal = z.infer<typeof ZLiteral>;

/** A literal, or a parameter in its place. */
export const ZLiteralOrParam = z.union([ZLiteral, ZParamRef], { error: "取值应为文本、数字、是/否（true/false），或参数，如 {\"param\": \"minAmount\"}" });
export type LiteralOrParam = z.infer<typeof ZLiteralOrParam>;

/** Whole calendar months (at most 100 years). */
export const ZMonths = z.number().int("月数须为整数").min(0, "月数不能为负：向前请用 minusMonths").max(1200, "月数不能超过 1200（100 年）");
/** Whole months, or a parameter holding them. */
export const ZMonthsOrParam = z.union([ZMonths, ZParamRef], { error: "月数应为 0 至 1200 的整数，或参数，如 {\"param\": \"lookbackMonths\"}" });
export type MonthsOrParam = z.infer<typeof ZMonthsOrParam>;

/** Where the run date lands in its month after the months: its first or its last day. */
export const MONTH_DAYS = ["first", "last"] as const;

/**
 * The run date, moved by whole calendar months, then to the first or last day of that month
 * (`day`), then by whole days: { "runDate": { "minusMonths": 1, "day": "last" } } is the last day
 * of the previous month.
 */
export const ZRunDate = z
  .object({
    runDate: z
      .object({
        plusDays: ZDaysOrParam.optional(),
        minusDays: ZDaysOrParam.optional(),
        plusMonths: ZMonthsOrParam.optional(),
        minusMonths: ZMonthsOrParam.optional(),
        day: z.enum(MONTH_DAYS).optional(),
      })
      .strict(),
  })
  .strict();
export type RunDate = z.infer<typeof ZRunDate>;

/** A literal, a parameter, or the run date ± days. */
export const ZLiteralOrRunDate = z.union([ZLiteral, ZRunDate, ZParamRef], {
  error: "取值应为文本、数字、是/否，运行日期，如 {\"runDate\": {\"minusDays\": 30}}，或参数，如 {\"param\": \"graceDays\"}",
});
export type Operand = z.infer<typeof ZLiteralOrRunDate>;

/**
 * The Chinese name of a dataset's role in a rule (门诊结算, 住院结算): explanations and evidence
 * headers show it instead of the dataset's name and the alias's letter.
 */
export const ZAliasLabel = ruleText(1, 20).refine((v) => v.trim() === v && !/[{}]/.test(v), "别名标签不能以空格开头或结尾，不能含 { }");

export const ZDatasetRef = z.object({ dataset: ZIdent, as: ZAlias, label: ZAliasLabel.optional() }).strict();
export type DatasetRef = z.infer<typeof ZDatasetRef>;

export const COMPARISON_OPS = ["eq", "ne", "lt", "lte", "gt", "gte"] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];
/** The SQL of each comparison. */
export const SQL_OPS: Record<ComparisonOp, string> = { eq: "=", ne: "<>", lt: "<", lte: "<=", gt: ">", gte: ">=" };

export const isDateType = (t: FieldType | undefined): boolean => t === "date" || t === "timestamp";
export const isNumberType = (t: FieldType | undefined): boolean => t === "integer" || t === "numeric";

/** A column expression shifted by whole days (an interval for timestamps). */
export function shiftDays(sql: string, type: FieldType, days: number): string {
  if (days === 0) return sql;
  const sign = days > 0 ? "+" : "-";
  return type === "timestamp" ? `(${sql} ${sign} interval '${Math.abs(days)} days')` : `(${sql} ${sign} ${Math.abs(days)})`;
}
