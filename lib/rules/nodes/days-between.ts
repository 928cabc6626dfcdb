// Whole days from one date field to another (to − from), compared with a number:
// { daysBetween: { from, to }, op, value } (±100 years: PostgreSQL compares it as an integer).
import { z } from "zod";
import { FIELD_TYPE_LABELS } from "../../datasets/definition";
import { COMPARISON_OPS, isDateType, SQL_OPS, ZFieldRef, ZParamRef, type ComparisonOp } from "./common";
import { IF_EMPTY_INPUT, ZIfEmpty } from "./if-empty";
import type { LeafKind } from "./types";

export const ZDaysBetween = z
  .object({
    daysBetween: z.object({ from: ZFieldRef, to: ZFieldRef }).strict(),
    op: z.enum(COMPARISON_OPS),
    // refine, not int(): zod's int() aborts, and the union would then say only that nothing matched.
    value: z.union(
      [z.number().min(-36500, "相隔天数不能小于 -36500").max(36500, "相隔天数不能大于 36500").refine(Number.isInteger, "相隔天数须为整数"), ZParamRef],
      { error: (iss) => (iss.input === undefined ? undefined : "相隔天数应为整数，或参数，如 {\"param\": \"maxDays\"}") },
    ),
    ifEmpty: ZIfEmpty,
  })
  .strict();
export type DaysBetween = z.infer<typeof ZDaysBetween>;

const DAY_OPS: Record<ComparisonOp, string> = { eq: "等于", ne: "不等于", lt: "少于", lte: "不超过", gt: "超过", gte: "不少于" };
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/** Days from one ISO date to another, or undefined when either is not a date. */
export function daysFromTo(from: unknown, to: unknown): number | undefined {
  const toUtc = (v: unknown): number | undefined => {
    const m = typeof v === "string" ? ISO_DATE.exec(v) : null;
    return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : undefined;
  };
  const a = toUtc(from);
  const b = toUtc(to);
  return a === undefined || b === undefined ? undefined : Math.round((b - a) / 86_400_000);
}

export const daysBetween: LeafKind<DaysBetween> = {
  meta: {
    kind: "daysBetween",
    label: "相隔天数",
    ops: COMPARISON_OPS.map((op) => ({ op, label: DAY_OPS[op] })),
    fieldTypes: ["date", "timestamp"],
    inputs: [
      { name: "daysBetween.from", label: "起始日期字段", kind: "field" },
      { name: "daysBetween.to", label: "截止日期字段", kind: "field" },
      { name: "value", label: "天数", kind: "integer", param: true },
      IF_EMPTY_INPUT,
    ],
  },
  key: "daysBetween",
  leaf: true,
  schema: () => ZDaysBetween,
  check(c, walk, scope, path) {
    for (const end of ["from", "to"] as const) {
      const t = walk.field(scope, `${path}.daysBetween.${end}`, c.daysBetween[end]);
      if (t && !isDateType(t)) walk.issue(`${path}.daysBetween.${end}`, `字段 ${c.daysBetween[end]} 是${FIELD_TYPE_LABELS[t]}，不能计算相隔天数`);
    }
    walk.number(`${path}.value`, c.value, true);
  },
  compile(c, walk, scope) {
    const from = walk.column(scope, c.daysBetween.from).sql;
    const to = walk.column(scope, c.daysBetween.to).sql;
    return `((${to})::date - (${from})::date) ${SQL_OPS[c.op]} ${walk.param(c.value, "integer")}`;
  },
  text(c, walk, scope) {
    return `自 ${walk.field(scope, c.daysBetween.from).text} 至 ${walk.field(scope, c.daysBetween.to).text} 的天数${DAY_OPS[c.op]} ${walk.number(c.value)} 日`;
  },
  value(c, walk) {
    const days = daysFromTo(walk.rawValue(c.daysBetween.from).value, walk.rawValue(c.daysBetween.to).value);
    return days === undefined ? undefined : `${days} 日`;
  },
};
