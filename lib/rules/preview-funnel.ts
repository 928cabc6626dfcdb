import type { RuleContext } from "./check";
import { compileSteps } from "./compile";
import { describeSteps } from "./describe";
import { RUN_DATE_PARAM, statementParams, type StatementScope, type StatementValue } from "./params";
import type { ParamValues } from "./nodes/param";
import type { Condition, Rule } from "./schema";

// The condition funnel of a preview: how many rows remain after the source, each join and each
// top-level condition in order, so a builder sees which condition cuts what. One statement: each
// row's CASE finds the first condition it fails (conditions after it are not evaluated for that
// row, as `and` would not), and the rows are counted per stopping point.

/** One bar of the funnel: `path` is the rule path of the step (`from`, `joins[0]`, `where.all[2]`, `groupBy`). */
export interface FunnelStep {
  path: string;
  label: string;
  rows: number;
}

/** The rule's top-level conditions with their paths: the members of a top-level `all`, else `where` itself. */
export function topLevelConditions(rule: Rule): { path: string; condition: Condition }[] {
  if (!rule.where) return [];
  if ("all" in rule.where) return rule.where.all.map((condition, i) => ({ path: `where.all[${i}]`, condition }));
  return [{ path: "where", condition: rule.where }];
}

export interface FunnelStatement {
  text: string;
  params: StatementValue[];
  /** Turns the statement's rows into the funnel (the grouping step takes the preview's hit count). */
  read(rows: readonly FunnelRow[], hits: number): FunnelStep[];
}

/** A row of the funnel statement: `step` 'where' counts rows stopping at condition `at`; 'from'/'join' count a prefix of the source. */
export interface FunnelRow {
  step: "where" | "from" | "join";
  at: number;
  n: string;
}

/** The funnel statement of a CHECKED rule, for the scope's org and run date, with the same parameter values as its page. */
export function funnelStatement(rule: Rule, ctx: RuleContext, scope: StatementScope, params: ParamValues = {}): FunnelStatement {
  const conditions = topLevelConditions(rule);
  const compiled = compileSteps(rule, ctx, conditions.map((c) => c.condition), params);
  const labels = describeSteps(rule, ctx.datasets, conditions.map((c) => c.condition), params);
  const n = conditions.length;
  // `is not true`: a condition that is null for a row (an empty value) drops it, as in the rule's where.
  const reached = n === 0 ? "0" : `case ${compiled.conditions.map((sql, i) => `when (${sql}) is not true then ${i}`).join(" ")} else ${n} end`;
  // The run date is typed here for rules that never compare with it.
  const where = `where ${compiled.orgFilter} and ${RUN_DATE_PARAM}::date is not null`;
  // One count per stopping point in ONE aggregate row, unnested: a `group by` on the CASE made the
  // planner expect a group per row and sort every source row (1M rows: an external merge sort of
  // ~0.5 s at the bench scale) where a plain aggregate needs no sort. `offset 0` keeps the inner
  // select from being pulled up: inlined, the CASE (with its exists subqueries) would be evaluated
  // once per filter, n + 1 times per row (model 5's funnel passed the 15 s timeout).
  const counts = Array.from({ length: n + 1 }, (_, i) => `count(*) filter (where s.reached = ${i})`).join(", ");
  const parts = [
    `select 'where' as step, (u.at - 1)::int as at, u.n::text as n from (select array[${counts}] as c from (select ${reached} as reached from ${compiled.from} ${compiled.joins.join(" ")} ${where} offset 0) s) a cross join lateral unnest(a.c) with ordinality as u(n, at)`,
  ];
  if (compiled.joins.length > 0) {
    parts.push(`select 'from', 0, count(*)::text from ${compiled.from} ${where}`);
    for (let i = 0; i < compiled.joins.length - 1; i++) parts.push(`select 'join', ${i}, count(*)::text from ${compiled.from} ${compiled.joins.slice(0, i + 1).join(" ")} ${where}`);
  }
  return {
    text: parts.join("\nunion all\n"),
    params: statementParams(scope, compiled.values),
    read(rows, hits) {
      const count = (step: FunnelRow["step"], keep: (at: number) => boolean): number => rows.filter((r) => r.step === step && keep(r.at)).reduce((sum, r) => sum + Number(r.n), 0);
      const scanned = count("where", () => true);
      const last = rule.joins.length - 1;
      const steps: FunnelStep[] = [{ path: "from", label: labels.source, rows: last < 0 ? scanned : count("from", () => true) }];
      labels.joins.forEach((label, i) => steps.push({ path: `joins[${i}]`, label, rows: i === last ? scanned : count("join", (at) => at === i) }));
      conditions.forEach(({ path }, k) => steps.push({ path, label: labels.conditions[k], rows: count("where", (at) => at > k) }));
      if (labels.grouping) steps.push({ path: "groupBy", label: labels.grouping, rows: hits });
      // Hits that are not the rows left (a repeated dedup key kept once, as a run does, or a
      // rule-level construct after the conditions): the last bar is the hits themselves.
      else if (steps[steps.length - 1].rows !== hits) steps.push({ path: "clue", label: "命中（生成线索）", rows: hits });
      return steps;
    },
  };
}
