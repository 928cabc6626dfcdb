// Aggregates over the rows of a group, and the group conditions (having) built from them:
// { fn, field?, where? } and { aggregate, op, value } | { aggregate, op, times, of } | all | any.
import { z } from "zod";
import { FIELD_TYPE_LABELS } from "../../datasets/definition";
import { COMPARISON_OPS, isDateType, isNumberType, SQL_OPS, ZFieldRef, ZParamRef, type ComparisonOp, type ParamRef } from "./common";
import { dispatched, isJsonObject, typeLabel, type NodeIssue } from "./errors";
import { ZCondition } from "./index";
import type { CheckWalk, CompileWalk, Condition, DefScope, DescribeScope, DescribeWalk, NodeInput, NodeMeta } from "./types";

export const AGGREGATE_FNS = ["count", "countDistinct", "sum", "min", "max"] as const;
export type AggregateFn = (typeof AGGREGATE_FNS)[number];
/** An aggregate over the rows of a group (count may be filtered: “how many of them were mediated”). */
export interface Aggregate {
  fn: AggregateFn;
  field?: string;
  where?: Condition;
}
/** clue.aggregates may also list a field's distinct values as evidence. */
export type EvidenceAggregate = { fn: AggregateFn | "list"; field?: string; where?: Condition };

export const ZAggregate: z.ZodType<Aggregate> = z.lazy(() =>
  z
    .object({ fn: z.enum(AGGREGATE_FNS), field: ZFieldRef.optional(), where: ZCondition.optional() })
    .strict()
    .refine((a) => a.fn === "count" || a.field !== undefined, "除 count 外，聚合须指定字段"),
);

const ZNumberOrParam = z.union([z.number().finite(), ZParamRef], {
  error: (iss) => (iss.input === undefined ? undefined : isJsonObject(iss.input) ? "应为数字，或参数，如 {\"param\": \"minSuits\"}" : `应为数字，实际为${typeLabel(iss.input)}`),
});

/** Conditions on a group: an aggregate against a number, or against a multiple of another aggregate. */
export type Having =
  | { all: Having[] }
  | { any: Having[] }
  | { aggregate: Aggregate; op: ComparisonOp; value: number | ParamRef }
  | { aggregate: Aggregate; op: ComparisonOp; times: number | ParamRef; of: Aggregate };
type HavingLeaf = Extract<Having, { aggregate: Aggregate }>;

const ZOp = z.enum(COMPARISON_OPS);
const HAVING_SCHEMAS = {
  all: z.lazy(() => z.object({ all: z.array(ZHaving).min(1) }).strict()),
  any: z.lazy(() => z.object({ any: z.array(ZHaving).min(1) }).strict()),
  value: z.object({ aggregate: ZAggregate, op: ZOp, value: ZNumberOrParam }).strict(),
  ratio: z.object({ aggregate: ZAggregate, op: ZOp, times: ZNumberOrParam, of: ZAggregate }).strict(),
};
const HAVING_EXAMPLE = `{"aggregate": {"fn": "count"}, "op": "gte", "value": 5}`;

/** The one schema a group condition's keys name, or why it names none (at its own path, in Chinese). */
function havingSchema(value: unknown): { schema: z.ZodType<Having> } | { issue: NodeIssue } {
  if (!isJsonObject(value)) return { issue: { path: [], message: `分组条件应为 JSON 对象，如 ${HAVING_EXAMPLE}` } };
  if ("all" in value) return { schema: HAVING_SCHEMAS.all };
  if ("any" in value) return { schema: HAVING_SCHEMAS.any };
  const keys = Object.keys(value);
  if (!("aggregate" in value) && !("op" in value)) {
    const named = keys.length > 0 ? `（含键：${keys.join("、")}）` : "";
    return { issue: { path: [], message: `无法识别的分组条件${named}：应含 all、any 之一，或 aggregate、op 与 value（或 times 与 of），如 ${HAVING_EXAMPLE}` } };
  }
  const ratio = "times" in value || "of" in value;
  if (ratio && "value" in value) return { issue: { path: [], message: "分组条件须有 value（与数字比较）或 times 与 of（与另一聚合的倍数比较），不能同时有" } };
  return { schema: ratio ? HAVING_SCHEMAS.ratio : HAVING_SCHEMAS.value };
}

/** Group conditions, each parsed by the schema its keys name (errors at the node, as conditions). */
export const ZHaving: z.ZodType<Having> = dispatched<Having>(havingSchema);

const FN_LABELS: Record<AggregateFn, string> = { count: "计数", countDistinct: "不同取值个数", sum: "合计", min: "最小值", max: "最大值" };
// Group conditions read best with symbols: “记录总数 ≥ 5”.
const SYMBOL_OPS: Record<ComparisonOp, string> = { eq: "=", ne: "≠", lt: "<", lte: "≤", gt: ">", gte: "≥" };

/** The members of a having's all / any, or null for a comparison. */
function groupOf(h: Having): { mode: "all" | "any"; members: Having[] } | null {
  if ("all" in h) return { mode: "all", members: h.all };
  if ("any" in h) return { mode: "any", members: h.any };
  return null;
}

/** Whether an aggregate yields a number (count, sum, or min/max of a number). */
function numericAggregate(scope: DefScope, a: Aggregate): boolean {
  if (a.fn === "count" || a.fn === "countDistinct" || a.fn === "sum") return true;
  const [alias, name] = (a.field ?? "").split(".");
  const type = scope.get(alias)?.fields.find((f) => f.name === name)?.type;
  return type === undefined || isNumberType(type);
}

function aggregateInputs(fns: { value: string; label: string }[]): NodeInput[] {
  return [
    { name: "fn", label: "聚合方式", kind: "choice", choices: fns },
    { name: "field", label: "字段", kind: "field", optional: true },
    { name: "where", label: "只统计满足条件的记录", kind: "condition", optional: true },
  ];
}

export const aggregate = {
  meta: {
    kind: "aggregate",
    label: "聚合",
    ops: AGGREGATE_FNS.map((fn) => ({ op: fn, label: FN_LABELS[fn] })),
    fieldTypes: ["text", "integer", "numeric", "boolean", "date", "timestamp"],
    inputs: aggregateInputs(AGGREGATE_FNS.map((fn) => ({ value: fn, label: FN_LABELS[fn] }))),
  } satisfies NodeMeta,
  /** clue.aggregates may also list a field's distinct values (the case numbers of a lender's suits). */
  evidenceMeta: {
    kind: "clueAggregate",
    label: "证据中的聚合",
    ops: [],
    fieldTypes: ["text", "integer", "numeric", "boolean", "date", "timestamp"],
    inputs: aggregateInputs([...AGGREGATE_FNS.map((fn) => ({ value: fn, label: FN_LABELS[fn] })), { value: "list", label: "列出不同取值" }]),
  } satisfies NodeMeta,
  check(a: EvidenceAggregate, walk: CheckWalk, scope: DefScope, path: string): void {
    if (a.where) walk.condition(scope, `${path}.where`, a.where);
    if (!a.field) return;
    const type = walk.field(scope, `${path}.field`, a.field);
    if (!type) return;
    if (a.fn === "sum" && !isNumberType(type)) walk.issue(`${path}.field`, `字段 ${a.field} 是${FIELD_TYPE_LABELS[type]}，不能求和`);
    if ((a.fn === "min" || a.fn === "max") && type === "boolean") walk.issue(`${path}.field`, `字段 ${a.field} 是是/否值，不能取最大或最小`);
  },
  compile(a: EvidenceAggregate, walk: CompileWalk, scope: DefScope): string {
    const col = a.field ? walk.column(scope, a.field).sql : "*";
    const call =
      a.fn === "count" ? `count(${col})`
      : a.fn === "countDistinct" ? `count(distinct ${col})`
      : a.fn === "list" ? `to_jsonb(array_agg(distinct ${col}))`
      : `${a.fn}(${col})`;
    return a.where ? `${call} filter (where ${walk.condition(scope, a.where)})` : call;
  },
  text(a: Aggregate, walk: DescribeWalk, scope: DescribeScope): string {
    const field = a.field ? walk.field(scope, a.field) : undefined;
    const filter = a.where ? `满足「${walk.inline(scope, a.where)}」的` : "";
    if (!field) return a.where ? `${filter}记录数` : "记录总数";
    const date = isDateType(field.type);
    const base: Record<AggregateFn, string> = {
      count: `${field.text}不为空的记录数`,
      countDistinct: `${field.text}的不同取值个数`,
      sum: `${field.text}合计`,
      min: `${field.text}${date ? "最早值" : "最小值"}`,
      max: `${field.text}${date ? "最晚值" : "最大值"}`,
    };
    return `${filter}${base[a.fn]}`;
  },
};

function havingText(h: HavingLeaf, walk: DescribeWalk, scope: DescribeScope): string {
  const left = `${aggregate.text(h.aggregate, walk, scope)} ${SYMBOL_OPS[h.op]}`;
  return "of" in h ? `${left} ${aggregate.text(h.of, walk, scope)}的 ${walk.number(h.times)} 倍` : `${left} ${walk.number(h.value)}`;
}

export const having = {
  meta: {
    kind: "having",
    label: "分组条件",
    ops: COMPARISON_OPS.map((op) => ({ op, label: SYMBOL_OPS[op] })),
    fieldTypes: [],
    inputs: [
      { name: "aggregate", label: "聚合", kind: "aggregate" },
      { name: "op", label: "比较方式", kind: "choice", choices: COMPARISON_OPS.map((op) => ({ value: op, label: SYMBOL_OPS[op] })) },
      { name: "value", label: "与数值比较", kind: "number", optional: true, param: true },
      { name: "times", label: "另一聚合的倍数", kind: "number", optional: true, param: true },
      { name: "of", label: "另一聚合", kind: "aggregate", optional: true },
    ],
  } satisfies NodeMeta,
  /** A group condition over group conditions. */
  groupMeta: (["all", "any"] as const).map((mode) => ({
    kind: mode,
    label: mode === "all" ? "同时满足" : "满足其一",
    ops: [],
    fieldTypes: [],
    inputs: [{ name: mode, label: "分组条件", kind: "groupConditions" }],
  })) satisfies NodeMeta[],
  check(h: Having, walk: CheckWalk, scope: DefScope, path: string): void {
    const group = groupOf(h);
    if (group) return group.members.forEach((x, i) => having.check(x, walk, scope, `${path}.${group.mode}[${i}]`));
    const leaf = h as HavingLeaf;
    aggregate.check(leaf.aggregate, walk, scope, `${path}.aggregate`);
    if ("of" in leaf) aggregate.check(leaf.of, walk, scope, `${path}.of`);
    if (!numericAggregate(scope, leaf.aggregate)) walk.issue(`${path}.aggregate`, "只有计数、求和或数值的最大最小值可以与数字比较");
    if ("of" in leaf) walk.number(`${path}.times`, leaf.times, false);
    else walk.number(`${path}.value`, leaf.value, false);
  },
  compile(h: Having, walk: CompileWalk, scope: DefScope): string {
    const group = groupOf(h);
    if (group) return `(${group.members.map((x) => having.compile(x, walk, scope)).join(group.mode === "all" ? " and " : " or ")})`;
    const leaf = h as HavingLeaf;
    const left = aggregate.compile(leaf.aggregate, walk, scope);
    if ("of" in leaf) return `${left} ${SQL_OPS[leaf.op]} ${walk.param(leaf.times, "numeric")} * ${aggregate.compile(leaf.of, walk, scope)}`;
    return `${left} ${SQL_OPS[leaf.op]} ${walk.param(leaf.value, "numeric")}`;
  },
  describe(h: Having, walk: DescribeWalk, scope: DescribeScope, depth: number, title?: string): void {
    const group = groupOf(h);
    if (group) {
      const all = group.mode === "all";
      walk.push(depth, title ? `${title}（${all ? "同时满足" : "满足其一"}）：` : all ? "同时满足以下条件：" : "满足以下条件之一：");
      for (const m of group.members) having.describe(m, walk, scope, depth + 1);
      return;
    }
    const leaf = h as HavingLeaf;
    walk.push(depth, `${title ? `${title}：` : ""}${havingText(leaf, walk, scope)}`, walk.storedAggregate(leaf.aggregate));
  },
};
