// A field compared with a literal, the run date ± days, or another field ± days: { field, op, value | ref }.
import { z } from "zod";
import { FIELD_TYPE_LABELS, FIELD_TYPES, type FieldType } from "../../datasets/definition";
import { COMPARISON_OPS, isDateType, isNumberType, SQL_OPS, ZDaysOrParam, ZFieldRef, ZLiteralOrRunDate, type ComparisonOp, ZMonthsOrParam } from "./common";
import { addMonthsSql } from "./calendar-sql";
import { IF_EMPTY_INPUT, ZIfEmpty } from "./if-empty";
import type { LeafKind } from "./types";

const SHIFTS = ["plusDays", "minusDays"] as const;
const MONTH_SHIFTS = ["plusMonths", "minusMonths"] as const;
const MONTHS_BESIDE_VALUE = `plusMonths、minusMonths 只用于另一日期字段（ref）加减月数；运行日期加减月数请写在 runDate 内，如 {"runDate": {"minusMonths": 3}}；固定日期请直接写出`;
const SHIFT_BESIDE_VALUE = `plusDays、minusDays 只用于另一日期字段（ref）加减天数；运行日期加减天数请写在 runDate 内，如 {"runDate": {"minusDays": 30}}；固定日期请直接写出`;

export const ZComparison = z
  .object({
    field: ZFieldRef,
    op: z.enum(COMPARISON_OPS),
    /** A literal, or the run date ± days. */
    value: ZLiteralOrRunDate.optional(),
    /** Another field (of this rule or an outer one), optionally ± days when it is a date. */
    ref: ZFieldRef.optional(),
    plusDays: ZDaysOrParam.optional(),
    minusDays: ZDaysOrParam.optional(),
    /** Calendar months added to the other date before its days (the 31st becomes a shorter month's last day). */
    plusMonths: ZMonthsOrParam.optional(),
    minusMonths: ZMonthsOrParam.optional(),
    ifEmpty: ZIfEmpty,
  })
  .strict()
  .superRefine((c, ctx) => {
    if ((c.value === undefined) === (c.ref === undefined)) ctx.addIssue({ code: "custom", message: "比较条件须有且只有一个 value 或 ref" });
    // Beside a literal a shift was silently ignored: refused, saying where it belongs.
    else if (c.value !== undefined) {
      for (const key of SHIFTS) if (c[key] !== undefined) ctx.addIssue({ code: "custom", path: [key], message: SHIFT_BESIDE_VALUE });
      for (const key of MONTH_SHIFTS) if (c[key] !== undefined) ctx.addIssue({ code: "custom", path: [key], message: MONTHS_BESIDE_VALUE });
    }
  });
export type Comparison = z.infer<typeof ZComparison>;

export const PLAIN_OPS: Record<ComparisonOp, string> = { eq: "等于", ne: "不等于", lt: "小于", lte: "不大于", gt: "大于", gte: "不小于" };
const DATE_OPS: Record<ComparisonOp, string> = { eq: "等于", ne: "不等于", lt: "早于", lte: "不晚于", gt: "晚于", gte: "不早于" };

/** Which kind of value a field type compares with (date and timestamp compare; so do the numbers). */
function family(t: FieldType): string {
  return isDateType(t) ? "date" : isNumberType(t) ? "number" : t;
}

export const comparison: LeafKind<Comparison> = {
  meta: {
    kind: "comparison",
    label: "比较",
    ops: COMPARISON_OPS.map((op) => ({ op, label: PLAIN_OPS[op] })),
    fieldTypes: FIELD_TYPES,
    inputs: [
      { name: "field", label: "字段", kind: "field" },
      { name: "value", label: "取值或运行日期", kind: "literalOrRunDate", optional: true, param: true },
      { name: "ref", label: "另一字段", kind: "field", optional: true },
      { name: "plusDays", label: "另一字段加天数", kind: "days", optional: true, param: true },
      { name: "minusDays", label: "另一字段减天数", kind: "days", optional: true, param: true },
      { name: "plusMonths", label: "另一字段加月数", kind: "months", optional: true, param: true },
      { name: "minusMonths", label: "另一字段减月数", kind: "months", optional: true, param: true },
      IF_EMPTY_INPUT,
    ],
  },
  leaf: true,
  schema: () => ZComparison,
  check(c, walk, scope, path) {
    const type = walk.field(scope, `${path}.field`, c.field);
    if (!type) return;
    const name = c.field.split(".")[1];
    if (type === "boolean" && c.op !== "eq" && c.op !== "ne") walk.issue(`${path}.op`, `字段 ${name} 是是/否值，只能判断等于或不等于`);
    if (c.value !== undefined) walk.operand(type, name, `${path}.value`, c.value);
    if (c.ref === undefined) return;
    const other = walk.field(scope, `${path}.ref`, c.ref);
    if (!other) return;
    if (family(other) !== family(type)) walk.issue(`${path}.ref`, `字段 ${name} 是${FIELD_TYPE_LABELS[type]}，不能与${FIELD_TYPE_LABELS[other]}字段 ${c.ref} 比较`);
    if ((c.plusDays !== undefined || c.minusDays !== undefined) && !isDateType(other)) walk.issue(`${path}.plusDays`, `只有日期字段可以加减天数`);
    walk.days(`${path}.plusDays`, c.plusDays);
    walk.days(`${path}.minusDays`, c.minusDays);
    if ((c.plusMonths !== undefined || c.minusMonths !== undefined) && !isDateType(other)) walk.issue(`${path}.${c.plusMonths !== undefined ? "plusMonths" : "minusMonths"}`, `只有日期字段可以加减月数`);
    walk.months(`${path}.plusMonths`, c.plusMonths);
    walk.months(`${path}.minusMonths`, c.minusMonths);
  },
  compile(c, walk, scope) {
    const col = walk.column(scope, c.field);
    if (c.value !== undefined) return `${col.sql} ${SQL_OPS[c.op]} ${walk.operand(col.type, c.value)}`;
    const other = walk.column(scope, c.ref!);
    const moved = addMonthsSql(other.sql, other.type, walk.months(c.plusMonths, c.minusMonths));
    return `${col.sql} ${SQL_OPS[c.op]} ${walk.shift(moved, other.type, c.plusDays, c.minusDays)}`;
  },
  text(c, walk, scope) {
    const { text: field, type } = walk.field(scope, c.field);
    const op = (isDateType(type) ? DATE_OPS : PLAIN_OPS)[c.op];
    if (c.value !== undefined) return `${field} ${op} ${walk.literal(c.value, type)}`;
    return `${field} ${op} ${walk.field(scope, c.ref ?? "").text}${walk.months(c.plusMonths, c.minusMonths)}${walk.shift(c.plusDays, c.minusDays)}`;
  },
  value: (c, walk) => walk.value(c.field),
};
