// Calendar months: the month of a date field compared with the month of another date field
// (± whole months), of the run date (± months) or with a month written out:
//   { "month": "p.pay_month", "op": "gt", "ref": "a.admission_date" }               晚于收押所在月
//   { "month": "p.pay_month", "op": "eq", "ref": "r.release_date" }                 同一个月
//   { "month": "p.pay_month", "op": "gte", "value": { "runDate": { "minusMonths": 24 } } }
//   { "month": "p.pay_month", "op": "eq", "value": "2026-03" }
// The SQL bounds the field itself by first days of months (`field >= <first day>`, `field < <first
// day of the next month>`), so an index on the field still serves; the first days are computed on
// `timestamp without time zone` (a timestamptz field is read on China's calendar first), so the
// session's TimeZone never moves a month. See docs/rules.md “日历月份”.
import { z } from "zod";
import { FIELD_TYPE_LABELS } from "../../datasets/definition";
import { addMonths, chinaDay, firstDayOfMonth, monthLabel, monthOf } from "../../calendar/china-date";
import { DATE_MESSAGE, isIsoDate } from "../../validation";
import { RUN_DATE_PARAM } from "../params";
import { chinaDaySql, monthStartSql } from "./calendar-sql";
import { COMPARISON_OPS, isDateType, ZFieldRef, ZMonthsOrParam, ZRunDate, type ComparisonOp } from "./common";
import { IF_EMPTY_INPUT, ZIfEmpty } from "./if-empty";
import type { CompileWalk, DefScope, LeafKind } from "./types";

const ZMonthText = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "月份应写作 YYYY-MM，如 2026-03");
const VALUE_MESSAGE = `取值应为月份（YYYY-MM，如 2026-03）或运行日期，如 {"runDate": {"minusMonths": 3}}`;

export const ZMonthCompare = z
  .object({
    month: ZFieldRef,
    op: z.enum(COMPARISON_OPS),
    /** A month "YYYY-MM", or the run date's month ± months. */
    value: z.union([ZMonthText, ZRunDate], { error: VALUE_MESSAGE }).optional(),
    /** Another date field (of this rule or an outer one), whose month is compared, ± months. */
    ref: ZFieldRef.optional(),
    plusMonths: ZMonthsOrParam.optional(),
    minusMonths: ZMonthsOrParam.optional(),
    ifEmpty: ZIfEmpty,
  })
  .strict()
  .refine((c) => (c.value === undefined) !== (c.ref === undefined), "月份比较须有且只有一个 value 或 ref");
export type MonthCompare = z.infer<typeof ZMonthCompare>;

/** The builder's labels: `eq` reads “同一个月” (in the same month as). */
const OP_LABELS: Record<ComparisonOp, string> = { eq: "同一个月", ne: "不同月", lt: "早于", lte: "不晚于", gt: "晚于", gte: "不早于" };
/** How a line reads: “…所在月晚于…所在月”. */
const LINE_OPS: Record<ComparisonOp, string> = { eq: "为", ne: "不为", lt: "早于", lte: "不晚于", gt: "晚于", gte: "不早于" };

/** The first day of the compared month, `extra` months on: the bound the field is held against. */
function boundSql(c: MonthCompare, walk: CompileWalk, scope: DefScope, extra: number): string {
  if (c.ref !== undefined) {
    const other = walk.column(scope, c.ref);
    return monthStartSql(other.sql, other.type, walk.months(c.plusMonths, c.minusMonths, extra));
  }
  const value = c.value!;
  if (typeof value === "string") return walk.param(firstDayOfMonth(addMonths(value, extra)), "date");
  const { plusMonths, minusMonths, ...rest } = value.runDate;
  // Months move the month itself: folded into one interval. Days or a day of the month move the date first.
  if (Object.values(rest).every((v) => v === undefined)) return monthStartSql(`${RUN_DATE_PARAM}::date`, "date", walk.months(plusMonths, minusMonths, extra));
  return monthStartSql(walk.operand("date", value), "date", walk.months(undefined, undefined, extra));
}

/** “2026-03-31” → “2026年3月”; an instant by China's calendar; other values as they are. */
function monthOfValue(value: string | undefined): string | undefined {
  if (value === undefined || !/^\d{4}-\d{2}-\d{2}/.test(value)) return value;
  const at = value.length > 10 ? new Date(value) : null;
  return monthLabel(monthOf(at && !Number.isNaN(at.getTime()) ? chinaDay(at) : value));
}

export const month: LeafKind<MonthCompare> = {
  meta: {
    kind: "month",
    label: "月份比较",
    ops: COMPARISON_OPS.map((op) => ({ op, label: OP_LABELS[op] })),
    fieldTypes: ["date", "timestamp"],
    inputs: [
      { name: "month", label: "日期字段（取其所在月）", kind: "field" },
      { name: "value", label: "月份或运行日期所在月", kind: "monthOrRunDate", optional: true },
      { name: "ref", label: "另一日期字段（取其所在月）", kind: "field", optional: true },
      { name: "plusMonths", label: "另一字段所在月加月数", kind: "months", optional: true, param: true },
      { name: "minusMonths", label: "另一字段所在月减月数", kind: "months", optional: true, param: true },
      IF_EMPTY_INPUT,
    ],
  },
  key: "month",
  leaf: true,
  schema: () => ZMonthCompare,
  check(c, walk, scope, path) {
    for (const [key, ref] of [["month", c.month], ["ref", c.ref]] as const) {
      if (ref === undefined) continue;
      const type = walk.field(scope, `${path}.${key}`, ref);
      if (type && !isDateType(type)) walk.issue(`${path}.${key}`, `字段 ${ref} 是${FIELD_TYPE_LABELS[type]}，不能取月份`);
    }
    if (typeof c.value === "string" && !isIsoDate(firstDayOfMonth(c.value))) walk.issue(`${path}.value`, `月份 ${c.value} 无效：${DATE_MESSAGE}`);
    if (typeof c.value === "object") walk.operand("date", c.month.split(".")[1], `${path}.value`, c.value);
    walk.months(`${path}.plusMonths`, c.plusMonths);
    walk.months(`${path}.minusMonths`, c.minusMonths);
    if (c.ref === undefined) {
      for (const key of ["plusMonths", "minusMonths"] as const) {
        if (c[key] !== undefined) walk.issue(`${path}.${key}`, `加减月数只用于另一日期字段（ref）；运行日期请写作 {"runDate": {"minusMonths": 3}}，月份请直接写出`);
      }
    }
  },
  compile(c, walk, scope) {
    const col = walk.column(scope, c.month);
    const day = chinaDaySql(col.sql, col.type);
    const bound = (extra: number): string => boundSql(c, walk, scope, extra);
    switch (c.op) {
      case "eq":
        return `(${day} >= ${bound(0)} and ${day} < ${bound(1)})`;
      case "ne":
        return `(${day} < ${bound(0)} or ${day} >= ${bound(1)})`;
      case "lt":
        return `${day} < ${bound(0)}`;
      case "lte":
        return `${day} < ${bound(1)}`;
      case "gt":
        return `${day} >= ${bound(1)}`;
      case "gte":
        return `${day} >= ${bound(0)}`;
    }
  },
  text(c, walk, scope) {
    const field = walk.field(scope, c.month).text;
    if (c.ref !== undefined) {
      const other = walk.field(scope, c.ref).text;
      const months = walk.months(c.plusMonths, c.minusMonths);
      if (months === "" && (c.op === "eq" || c.op === "ne")) return `${field} 与 ${other} ${c.op === "eq" ? "在" : "不在"}同一个月`;
      return `${field} 所在月${LINE_OPS[c.op]} ${other} 所在月${months}`;
    }
    const value = c.value!;
    if (typeof value === "string") return `${field} 所在月${LINE_OPS[c.op]} ${monthLabel(value)}`;
    return `${field} 所在月${LINE_OPS[c.op]} ${walk.literal(value, "date")}所在月`;
  },
  value: (c, walk) => monthOfValue(walk.value(c.month)),
};
