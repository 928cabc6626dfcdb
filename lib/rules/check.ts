import type { DatasetDefinition, FieldType } from "../datasets/definition";
import { FIELD_TYPE_LABELS } from "../datasets/definition";
import { DATE_MESSAGE, isIsoDate } from "../validation";
import { codeProblem, type CodeLabels } from "../code-lists/kinds";
import { compileRule } from "./compile";
import { MAX_RULE_VALUES } from "./params";
import { aggregate, having, type EvidenceAggregate } from "./nodes/aggregate";
import { isDateType, isNumberType, isParamRef, type DaysOrParam, type Literal, type LiteralOrParam, type MonthsOrParam, type Operand, type ParamRef } from "./nodes/common";
import { evidenceIssues } from "./nodes/exists-evidence";
import { kindOf } from "./nodes/index";
import { join, pinnedFields } from "./nodes/join";
import { checkParamDecls, daysParamProblem, fieldParamProblem, monthsParamProblem, numberParamProblem, undeclaredParam, type ParamDecl, type ParamDecls } from "./nodes/param";
import type { CheckWalk } from "./nodes/types";
import { window } from "./nodes/window";
import type { Condition, Having, Rule, Subquery } from "./schema";

/**
 * Which of these regular expressions PostgreSQL refuses, each with why (in Chinese); the dialect
 * is PostgreSQL's (ARE), not JavaScript's. See rules/regex.ts.
 */
export type RegexValidator = (patterns: readonly string[]) => Promise<ReadonlyMap<string, string>>;

/** What a rule is checked against: the catalog, and the datasets the org may use (null: all). */
export interface RuleContext {
  datasets: ReadonlyMap<string, DatasetDefinition>;
  granted: ReadonlySet<string> | null;
  /** The 业务条线 list, for `clue.businessLine` (absent: not checked, as in pure unit tests). */
  businessLines?: CodeLabels;
}

export interface RuleIssue {
  path: string;
  message: string;
}

type Scope = ReadonlyMap<string, DatasetDefinition>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function describe(value: Literal): string {
  return typeof value === "string" ? (ISO_DATE.test(value) ? "日期" : "文本") : typeof value === "number" ? "数值" : "是/否";
}

/**
 * Why a literal cannot be compared with a field of this type, or null. Beyond the kind of value,
 * what PostgreSQL would refuse when casting the parameter: an impossible or out-of-range date, a
 * fraction or an integer beyond ±2^53 for an integer (bigint) field.
 */
function literalProblem(type: FieldType, name: string, value: Literal): string | null {
  const label = FIELD_TYPE_LABELS[type];
  const mismatch = `字段 ${name} 是${label}，不能与${describe(value)}比较`;
  if (typeof value === "boolean") return type === "boolean" ? null : mismatch;
  if (typeof value === "number") {
    if (!isNumberType(type)) return mismatch;
    if (type === "integer" && !Number.isSafeInteger(value)) {
      return Number.isInteger(value) ? `字段 ${name} 是整数，${value} 超出可比较的范围（±9007199254740991）` : `字段 ${name} 是整数，不能与小数 ${value} 比较`;
    }
    return null;
  }
  if (type === "text") return null;
  if (!isDateType(type) || !ISO_DATE.test(value)) return mismatch;
  return isIsoDate(value) ? null : `日期 ${value} 无效：${DATE_MESSAGE}`;
}

/** Walks a rule, collecting every problem with the JSON path of its node — never stopping at the first. */
class Checker implements CheckWalk {
  readonly issues: RuleIssue[] = [];
  /** Regular expressions met on the walk, validated against PostgreSQL once it is done. */
  readonly regexes: { path: string; pattern: string }[] = [];

  /** Parameters the walk met: a declared one it never met would be a setting that changes nothing. */
  readonly usedParams = new Set<string>();

  constructor(
    private readonly ctx: RuleContext,
    private readonly params: ParamDecls | undefined,
  ) {}

  /** The declaration a parameter names, or null (with an issue at `path`) when the rule declares none such. */
  declared(path: string, ref: ParamRef): ParamDecl | null {
    this.usedParams.add(ref.param);
    const decl = this.params && Object.hasOwn(this.params, ref.param) ? this.params[ref.param] : undefined;
    if (!decl) this.issue(path, undeclaredParam(ref, this.params));
    return decl ?? null;
  }

  issue(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  dataset(path: string, key: string): DatasetDefinition | null {
    const def = this.ctx.datasets.get(key);
    if (!def) {
      this.issue(path, `未知的数据资源 ${key}`);
      return null;
    }
    if (this.ctx.granted && !this.ctx.granted.has(key)) this.issue(path, `数据资源“${def.name}”（${key}）未获本院授权，请先提交数据申请`);
    return def;
  }

  bind(scope: Map<string, DatasetDefinition>, path: string, alias: string, def: DatasetDefinition | null): void {
    if (scope.has(alias)) this.issue(path, `别名 ${alias} 已被使用`);
    if (def) scope.set(alias, def);
  }

  /** The type of "alias.field", or null (with an issue) when either is unknown. */
  field(scope: Scope, path: string, ref: string): FieldType | null {
    const [alias, name] = ref.split(".");
    const def = scope.get(alias);
    if (!def) {
      this.issue(path, `未知的别名 ${alias}（可用：${[...scope.keys()].join("、") || "无"}）`);
      return null;
    }
    const field = def.fields.find((f) => f.name === name);
    if (!field) {
      this.issue(path, `数据资源“${def.name}”没有字段 ${name}`);
      return null;
    }
    return field.type;
  }

  /** Each node kind checks itself (./nodes), calling back for fields, values and what it nests. */
  condition(scope: Scope, path: string, c: Condition): void {
    kindOf(c).check(c, this, scope, path);
  }

  operand(type: FieldType, name: string, path: string, value: Operand): void {
    if (typeof value === "object" && "runDate" in value) {
      if (!isDateType(type)) this.issue(path, `字段 ${name} 是${FIELD_TYPE_LABELS[type]}，不能与运行日期比较`);
      this.days(`${path}.runDate.plusDays`, value.runDate.plusDays);
      this.days(`${path}.runDate.minusDays`, value.runDate.minusDays);
      this.months(`${path}.runDate.plusMonths`, value.runDate.plusMonths);
      this.months(`${path}.runDate.minusMonths`, value.runDate.minusMonths);
      return;
    }
    this.literal(type, name, path, value);
  }

  literal(type: FieldType, name: string, path: string, value: LiteralOrParam): void {
    if (isParamRef(value)) {
      const decl = this.declared(path, value);
      const problem = decl && fieldParamProblem(value.param, decl, name, type);
      if (problem) this.issue(path, problem);
      return;
    }
    const problem = literalProblem(type, name, value);
    if (problem) this.issue(path, problem);
  }

  days(path: string, value: DaysOrParam | undefined): void {
    if (!isParamRef(value)) return;
    const decl = this.declared(path, value);
    const problem = decl && daysParamProblem(value.param, decl);
    if (problem) this.issue(path, problem);
  }

  months(path: string, value: MonthsOrParam | undefined): void {
    if (!isParamRef(value)) return;
    const decl = this.declared(path, value);
    const problem = decl && monthsParamProblem(value.param, decl);
    if (problem) this.issue(path, problem);
  }

  number(path: string, value: number | ParamRef, integer: boolean): void {
    if (!isParamRef(value)) return;
    const decl = this.declared(path, value);
    const problem = decl && numberParamProblem(value.param, decl, integer);
    if (problem) this.issue(path, problem);
  }

  regex(path: string, pattern: string): void {
    this.regexes.push({ path, pattern });
  }

  aggregate(scope: Scope, path: string, a: EvidenceAggregate): void {
    aggregate.check(a, this, scope, path);
  }

  having(scope: Scope, path: string, h: Having): void {
    having.check(h, this, scope, path);
  }

  subquery(outer: Scope, path: string, q: Subquery): void {
    const scope = new Map(outer);
    this.bind(scope, `${path}.from.as`, q.from.as, this.dataset(`${path}.from.dataset`, q.from.dataset));
    if (q.where) this.condition(scope, `${path}.where`, q.where);
    q.evidence?.forEach((name, i) => this.field(scope, `${path}.evidence[${i}]`, `${q.from.as}.${name}`));
  }
}

/**
 * A grouped rule gives one hit per group: its dedup key must hold every grouping field, or two
 * groups (one lender under two spellings of a name) share a key — a preview shows both, a run could
 * keep only one of them.
 */
function checkGroupedKey(checker: Checker, groupBy: readonly string[], dedupKey: readonly string[]): void {
  const missing = groupBy.filter((ref) => !dedupKey.includes(ref));
  if (missing.length === 0) return;
  checker.issues.push({ path: "clue.dedupKey", message: `去重键不能唯一标识一组命中：请加入分组字段 ${missing.join("、")}（否则不同的组会得到相同的去重键）` });
}

/** In a grouped rule, the clue may only name the grouping fields (or aggregates). */
function checkGrouped(checker: Checker, rule: Rule): void {
  const grouped = new Set(rule.groupBy);
  checkGroupedKey(checker, rule.groupBy ?? [], rule.clue.dedupKey);
  const must = (path: string, ref: string): void => {
    if (!grouped.has(ref)) checker.issues.push({ path, message: `分组规则中，线索只能引用分组字段（${[...grouped].join("、")}）或聚合，不能引用 ${ref}` });
  };
  rule.clue.dedupKey.forEach((ref, i) => must(`clue.dedupKey[${i}]`, ref));
  for (const match of rule.clue.title.matchAll(/\{([^}]*)\}/g)) must("clue.title", match[1]);
  must("clue.subject.name", rule.clue.subject.name);
  if (rule.clue.subject.idNumber) must("clue.subject.idNumber", rule.clue.subject.idNumber);
  for (const [alias, fields] of Object.entries(rule.clue.evidence)) fields.forEach((name, i) => must(`clue.evidence.${alias}[${i}]`, `${alias}.${name}`));
}

/**
 * The dedup key must identify one hit: it holds the business key of the subject dataset, and of
 * every joined dataset unless the join pins that key down (equal to a field of another dataset).
 */
function checkDedupKey(checker: Checker, scope: Scope, rule: Rule): void {
  const inKey = new Set(rule.clue.dedupKey);
  const sources: { alias: string; pinned: Set<string> }[] = [
    { alias: rule.from.as, pinned: new Set() },
    ...rule.joins.map((j) => ({ alias: j.as, pinned: pinnedFields(j) })),
  ];
  for (const { alias, pinned } of sources) {
    const def = scope.get(alias);
    if (!def) continue;
    const missing = def.businessKey.filter((f) => !inKey.has(`${alias}.${f}`) && !pinned.has(f));
    if (missing.length > 0) {
      checker.issues.push({ path: "clue.dedupKey", message: `去重键不能唯一标识一条命中：缺少 ${missing.map((f) => `${alias}.${f}`).join("、")}（数据资源“${def.name}”的业务主键）` });
    }
  }
}

function checkClue(checker: Checker, scope: Scope, rule: Rule): void {
  const { clue } = rule;
  clue.dedupKey.forEach((ref, i) => checker.field(scope, `clue.dedupKey[${i}]`, ref));
  for (const match of clue.title.matchAll(/\{([^}]*)\}/g)) checker.field(scope, "clue.title", match[1]);
  checker.field(scope, "clue.subject.name", clue.subject.name);
  if (clue.subject.idNumber) checker.field(scope, "clue.subject.idNumber", clue.subject.idNumber);
  for (const [alias, fields] of Object.entries(clue.evidence)) {
    fields.forEach((name, i) => checker.field(scope, `clue.evidence.${alias}[${i}]`, `${alias}.${name}`));
  }
}

/** Asks the context's validator about every regex met on the walk (one call for the rule). */
async function checkRegexes(checker: Checker, regexProblems: RegexValidator): Promise<void> {
  if (checker.regexes.length === 0) return;
  const problems = await regexProblems([...new Set(checker.regexes.map((r) => r.pattern))]);
  for (const { path, pattern } of checker.regexes) {
    const problem = problems.get(pattern);
    if (problem) checker.issues.push({ path, message: problem });
  }
}

/** A rule whose statement would need more bind parameters than PostgreSQL takes (counted by compiling it). */
function checkSize(checker: Checker, rule: Rule, ctx: RuleContext): void {
  const { values } = compileRule(rule, ctx, {});
  if (values.length > MAX_RULE_VALUES) {
    checker.issues.push({ path: "(根)", message: `规则过大：含 ${values.length} 个取值，最多 ${MAX_RULE_VALUES} 个；请把同一字段的多个取值合并为 in 列表，或拆分为多个模型` });
  }
}

/**
 * Every problem of a parsed rule against the catalog, the org's grants and PostgreSQL's regex
 * dialect (empty when it may run: it then compiles to a statement PostgreSQL accepts).
 */
export async function checkRule(rule: Rule, ctx: RuleContext, regexProblems: RegexValidator): Promise<RuleIssue[]> {
  const checker = new Checker(ctx, rule.params);
  checker.issues.push(...checkParamDecls(rule.params ?? {}));
  const scope = new Map<string, DatasetDefinition>();
  checker.bind(scope, "from.as", rule.from.as, checker.dataset("from.dataset", rule.from.dataset));
  rule.joins.forEach((j, i) => join.check(j, checker, scope, `joins[${i}]`));
  if (rule.where) checker.condition(scope, "where", rule.where);
  rule.groupBy?.forEach((ref, i) => checker.field(scope, `groupBy[${i}]`, ref));
  if (rule.having) checker.having(scope, "having", rule.having);
  if (rule.window) window.check(rule.window, checker, scope, "window");
  checkClue(checker, scope, rule);
  const line = rule.clue.businessLine;
  const lineProblem = line !== undefined && ctx.businessLines ? codeProblem("businessLine", line, ctx.businessLines) : null;
  if (lineProblem) checker.issue("clue.businessLine", lineProblem);
  checker.issues.push(...evidenceIssues(rule));
  for (const [name, a] of Object.entries(rule.clue.aggregates ?? {})) checker.aggregate(scope, `clue.aggregates.${name}`, a);
  if (rule.groupBy) checkGrouped(checker, rule);
  else if (rule.window) window.checkDedupKey(rule.window, rule.clue.dedupKey, checker);
  else checkDedupKey(checker, scope, rule);
  if (!rule.groupBy && rule.clue.aggregates) checker.issues.push({ path: "clue.aggregates", message: "只有分组规则（groupBy）可以输出聚合证据" });
  // Only on an otherwise clean walk: a node refused early (an unknown field) never reaches its parameter.
  if (checker.issues.length === 0) {
    for (const name of Object.keys(rule.params ?? {})) if (!checker.usedParams.has(name)) checker.issue(`params.${name}`, `参数“${name}”已声明但规则中没有使用：请在条件中以 {"param": "${name}"} 引用，或删除该声明`);
  }
  await checkRegexes(checker, regexProblems);
  if (checker.issues.length === 0) checkSize(checker, rule, ctx);
  return checker.issues;
}
