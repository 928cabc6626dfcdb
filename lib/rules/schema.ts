import { z } from "zod";
import { BUSINESS_LINES, type BusinessLine } from "../datasets/definition";
import { hasNul, NUL_MESSAGE } from "../validation";

/**
 * The rule language: a model's rule as a typed JSON tree (documented with examples in
 * docs/rules.md). This first part covers a subject dataset with filters (comparisons, in / not in,
 * null checks, text contains / starts with / regex, ranges, all / any / not), joins, exists /
 * not exists, and date arithmetic against the run date or another field. Aggregates and windowed
 * self-joins come next.
 */
const alias = z.string().regex(/^[a-z][a-z0-9_]{0,30}$/, "别名只能由小写字母、数字和下划线组成，以字母开头");
const ident = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, "名称只能由小写字母、数字和下划线组成，以字母开头");
/** "alias.field" */
export const ZFieldRef = z.string().regex(/^[a-z][a-z0-9_]{0,30}\.[a-z][a-z0-9_]{0,62}$/, "字段引用应写作“别名.字段名”，如 j.case_no");

const days = z.number().int().min(0).max(36500);
/** Text a rule sends to PostgreSQL as a parameter: it cannot hold a NUL character. */
const text = (min: number, max: number) => z.string().min(min).max(max).refine((v) => !hasNul(v), NUL_MESSAGE);
export const ZLiteral = z.union([text(0, 500), z.number().finite(), z.boolean()]);
export type Literal = z.infer<typeof ZLiteral>;

/** The run date, shifted by whole days. */
export const ZRunDate = z.object({ runDate: z.object({ plusDays: days.optional(), minusDays: days.optional() }).strict() }).strict();

export const ZDatasetRef = z.object({ dataset: ident, as: alias }).strict();
export type DatasetRef = z.infer<typeof ZDatasetRef>;

export const COMPARISON_OPS = ["eq", "ne", "lt", "lte", "gt", "gte"] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];

export const ZComparison = z
  .object({
    field: ZFieldRef,
    op: z.enum(COMPARISON_OPS),
    /** A literal, or the run date ± days. */
    value: z.union([ZLiteral, ZRunDate]).optional(),
    /** Another field (of this rule or an outer one), optionally ± days when it is a date. */
    ref: ZFieldRef.optional(),
    plusDays: days.optional(),
    minusDays: days.optional(),
  })
  .strict()
  .refine((c) => (c.value === undefined) !== (c.ref === undefined), "比较条件须有且只有一个 value 或 ref");

export type Comparison = z.infer<typeof ZComparison>;

const ZInList = z.object({ field: ZFieldRef, op: z.enum(["in", "notIn"]), values: z.array(ZLiteral).min(1, "列表不能为空").max(1000, "列表最多 1000 个取值") }).strict();
const ZNullCheck = z.object({ field: ZFieldRef, op: z.enum(["isNull", "isNotNull"]) }).strict();
const ZTextMatch = z.object({ field: ZFieldRef, op: z.enum(["contains", "startsWith", "matches"]), value: text(1, 500) }).strict();
const ZBetween = z.object({ field: ZFieldRef, op: z.literal("between"), from: z.union([ZLiteral, ZRunDate]), to: z.union([ZLiteral, ZRunDate]) }).strict();
/** Whole days from one date field to another (to − from), compared with a number (±100 years: PostgreSQL compares it as an integer). */
const ZDaysBetween = z
  .object({
    daysBetween: z.object({ from: ZFieldRef, to: ZFieldRef }).strict(),
    op: z.enum(COMPARISON_OPS),
    value: z.number().int("相隔天数须为整数").min(-36500, "相隔天数不能小于 -36500").max(36500, "相隔天数不能大于 36500"),
  })
  .strict();

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { exists: Subquery }
  | { notExists: Subquery }
  | z.infer<typeof ZComparison>
  | z.infer<typeof ZInList>
  | z.infer<typeof ZNullCheck>
  | z.infer<typeof ZTextMatch>
  | z.infer<typeof ZBetween>
  | z.infer<typeof ZDaysBetween>;

export interface Subquery {
  from: DatasetRef;
  where?: Condition;
}

/** The kinds of condition, each under the key (or `op`) that names it. */
const CONDITION_KINDS = {
  all: z.object({ all: z.array(z.lazy(() => ZCondition)).min(1) }).strict(),
  any: z.object({ any: z.array(z.lazy(() => ZCondition)).min(1) }).strict(),
  not: z.object({ not: z.lazy(() => ZCondition) }).strict(),
  exists: z.object({ exists: z.lazy(() => ZSubquery) }).strict(),
  notExists: z.object({ notExists: z.lazy(() => ZSubquery) }).strict(),
  daysBetween: ZDaysBetween,
};
const CONDITION_OPS: Record<string, z.ZodType> = {
  ...Object.fromEntries(COMPARISON_OPS.map((op) => [op, ZComparison])),
  in: ZInList,
  notIn: ZInList,
  isNull: ZNullCheck,
  isNotNull: ZNullCheck,
  contains: ZTextMatch,
  startsWith: ZTextMatch,
  matches: ZTextMatch,
  between: ZBetween,
};
const ZAnyCondition = z.union([...Object.values(CONDITION_KINDS), ZComparison, ZInList, ZNullCheck, ZTextMatch, ZBetween]);

/** The one schema a condition can be, told by its keys (a union tries all eleven: 6× slower on big rules, vaguer errors). */
function conditionSchema(value: unknown): z.ZodType {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return ZAnyCondition;
  for (const [key, schema] of Object.entries(CONDITION_KINDS)) if (key in value) return schema;
  const op = (value as { op?: unknown }).op;
  return (typeof op === "string" && Object.hasOwn(CONDITION_OPS, op) ? CONDITION_OPS[op] : undefined) ?? ZAnyCondition;
}

export const ZCondition: z.ZodType<Condition> = z.unknown().transform((value, ctx) => {
  const parsed = conditionSchema(value).safeParse(value);
  if (parsed.success) return parsed.data as Condition;
  for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: "custom", message: issue.message, path: issue.path } as never);
  return z.NEVER;
});

const ZSubquery: z.ZodType<Subquery> = z.lazy(() => z.object({ from: ZDatasetRef, where: ZCondition.optional() }).strict());

/** An aggregate over the rows of a group (count may be filtered: “how many of them were mediated”). */
export const AGGREGATE_FNS = ["count", "countDistinct", "sum", "min", "max"] as const;
export interface Aggregate {
  fn: (typeof AGGREGATE_FNS)[number];
  field?: string;
  where?: Condition;
}
export const ZAggregate: z.ZodType<Aggregate> = z.lazy(() =>
  z
    .object({ fn: z.enum(AGGREGATE_FNS), field: ZFieldRef.optional(), where: ZCondition.optional() })
    .strict()
    .refine((a) => a.fn === "count" || a.field !== undefined, "除 count 外，聚合须指定字段"),
);

/** Conditions on a group: an aggregate against a number, or against a multiple of another aggregate. */
export type Having =
  | { all: Having[] }
  | { any: Having[] }
  | { aggregate: Aggregate; op: ComparisonOp; value: number }
  | { aggregate: Aggregate; op: ComparisonOp; times: number; of: Aggregate };
export const ZHaving: z.ZodType<Having> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(ZHaving).min(1) }).strict(),
    z.object({ any: z.array(ZHaving).min(1) }).strict(),
    z.object({ aggregate: ZAggregate, op: z.enum(COMPARISON_OPS), value: z.number().finite() }).strict(),
    z.object({ aggregate: ZAggregate, op: z.enum(COMPARISON_OPS), times: z.number().finite(), of: ZAggregate }).strict(),
  ]),
);

export const ZJoin = z.object({ dataset: ident, as: alias, type: z.enum(["inner", "left"]).default("inner"), on: ZCondition }).strict();

export const ZClueMapping = z
  .object({
    /** Fields that identify the same finding across runs. */
    dedupKey: z.array(ZFieldRef).min(1, "去重键至少包含一个字段"),
    /** A title with {alias.field} placeholders. */
    title: text(1, 200),
    subject: z.object({ kind: z.enum(["person", "company"]), name: ZFieldRef, idNumber: ZFieldRef.optional() }).strict(),
    /** Per alias, the fields shown as evidence. */
    evidence: z.record(alias, z.array(ident).min(1)),
    /** For grouped rules: aggregates shown as evidence (e.g. how many suits, their case numbers). */
    aggregates: z.record(ident, z.object({ fn: z.enum([...AGGREGATE_FNS, "list"]), field: ZFieldRef.optional() }).strict()).optional(),
    businessLine: z.enum(Object.keys(BUSINESS_LINES) as [BusinessLine, ...BusinessLine[]]).optional(),
  })
  .strict();

export const ZRule = z
  .object({
    from: ZDatasetRef,
    joins: z.array(ZJoin).max(8).default([]),
    where: ZCondition.optional(),
    /** Findings per group (e.g. per lender), filtered by `having`. */
    groupBy: z.array(ZFieldRef).min(1).optional(),
    having: ZHaving.optional(),
    clue: ZClueMapping,
  })
  .strict()
  .refine((r) => r.having === undefined || r.groupBy !== undefined, { message: "having 需要与 groupBy 一起使用", path: ["having"] });
export type Rule = z.infer<typeof ZRule>;
export type RuleInput = z.input<typeof ZRule>;

/**
 * How deep a rule's JSON may nest. The built-in models reach 10; the bound is checked on the raw
 * JSON before zod walks it (zod, the checker and the compiler recurse: 2,000 levels would exhaust
 * the stack or build a statement PostgreSQL refuses).
 */
export const MAX_RULE_DEPTH = 64;

/** The nesting depth of a JSON value, walked without recursion; stops counting past `limit`. */
function depthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

/** ["where", "all", 1, "value"] → "where.all[1].value", as the checker names a node. */
function rulePath(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i > 0 ? "." : ""}${String(p)}`)).join("") || "(根)";
}

/** A definition parsed into a rule, or every problem with its path; the depth is bounded first. */
export function parseRule(definition: unknown): { rule: Rule; issues: [] } | { rule: null; issues: { path: string; message: string }[] } {
  if (depthExceeds(definition, MAX_RULE_DEPTH)) {
    return { rule: null, issues: [{ path: "(根)", message: `规则嵌套过深：超过 ${MAX_RULE_DEPTH} 层，请拆分或简化条件` }] };
  }
  const parsed = ZRule.safeParse(definition);
  if (parsed.success) return { rule: parsed.data, issues: [] };
  return { rule: null, issues: parsed.error.issues.map((i) => ({ path: rulePath(i.path), message: i.message })) };
}
