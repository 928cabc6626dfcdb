import { pgType, quoteIdent, tableRef } from "../datasets/ddl";
import type { DatasetDefinition, FieldType } from "../datasets/definition";
import type { RuleContext } from "./check";
import { ORG_PARAM, RUN_DATE_PARAM, ruleValueParam, type StatementValue } from "./params";
import { aggregate, having, type EvidenceAggregate } from "./nodes/aggregate";
import { addMonthsSql, monthEndSql, monthStartSql } from "./nodes/calendar-sql";
import { isParamRef, shiftDays, type DaysOrParam, type LiteralOrParam, type MonthsOrParam, type Operand, type RunDate } from "./nodes/common";
import { compileExistsEvidence, evidenceSubqueries, storedRowFields } from "./nodes/exists-evidence";
import { ifEmptyOf, withIfEmpty } from "./nodes/if-empty";
import { kindOf } from "./nodes/index";
import { join } from "./nodes/join";
import { resolveParams, type ParamValues, type ResolvedParam, type ResolvedParams } from "./nodes/param";
import type { DefScope } from "./nodes/types";
import { window, type WindowCompileWalk } from "./nodes/window";
import type { Condition, Having, Rule, Subquery } from "./schema";

/**
 * One parameterised statement following the contract of ./params ($1 the org, $2 the run date,
 * then `values`). Columns: dedup_key, title, subject_name, subject_id, evidence, run_date.
 */
export interface CompiledRule {
  text: string;
  values: StatementValue[];
  /** Each declared parameter's value in this statement and where it came from (the run records them). */
  params: ResolvedParam[];
}

type Scope = ReadonlyMap<string, DatasetDefinition>;

/**
 * Turns a CHECKED rule (see checkRule) into one SQL statement producing the clue rows: dedup_key,
 * title, subject_name, subject_id, evidence (jsonb). Identifiers come only from the catalog and
 * are quoted; every literal is a bind parameter; every dataset is limited to the running org.
 */
class Compiler implements WindowCompileWalk {
  readonly values: StatementValue[] = [];

  constructor(
    private readonly ctx: RuleContext,
    private readonly rule: Rule,
    private readonly params: ResolvedParams,
  ) {}

  /** A rule parameter's value for this statement (the checker made sure it is declared). */
  resolve<T extends StatementValue>(value: T | { param: string }): T | StatementValue {
    if (!isParamRef(value)) return value;
    const resolved = this.params.get(value.param);
    if (!resolved) throw new Error(`unchecked rule: undeclared parameter ${value.param}`);
    return resolved.value;
  }

  param(value: StatementValue | LiteralOrParam, cast: string): string {
    this.values.push(this.resolve(value));
    return `${ruleValueParam(this.values.length - 1)}::${cast}`;
  }

  /** A list as one text[] parameter cast to the field's type (postgres.js mis-types boolean arrays). */
  list(values: LiteralOrParam[], baseType: string): string {
    const param = this.param(values.map((v) => String(this.resolve(v))), "text[]");
    return baseType === "text" ? param : `${param}::${baseType}[]`;
  }

  /** Literal days are written into the statement (as before); parameters are bound as integers. */
  shift(sql: string, type: FieldType, plus: DaysOrParam | undefined, minus: DaysOrParam | undefined): string {
    if (!isParamRef(plus) && !isParamRef(minus)) return shiftDays(sql, type, (plus ?? 0) - (minus ?? 0));
    const terms = ([[plus, "+"], [minus, "-"]] as const)
      .filter(([v]) => v !== undefined && v !== 0)
      .map(([v, sign]) => `${sign} ${isParamRef(v) ? this.param(v, "integer") : String(v)}`);
    return type === "timestamp" ? `(${sql} + make_interval(days => 0 ${terms.join(" ")}))` : `(${sql} ${terms.join(" ")})`;
  }

  def(key: string): DatasetDefinition {
    const def = this.ctx.datasets.get(key);
    if (!def) throw new Error(`unchecked rule: unknown dataset ${key}`);
    return def;
  }

  /** A quoted column reference, with the field's type. */
  column(scope: Scope, ref: string): { sql: string; type: FieldType } {
    const [alias, name] = ref.split(".");
    const field = scope.get(alias)?.fields.find((f) => f.name === name);
    if (!field) throw new Error(`unchecked rule: unknown field ${ref}`);
    return { sql: `${quoteIdent(alias)}.${quoteIdent(name)}`, type: field.type };
  }

  from(key: string, alias: string): string {
    return `${tableRef(this.def(key).key)} as ${quoteIdent(alias)}`;
  }

  orgFilter(alias: string): string {
    return `${quoteIdent(alias)}.org_id = ${ORG_PARAM}`;
  }

  /** Literal months are written into the statement as an interval; parameters are bound as integers. */
  months(plus: MonthsOrParam | undefined, minus: MonthsOrParam | undefined, extra = 0): string | null {
    if (!isParamRef(plus) && !isParamRef(minus)) {
      const n = (plus ?? 0) - (minus ?? 0) + extra;
      return n === 0 ? null : `interval '${n} months'`;
    }
    const terms = ([[plus, "+"], [minus, "-"]] as const)
      .filter(([v]) => v !== undefined && v !== 0)
      .map(([v, sign]) => `${sign} ${isParamRef(v) ? this.param(v, "integer") : String(v)}`);
    return `make_interval(months => ${extra} ${terms.join(" ")})`;
  }

  /** The run date moved by months, to the first or last day of that month, then by days (all on dates: no time zone). */
  runDate({ runDate: r }: RunDate): string {
    const moved = addMonthsSql(`${RUN_DATE_PARAM}::date`, "date", this.months(r.plusMonths, r.minusMonths));
    const day = r.day === "first" ? monthStartSql(moved, "date", null) : r.day === "last" ? monthEndSql(moved) : moved;
    return this.shift(day, "date", r.plusDays, r.minusDays);
  }

  operand(type: FieldType, value: Operand): string {
    if (typeof value === "object" && "runDate" in value) return this.runDate(value);
    return this.param(value, pgType(type).replace(/ collate "C"$/, ""));
  }

  /** Each node kind compiles itself (./nodes), calling back for what it nests. */
  condition(scope: Scope, c: Condition): string {
    return withIfEmpty(kindOf(c).compile(c, this, scope), ifEmptyOf(c));
  }

  aggregate(scope: Scope, a: EvidenceAggregate): string {
    return aggregate.compile(a, this, scope);
  }

  having(scope: Scope, h: Having): string {
    return having.compile(h, this, scope);
  }

  /** The rule's rows: FROM with its joins (binding their aliases in `scope`), and WHERE. */
  source(scope: Map<string, DatasetDefinition>): { from: string; where: string[] } {
    const { rule } = this;
    scope.set(rule.from.as, this.def(rule.from.dataset));
    const joins = rule.joins.map((j) => join.compile(j, this, scope));
    return { from: [this.from(rule.from.dataset, rule.from.as), ...joins].join("\n"), where: [this.orgFilter(rule.from.as), ...(rule.where ? [this.condition(scope, rule.where)] : [])] };
  }

  /** The clue's columns of one row of `source`. */
  row(scope: DefScope): { title: string; subjectName: string; subjectId: string; evidence: string } {
    const { clue } = this.rule;
    return {
      title: titleSql(this, scope, clue.title),
      subjectName: `${this.column(scope, clue.subject.name).sql}::text`,
      subjectId: clue.subject.idNumber ? `${this.column(scope, clue.subject.idNumber).sql}::text` : "null::text",
      evidence: evidenceSql(this, scope, this.rule),
    };
  }

  subquery(outer: Scope, q: Subquery): string {
    const scope = new Map(outer).set(q.from.as, this.def(q.from.dataset));
    const where = [this.orgFilter(q.from.as), ...(q.where ? [this.condition(scope, q.where)] : [])];
    return `select 1 from ${this.from(q.from.dataset, q.from.as)} where ${where.join(" and ")}`;
  }
}

/** "{j.name}判处实刑（{j.case_no}）" → concat of parameters and columns. */
function titleSql(compiler: Compiler, scope: Scope, template: string): string {
  const parts: string[] = [];
  let last = 0;
  for (const match of template.matchAll(/\{([^}]*)\}/g)) {
    if (match.index > last) parts.push(compiler.param(template.slice(last, match.index), "text"));
    parts.push(`coalesce(${compiler.column(scope, match[1]).sql}::text, '')`);
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push(compiler.param(template.slice(last), "text"));
  return `concat(${parts.join(", ")})`;
}

/**
 * `{ [alias]: { [field]: value } }` for the hit row (the clue's evidence fields and what its
 * exists/notExists searched with), `{ [alias]: [rows] }` for each exists that names evidence, and
 * the aggregates of a grouped rule.
 */
function evidenceSql(compiler: Compiler, scope: Scope, rule: Rule): string {
  const { clue } = rule;
  const perAlias = [...storedRowFields(rule)].map(([alias, fields]) => {
    const pairs = fields.map((f) => `'${f}', ${compiler.column(scope, `${alias}.${f}`).sql}`);
    return `'${alias}', jsonb_build_object(${pairs.join(", ")})`;
  });
  for (const q of evidenceSubqueries(rule.where)) perAlias.push(`'${q.from.as}', ${compileExistsEvidence(q, compiler, scope)}`);
  const aggregates = Object.entries(clue.aggregates ?? {}).map(([name, a]) => `'${name}', ${compiler.aggregate(scope, a)}`);
  if (aggregates.length > 0) perAlias.push(`'aggregates', jsonb_build_object(${aggregates.join(", ")})`);
  return `jsonb_build_object(${perAlias.join(", ")})`;
}

/**
 * Compiles a rule that checkRule accepted into one statement (text + values). `params` are the
 * org's settings of the rule's parameters (lib/models/params.ts); the declared defaults fill the rest.
 */
export function compileRule(rule: Rule, ctx: RuleContext, params: ParamValues = {}): CompiledRule {
  const resolved = resolveParams(rule.params, params);
  const c = new Compiler(ctx, rule, resolved);
  const { clue } = rule;
  const used = [...resolved.values()];
  if (rule.window) return { text: window.compile(rule.window, clue.dedupKey, c, new Map(), RUN_DATE_PARAM), values: c.values, params: used };
  const scope = new Map<string, DatasetDefinition>();
  const { from, where } = c.source(scope);
  const row = c.row(scope);
  const select = [
    `jsonb_build_array(${clue.dedupKey.map((ref) => c.column(scope, ref).sql).join(", ")})::text as dedup_key`,
    `${row.title} as title`,
    `${row.subjectName} as subject_name`,
    `${row.subjectId} as subject_id`,
    `${row.evidence} as evidence`,
    // Also types the run date's parameter for rules that never compare with it.
    `${RUN_DATE_PARAM}::date as run_date`,
  ];
  const grouping = rule.groupBy
    ? [`group by ${rule.groupBy.map((ref) => c.column(scope, ref).sql).join(", ")}`, ...(rule.having ? [`having ${c.having(scope, rule.having)}`] : [])]
    : [];
  const text = [`select ${select.join(",\n       ")}`, `from ${from}`, `where ${where.join("\n  and ")}`, ...grouping].join("\n");
  return { text, values: c.values, params: used };
}

/** The parts of a rule the preview's funnel counts (./preview-funnel), compiled on one value list. */
export interface CompiledSteps {
  /** `<table> as <alias>`, without any condition. */
  from: string;
  /** The subject dataset limited to the running org. */
  orgFilter: string;
  /** Each join clause, in the rule's order. */
  joins: string[];
  /** Each given condition on its own, in order. */
  conditions: string[];
  values: StatementValue[];
}

/**
 * A rule's source, joins and the given conditions (its top-level ones) each compiled apart with the
 * same compiler as compileRule, so a funnel counts exactly what the statement filters.
 */
export function compileSteps(rule: Rule, ctx: RuleContext, conditions: readonly Condition[], params: ParamValues = {}): CompiledSteps {
  const c = new Compiler(ctx, rule, resolveParams(rule.params, params));
  const scope = new Map<string, DatasetDefinition>([[rule.from.as, c.def(rule.from.dataset)]]);
  const joins = rule.joins.map((j) => join.compile(j, c, scope));
  return { from: c.from(rule.from.dataset, rule.from.as), orgFilter: c.orgFilter(rule.from.as), joins, conditions: conditions.map((x) => c.condition(scope, x)), values: c.values };
}
