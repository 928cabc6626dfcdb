// What exists and notExists leave in a clue's evidence, beside the hit row's fields:
// - an exists may name fields of the rows it matched (`"evidence": [...]`): at most
//   EXISTS_EVIDENCE_ROWS of them are stored under its alias as a list, without multiplying clues
//   the way a join does;
// - for every exists/notExists that each hit satisfies, the hit row's fields it searched with are
//   stored too, so the explanation can say what was found, or searched for and not found
//   (“监狱收押：未找到 身份证号 等于 “…” 且 收押日期 不早于 2025-03-01 的记录”).
// The schema holds the `evidence` key (./index.ts ZSubquery); the rule-level check, the SQL and
// the walk over the rule are here.
import { quoteIdent } from "../../datasets/ddl";
import type { DatasetDefinition } from "../../datasets/definition";
import type { JoinCompileWalk } from "./join";
import { groupOf } from "./logical";
import type { Condition, Subquery } from "./types";

/** How many matched rows an exists shows: evidence for a prosecutor, not an extract. */
export const EXISTS_EVIDENCE_ROWS = 5;

export interface FoundSubquery {
  q: Subquery;
  kind: "exists" | "notExists";
  /** The node's JSON path (where.all[3]). */
  path: string;
  /** Inside another exists/notExists (its conditions may read that one's alias). */
  nested: boolean;
  /** Every hit satisfies it: it stands in the where at top level or in `all`s only. */
  mandatory: boolean;
}

function subqueryOf(c: Condition): { q: Subquery; kind: "exists" | "notExists" } | null {
  if ("exists" in c) return { q: c.exists, kind: "exists" };
  if ("notExists" in c) return { q: c.notExists, kind: "notExists" };
  return null;
}

/** Every exists/notExists of a condition, nested ones included (other node kinds hold none). */
export function subqueries(where: Condition | undefined, path = "where", nested = false, mandatory = true): FoundSubquery[] {
  if (!where) return [];
  const group = groupOf(where);
  if (group) return group.members.flatMap((m, i) => subqueries(m, `${path}.${group.mode}[${i}]`, nested, mandatory && group.mode === "all"));
  if ("not" in where) return subqueries(where.not, `${path}.not`, nested, false);
  const sub = subqueryOf(where);
  if (!sub) return [];
  const inner = subqueries(sub.q.where, `${path}.${sub.kind}.where`, true, false);
  return [{ ...sub, path: `${path}.${sub.kind}`, nested, mandatory: mandatory && !nested }, ...inner];
}

const NOT_REFS = new Set(["value", "values", "pattern", "label", "evidence"]);
const REF = /^([a-z][a-z0-9_]{0,30})\.([a-z][a-z0-9_]{0,62})$/;

/**
 * The fields of `aliases` (the hit row: from and joins) a subquery's conditions read — what it
 * correlates on. Read from the JSON (field, ref, daysBetween's from/to…), so a new node kind's
 * field references count without a change here; literals are never mistaken for fields.
 */
export function correlatedRefs(q: Subquery, aliases: ReadonlySet<string>): string[] {
  const refs = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== "object" || node === null) return;
    for (const [key, v] of Object.entries(node)) {
      if (NOT_REFS.has(key)) continue;
      const m = typeof v === "string" ? REF.exec(v) : null;
      if (m && aliases.has(m[1])) refs.add(v as string);
      else visit(v);
    }
  };
  visit(q.where);
  return [...refs];
}

/** The hit row's aliases (from and joins). */
export function rowAliases(rule: { from: { as: string }; joins: { as: string }[] }): Set<string> {
  return new Set([rule.from.as, ...rule.joins.map((j) => j.as)]);
}

/**
 * The hit row's fields each alias stores: the clue's evidence fields, then what the rule's
 * mandatory exists/notExists searched with (not for grouped or window rules: a clue is many rows).
 */
export function storedRowFields(rule: { from: { as: string }; joins: { as: string }[]; where?: Condition; groupBy?: string[]; window?: unknown; clue: { evidence: Record<string, string[]> } }): Map<string, string[]> {
  const fields = new Map(Object.entries(rule.clue.evidence).map(([alias, names]) => [alias, [...names]]));
  if (rule.groupBy || rule.window) return fields;
  const aliases = rowAliases(rule);
  for (const s of subqueries(rule.where)) {
    if (!s.mandatory) continue;
    for (const ref of correlatedRefs(s.q, aliases)) {
      const [alias, name] = ref.split(".");
      const list = fields.get(alias) ?? [];
      if (!list.includes(name)) fields.set(alias, [...list, name]);
    }
  }
  return fields;
}

/** The exists whose matched rows the clue shows (the checker allows them only outside other subqueries). */
export function evidenceSubqueries(where: Condition | undefined): Subquery[] {
  return subqueries(where)
    .filter((s) => s.kind === "exists" && !s.nested && s.q.evidence)
    .map((s) => s.q);
}

/** Which dataset each alias whose rows the evidence holds reads: from, joins, exists with evidence. */
export function evidenceAliasDatasets(rule: { from: { as: string; dataset: string }; joins?: { as: string; dataset: string }[]; where?: Condition }): Map<string, string> {
  const map = new Map<string, string>([[rule.from.as, rule.from.dataset]]);
  for (const j of rule.joins ?? []) map.set(j.as, j.dataset);
  for (const q of evidenceSubqueries(rule.where)) if (!map.has(q.from.as)) map.set(q.from.as, q.from.dataset);
  return map;
}

/** What is wrong with the rule's exists evidence, each at its path (field names are checked in the walk). */
export function evidenceIssues(rule: { from: { as: string }; joins: { as: string }[]; where?: Condition; groupBy?: string[]; window?: unknown }): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  const taken = new Map([...rowAliases(rule)].map((a) => [a, "数据来源或关联"]));
  for (const s of subqueries(rule.where)) {
    if (!s.q.evidence) continue;
    const path = `${s.path}.evidence`;
    if (s.kind === "notExists") issues.push({ path, message: "不存在记录（notExists）没有匹配的记录可展示：evidence 只能用于 exists" });
    else if (s.nested) issues.push({ path, message: "evidence 只能用于最外层的 exists，不能用于另一个 exists/notExists 条件之内的 exists" });
    else if (rule.groupBy) issues.push({ path, message: "分组规则（groupBy）的线索是一组记录，exists 不能输出证据字段" });
    else if (rule.window) issues.push({ path, message: "滑动窗口规则（window）的线索是一组事件，exists 不能输出证据字段" });
    else if (s.q.from.as === "aggregates") issues.push({ path: `${s.path}.from.as`, message: "别名 aggregates 留给聚合证据，请换一个别名" });
    else if (taken.has(s.q.from.as)) issues.push({ path: `${s.path}.from.as`, message: `别名 ${s.q.from.as} 已用于${taken.get(s.q.from.as)}，输出证据的 exists 须用不同的别名` });
    else taken.set(s.q.from.as, ` ${s.path} 的证据`);
  }
  return issues;
}

/**
 * The matched rows of an exists as a jsonb list of its evidence fields: at most
 * EXISTS_EVIDENCE_ROWS, in the order of those fields (the same rows every run, so an unchanged
 * clue keeps its evidence), `[]` when none matched (an exists under any/not).
 */
export function compileExistsEvidence(q: Subquery, walk: JoinCompileWalk, outer: ReadonlyMap<string, DatasetDefinition>): string {
  const fields = q.evidence ?? [];
  const scope = new Map(outer).set(q.from.as, walk.def(q.from.dataset));
  const columns = fields.map((f) => walk.column(scope, `${q.from.as}.${f}`).sql);
  const where = [walk.orgFilter(q.from.as), ...(q.where ? [walk.condition(scope, q.where)] : [])];
  const picked = fields.map((f) => `x.${quoteIdent(f)}`);
  const object = fields.map((f, i) => `'${f}', ${picked[i]}`).join(", ");
  const rows = `select ${columns.join(", ")} from ${walk.from(q.from.dataset, q.from.as)} where ${where.join(" and ")} order by ${columns.join(", ")} limit ${EXISTS_EVIDENCE_ROWS}`;
  return `(select coalesce(jsonb_agg(jsonb_build_object(${object}) order by ${picked.join(", ")}), '[]'::jsonb) from (${rows}) as x)`;
}
