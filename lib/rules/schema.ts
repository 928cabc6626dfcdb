import { z } from "zod";
import { ZCodeRef } from "../code-lists/schemas";

/**
 * The rule language: a model's rule as a typed JSON tree (documented with examples in
 * docs/rules.md): a subject dataset, joins, conditions, grouping with aggregates, and the clue it
 * produces. Each kind of condition (comparison, in-list, text match, all, exists…) is one file in
 * ./nodes, found through the registry ./nodes/index.ts.
 */
import { COMPARISON_OPS, ZAlias as alias, ZDatasetRef, ZFieldRef, ZIdent as ident, ruleText as text, type ComparisonOp } from "./nodes/common";
import { AGGREGATE_FNS, ZHaving } from "./nodes/aggregate";
import { isJsonObject, ruleErrorMap } from "./nodes/errors";
import { ZCondition } from "./nodes/index";
import { ZJoin } from "./nodes/join";
import { ZParamDecls } from "./nodes/param";
import type { Condition } from "./nodes/types";
import { ZWindow } from "./nodes/window";

export { COMPARISON_OPS, ZDatasetRef, ZFieldRef, ZLiteral, ZRunDate, type ComparisonOp, type DatasetRef, type Literal } from "./nodes/common";
export { ZComparison, type Comparison } from "./nodes/comparison";
export { ZCondition } from "./nodes/index";
export type { Condition, Subquery } from "./nodes/types";

export { AGGREGATE_FNS, ZAggregate, ZHaving, type Aggregate, type Having } from "./nodes/aggregate";

export { ZJoin, type Join } from "./nodes/join";

export { ZParamDecl, ZParamDecls, type ParamDecl, type ParamDecls } from "./nodes/param";
export { ZParamRef, type ParamRef } from "./nodes/common";
export { ZWindow, type Window } from "./nodes/window";

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
    /** A code of the 业务条线 list (checked against the database); the model's line when absent. */
    businessLine: ZCodeRef.optional(),
  })
  .strict();

export const ZRule = z
  .object({
    /** Named thresholds the rule uses as { "param": name } (./nodes/param.ts); an org may set its own values. */
    params: ZParamDecls.optional(),
    from: ZDatasetRef,
    joins: z.array(ZJoin).max(8).default([]),
    where: ZCondition.optional(),
    /** Findings per group (e.g. per lender), filtered by `having`. */
    groupBy: z.array(ZFieldRef).min(1).optional(),
    having: ZHaving.optional(),
    /** One finding per subject with enough events within any D days (./nodes/window.ts). */
    window: ZWindow.optional(),
    clue: ZClueMapping,
  })
  .strict()
  .refine((r) => r.having === undefined || r.groupBy !== undefined, { message: "having 需要与 groupBy 一起使用", path: ["having"] })
  .refine((r) => r.window === undefined || r.groupBy === undefined, { message: "window（滑动窗口）与 groupBy（分组）不能同时使用：窗口本身已按 window.by 逐一统计", path: ["window"] });
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

const NOT_A_RULE = `规则应为 JSON 对象，含 from、clue，可选 joins、where、groupBy、having 等，如 {"from": {"dataset": "criminal_judgment", "as": "j"}, "where": {…}, "clue": {…}}`;

/** A definition parsed into a rule, or every problem with its path; the depth is bounded first. */
export function parseRule(definition: unknown): { rule: Rule; issues: [] } | { rule: null; issues: { path: string; message: string }[] } {
  if (depthExceeds(definition, MAX_RULE_DEPTH)) {
    return { rule: null, issues: [{ path: "(根)", message: `规则嵌套过深：超过 ${MAX_RULE_DEPTH} 层，请拆分或简化条件` }] };
  }
  // A missing body or a list said as “缺少必填项” or “应为对象” at (根) would not tell what a rule is.
  if (!isJsonObject(definition)) return { rule: null, issues: [{ path: "(根)", message: NOT_A_RULE }] };
  const parsed = ZRule.safeParse(definition, { error: ruleErrorMap });
  if (parsed.success) return { rule: parsed.data, issues: [] };
  return { rule: null, issues: parsed.error.issues.map((i) => ({ path: rulePath(i.path), message: i.message })) };
}
