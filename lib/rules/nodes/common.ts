// The value shapes every node kind's schema is built from (no node kinds here: they import this).
import { z } from "zod";
import type { FieldType } from "../../datasets/definition";
import { hasNul, NUL_MESSAGE } from "../../validation";

export const ZAlias = z.string().regex(/^[a-z][a-z0-9_]{0,30}$/, "别名只能由小写字母、数字和下划线组成，以字母开头");
export const ZIdent = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, "名称只能由小写字母、数字和下划线组成，以字母开头");
/** "alias.field" */
export const ZFieldRef = z.string().regex(/^[a-z][a-z0-9_]{0,30}\.[a-z][a-z0-9_]{0,62}$/, "字段引用应写作“别名.字段名”，如 j.case_no");

export const ZDays = z.number().int().min(0).max(36500);
/** Text a rule sends to PostgreSQL as a parameter: it cannot hold a NUL character. */
export const ruleText = (min: number, max: number) => z.string().min(min).max(max).refine((v) => !hasNul(v), NUL_MESSAGE);
// A union's own message is used only when no option came close (a too-long text still says so).
export const ZLiteral = z.union([ruleText(0, 500), z.number().finite(), z.boolean()], { error: "取值应为文本、数字或是/否（true/false）" });
export type Literal = z.infer<typeof ZLiteral>;

/** The run date, shifted by whole days. */
export const ZRunDate = z.object({ runDate: z.object({ plusDays: ZDays.optional(), minusDays: ZDays.optional() }).strict() }).strict();
export type RunDate = z.infer<typeof ZRunDate>;

/** A literal, or the run date ± days. */
export const ZLiteralOrRunDate = z.union([ZLiteral, ZRunDate], { error: "取值应为文本、数字、是/否，或运行日期，如 {\"runDate\": {\"minusDays\": 30}}" });

export const ZDatasetRef = z.object({ dataset: ZIdent, as: ZAlias }).strict();
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
