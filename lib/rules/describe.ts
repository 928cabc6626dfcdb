import type { DatasetDefinition, FieldType, PiiKind } from "../datasets/definition";
import { maskFieldText, maskText } from "../datasets/mask";
import { having, type Aggregate, type Having } from "./nodes/aggregate";
import { isDateType, isNumberType, isParamRef, type DaysOrParam, type Literal, type LiteralOrParam, type MonthsOrParam, type Operand, type ParamRef, type RunDate } from "./nodes/common";
import { correlatedRefs, rowAliases, subqueries } from "./nodes/exists-evidence";
import { ifEmptyOf, ifEmptyText } from "./nodes/if-empty";
import { kindOf } from "./nodes/index";
import { join } from "./nodes/join";
import { groupOf } from "./nodes/logical";
import { PARAM_SOURCE_LABELS, resolveParams, type ParamValues, type ResolvedParam, type ResolvedParams } from "./nodes/param";
import type { Bound, DescribeScope as Scope, DescribeWalk, Finding } from "./nodes/types";
import { window } from "./nodes/window";
import type { Condition, Rule, Subquery } from "./schema";

/**
 * “为什么命中”: a model's rule in plain Chinese for a prosecutor, derived only from the rule and the
 * dataset catalog (labels, names, types). Pure — used by server components and tests alike.
 */

/**
 * One line of the explanation; `depth` 0 is the top level. `value` is this clue's value of the
 * compared field, personal data masked as in the evidence (the audited reveal shows it in clear).
 */
export interface ExplanationLine {
  depth: number;
  text: string;
  value?: string;
  /** An exists this clue's row matched (found) or a notExists it searched for in vain (absent), with the values searched. */
  finding?: Finding;
}

export interface RuleExplanation {
  /** “数据来源：刑事判决（j）” */
  source: string;
  lines: ExplanationLine[];
}

/** A clue's evidence as compiled: `{ [alias]: { [field]: value }, aggregates?: { [name]: value } }`. */
export type ClueEvidence = Record<string, unknown>;



function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function hasOwn(obj: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** An evidence value as text: booleans 是/否, null “（空）”, lists joined with 、. */
export function formatEvidenceValue(v: unknown): string {
  if (v === null || v === undefined) return "（空）";
  if (typeof v === "boolean") return v ? "是" : "否";
  if (typeof v === "string" || typeof v === "number" || typeof v === "bigint") return String(v);
  if (Array.isArray(v)) return v.length === 0 ? "（空）" : v.map(formatEvidenceValue).join("、");
  return JSON.stringify(v);
}

class Describer implements DescribeWalk {
  readonly lines: ExplanationLine[] = [];
  /** While inlineSearched runs: the subquery's alias (its fields lose the table name, the hit row's become values). */
  private searching: string | null = null;
  /** The exists/notExists every hit satisfies (in the where at top level or in `all`s). */
  private readonly mandatory: ReadonlySet<Subquery>;

  constructor(
    private readonly datasets: ReadonlyMap<string, DatasetDefinition>,
    private readonly rule: Rule,
    private readonly evidence: ClueEvidence | undefined,
    /** Aliases of the hit row itself (from + joins): only these have values in the evidence. */
    private readonly rowAliases: ReadonlySet<string>,
    /** The parameters' values used (a run's recorded values, or the declared defaults). */
    private readonly params: ResolvedParams,
  ) {
    this.mandatory = new Set(subqueries(rule.where).filter((s) => s.mandatory).map((s) => s.q));
  }

  /** A parameter as the explanation names it: its value used, then its label. */
  resolved(ref: ParamRef): { value: Literal; label: string } {
    const p = this.params.get(ref.param);
    return p ? { value: p.value, label: p.label } : { value: `{${ref.param}}`, label: ref.param };
  }

  number(value: number | ParamRef): string {
    if (!isParamRef(value)) return String(value);
    const p = this.resolved(value);
    return `${String(p.value)}（${p.label}）`;
  }

  shift(plus: DaysOrParam | undefined, minus: DaysOrParam | undefined): string {
    return this.offset(plus, minus, "日");
  }

  months(plus: MonthsOrParam | undefined, minus: MonthsOrParam | undefined): string {
    return this.offset(plus, minus, "个月");
  }

  /** “前 30 日” / “后 2 个月（label）” / "": plus − minus units, literals or parameters (their value used, with their label). */
  offset(plus: number | ParamRef | undefined, minus: number | ParamRef | undefined, unit: string): string {
    const labels: string[] = [];
    const count = (v: number | ParamRef | undefined): number => {
      if (!isParamRef(v)) return v ?? 0;
      const p = this.resolved(v);
      labels.push(p.label);
      return typeof p.value === "number" ? p.value : 0;
    };
    const n = count(plus) - count(minus);
    if (n === 0 && labels.length === 0) return "";
    return `${n < 0 ? `前 ${-n} ${unit}` : `后 ${n} ${unit}`}${labels.length > 0 ? `（${labels.join("、")}）` : ""}`;
  }

  /** “运行日前 1 个月所在月最后一天后 1 日”: months, then the day of that month, then days. */
  runDate({ runDate: r }: RunDate): string {
    const day = r.day === "first" ? "所在月第一天" : r.day === "last" ? "所在月最后一天" : "";
    return `运行日${this.months(r.plusMonths, r.minusMonths)}${day}${this.shift(r.plusDays, r.minusDays)}`;
  }

  bind(scope: Map<string, Bound>, key: string, alias: string, label?: string): void {
    scope.set(alias, label === undefined ? { key, def: this.datasets.get(key) } : { key, def: this.datasets.get(key), label });
  }

  /** Every line leaves through here: ID and mobile numbers in it are masked. */
  push(depth: number, text: string, value?: string, finding?: Finding): void {
    const line: ExplanationLine = { depth, text: maskText(text) };
    if (value !== undefined) line.value = maskText(value);
    if (finding) line.finding = finding;
    this.lines.push(line);
  }

  /** The alias's label, else the dataset's Chinese name, with its alias when another alias in scope reads the same dataset (self-joins). */
  table(scope: Scope, alias: string): string {
    const bound = scope.get(alias);
    if (!bound) return alias;
    if (bound.label) return bound.label;
    const name = bound.def?.name ?? bound.key;
    const twin = [...scope].some(([other, b]) => other !== alias && b.key === bound.key);
    return twin ? `${name}（${alias}）` : name;
  }

  /** Where a dataset enters the rule: its label with the dataset's name, “门诊结算（医保结算）”, else the name with its alias, “刑事判决（j）”. */
  heading(scope: Scope, alias: string): string {
    const bound = scope.get(alias);
    const name = bound?.def?.name ?? bound?.key ?? alias;
    return bound?.label ? `${bound.label}（${name}）` : `${name}（${alias}）`;
  }

  field(scope: Scope, ref: string): { text: string; type?: FieldType } {
    const [alias, name] = ref.split(".");
    const field = scope.get(alias)?.def?.fields.find((f) => f.name === name);
    const label = field?.label ?? name;
    if (this.searching !== null) {
      if (alias === this.searching) return { text: label, type: field?.type };
      const value = this.rowAliases.has(alias) ? this.value(ref) : undefined;
      if (value !== undefined) return { text: this.quoted(value, field?.type), type: field?.type };
    }
    return { text: `${this.table(scope, alias)}.${label}`, type: field?.type };
  }

  /** A clue's value inside a sentence: text quoted (so spaces stay visible), dates and numbers as they are. */
  private quoted(value: string, type: FieldType | undefined): string {
    return isDateType(type) || isNumberType(type) || type === "boolean" || value === "（空）" ? value : `“${value}”`;
  }

  searched(q: Subquery): { rows?: unknown[] } | null {
    if (!this.evidence || !this.mandatory.has(q)) return null;
    if (correlatedRefs(q, this.rowAliases).some((ref) => !this.rawValue(ref).found)) return null;
    const rows = this.evidence[q.from.as];
    return q.evidence && Array.isArray(rows) ? { rows } : {};
  }

  inlineSearched(scope: Scope, q: Subquery): string {
    if (!q.where) return "";
    this.searching = q.from.as;
    try {
      return this.inline(scope, q.where);
    } finally {
      this.searching = null;
    }
  }

  /** This clue's raw value of `alias.field`, when the evidence carries it. */
  rawValue(ref: string): { found: boolean; value?: unknown } {
    const [alias, name] = ref.split(".");
    const row = this.rowAliases.has(alias) ? this.evidence?.[alias] : undefined;
    return isRecord(row) && hasOwn(row, name) ? { found: true, value: row[name] } : { found: false };
  }

  /** The personal-data kind of a field of the hit row (from + joins). */
  piiOf(ref: string): PiiKind | undefined {
    const [alias, name] = ref.split(".");
    const key = alias === this.rule.from.as ? this.rule.from.dataset : this.rule.joins.find((j) => j.as === alias)?.dataset;
    return key ? this.datasets.get(key)?.fields.find((f) => f.name === name)?.pii : undefined;
  }

  value(ref: string): string | undefined {
    const v = this.rawValue(ref);
    if (!v.found) return undefined;
    const text = formatEvidenceValue(v.value);
    return v.value === null || v.value === undefined ? text : maskFieldText(this.piiOf(ref), text);
  }

  literal(value: Operand, type: FieldType | undefined): string {
    if (isParamRef(value)) {
      const p = this.resolved(value);
      return `${this.literal(p.value, type)}（${p.label}）`;
    }
    if (typeof value === "object") return this.runDate(value);
    if (typeof value === "boolean") return value ? "“是”" : "“否”";
    if (typeof value === "number") return String(value);
    if (value === "") return "空文本";
    // Dates as written (no quotes); text quoted, so leading or trailing spaces stay visible.
    return isDateType(type) ? value : `“${value}”`;
  }

  list(values: LiteralOrParam[], type: FieldType | undefined): string {
    return values.map((v) => this.literal(v, type)).join("、");
  }

  /** Pushes a leaf's line (its kind's text, this clue's value beside it); false when `c` is not a leaf. */
  leaf(scope: Scope, c: Condition, depth: number, prefix = ""): boolean {
    const kind = kindOf(c);
    if (!kind.leaf) return false;
    this.push(depth, `${prefix}${ifEmptyText(kind.text(c, this, scope), ifEmptyOf(c))}`, kind.value(c, this));
    return true;
  }

  /** A nested condition as lines (each node kind in ./nodes says how): groups become a header with their members one level deeper. */
  condition(scope: Scope, c: Condition, depth: number): void {
    const kind = kindOf(c);
    if (kind.leaf) this.leaf(scope, c, depth);
    else kind.describe(c, this, scope, depth);
  }

  /** A titled section (“条件”, “关联：…，条件”): a top-level all/any is folded into the title. */
  section(title: string, scope: Scope, c: Condition, depth: number): void {
    const group = groupOf(c);
    if (group) {
      this.push(depth, `${title}（${group.mode === "all" ? "同时满足" : "满足其一"}）：`);
      for (const m of group.members) this.condition(scope, m, depth + 1);
      return;
    }
    if (this.leaf(scope, c, depth, `${title}：`)) return;
    this.push(depth, `${title}：`);
    this.condition(scope, c, depth + 1);
  }

  enter(outer: Scope, q: Subquery): { scope: Scope; table: string } {
    const scope = new Map(outer);
    this.bind(scope, q.from.dataset, q.from.as, q.from.label);
    return { scope, table: this.table(scope, q.from.as) };
  }

  /** A condition on one line, for aggregate filters (“满足「…」的记录数”). */
  inline(scope: Scope, c: Condition): string {
    const kind = kindOf(c);
    return kind.leaf ? ifEmptyText(kind.text(c, this, scope), ifEmptyOf(c)) : kind.inline(c, this, scope);
  }

  /** The clue's value of an unfiltered aggregate, when clue.aggregates computes the same one. */
  storedAggregate(a: Aggregate): string | undefined {
    if (a.where) return undefined;
    const stored = this.evidence?.aggregates;
    if (!isRecord(stored)) return undefined;
    const same = Object.entries(this.rule.clue.aggregates ?? {}).find(([name, x]) => x.fn === a.fn && x.field === a.field && hasOwn(stored, name));
    return same ? formatEvidenceValue(stored[same[0]]) : undefined;
  }

  having(scope: Scope, h: Having, depth: number, title?: string): void {
    having.describe(h, this, scope, depth, title);
  }
}

/**
 * Why a clue of this rule hit: its conditions in plain Chinese, one line each, nested by `depth`.
 * With `evidence` (the clue's stored evidence), lines on a field the evidence carries show its value.
 */
export function describeRule(
  rule: Rule,
  datasets: ReadonlyMap<string, DatasetDefinition>,
  evidence?: ClueEvidence,
  /** The parameters' values the run used (CompiledRule.params, as the run recorded them); default: the declared defaults. */
  params?: readonly ResolvedParam[],
): RuleExplanation {
  const used = params ? new Map(params.map((p) => [p.name, p])) : resolveParams(rule.params);
  const d = new Describer(datasets, rule, evidence, rowAliases(rule), used);
  const scope = new Map<string, Bound>();
  d.bind(scope, rule.from.dataset, rule.from.as, rule.from.label);
  const source = `数据来源：${d.heading(scope, rule.from.as)}`;
  for (const j of rule.joins) join.describe(j, d, scope);
  if (rule.where) d.section("条件", scope, rule.where, 0);
  if (rule.groupBy) d.push(0, `按 ${rule.groupBy.map((ref) => d.field(scope, ref).text).join("、")} 分组`);
  if (rule.having) d.having(scope, rule.having, 0, "分组条件");
  if (rule.window) window.describe(rule.window, d, scope, evidence);
  if (d.lines.length === 0) d.push(0, "条件：无（数据来源中的全部记录）");
  describeParamsUsed(d, used);
  return { source, lines: d.lines };
}

/** “参数：交付执行宽限天数 = 30（本院设置）”, one line per declared parameter. */
function describeParamsUsed(d: Describer, used: ResolvedParams): void {
  if (used.size === 0) return;
  d.push(0, "参数（本次取值）：");
  for (const p of used.values()) d.push(1, `${p.label} = ${d.literal(p.value, p.type === "date" ? "date" : undefined)}（${PARAM_SOURCE_LABELS[p.source]}）`);
}

/** The explanation as indented plain text (logs, exports, tests). */
export function formatExplanation(e: RuleExplanation): string {
  const lines = e.lines.map((l) => `${"  ".repeat(l.depth)}- ${l.text}${l.value === undefined ? "" : `  — 本线索取值：${l.value}`}`);
  return [`- ${e.source}`, ...lines].join("\n");
}

/** Short Chinese labels for the preview's funnel steps, personal data masked (a rule may name an ID number). */
export interface StepLabels {
  /** “刑事判决（j）：本院全部记录” */
  source: string;
  /** “关联 企业登记（r）” per join. */
  joins: string[];
  /** Each given condition on one line. */
  conditions: string[];
  /** “按 … 分组，满足分组条件” for grouped rules. */
  grouping?: string;
}

export function describeSteps(rule: Rule, datasets: ReadonlyMap<string, DatasetDefinition>, conditions: readonly Condition[], params: ParamValues = {}): StepLabels {
  const d = new Describer(datasets, rule, undefined, new Set(), resolveParams(rule.params, params));
  const scope = new Map<string, Bound>();
  d.bind(scope, rule.from.dataset, rule.from.as, rule.from.label);
  const source = `${d.heading(scope, rule.from.as)}：本院全部记录`;
  const joins = rule.joins.map((j) => {
    d.bind(scope, j.dataset, j.as, j.label);
    return `关联${j.type === "left" ? "（可无匹配记录）" : ""} ${d.heading(scope, j.as)}`;
  });
  const labels: StepLabels = { source: maskText(source), joins: joins.map(maskText), conditions: conditions.map((c) => maskText(d.inline(scope, c))) };
  if (rule.groupBy) labels.grouping = maskText(`按 ${rule.groupBy.map((ref) => d.field(scope, ref).text).join("、")} 分组${rule.having ? "，满足分组条件" : ""}`);
  return labels;
}
