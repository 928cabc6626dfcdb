import type { DatasetDefinition, FieldType, PiiKind } from "../datasets/definition";
import { maskFieldText, maskText } from "../datasets/mask";
import type { Aggregate, ComparisonOp, Condition, Having, Literal, Rule, Subquery } from "./schema";

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
}

export interface RuleExplanation {
  /** “数据来源：刑事判决（j）” */
  source: string;
  lines: ExplanationLine[];
}

/** A clue's evidence as compiled: `{ [alias]: { [field]: value }, aggregates?: { [name]: value } }`. */
export type ClueEvidence = Record<string, unknown>;

interface RunDate {
  runDate: { plusDays?: number; minusDays?: number };
}

/** An alias in scope; `def` is missing when the catalog does not know the dataset (we still describe). */
interface Bound {
  key: string;
  def?: DatasetDefinition;
}
type Scope = ReadonlyMap<string, Bound>;

type Leaf = Exclude<Condition, { all: Condition[] } | { any: Condition[] } | { not: Condition } | { exists: Subquery } | { notExists: Subquery }>;

const PLAIN_OPS: Record<ComparisonOp, string> = { eq: "等于", ne: "不等于", lt: "小于", lte: "不大于", gt: "大于", gte: "不小于" };
const DATE_OPS: Record<ComparisonOp, string> = { eq: "等于", ne: "不等于", lt: "早于", lte: "不晚于", gt: "晚于", gte: "不早于" };
const DAY_OPS: Record<ComparisonOp, string> = { eq: "等于", ne: "不等于", lt: "少于", lte: "不超过", gt: "超过", gte: "不少于" };
// Group conditions read best with symbols: “记录总数 ≥ 5”.
const SYMBOL_OPS: Record<ComparisonOp, string> = { eq: "=", ne: "≠", lt: "<", lte: "≤", gt: ">", gte: "≥" };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const isDateType = (t: FieldType | undefined): boolean => t === "date" || t === "timestamp";
const isGroup = (c: Condition): boolean => "all" in c || "any" in c;

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

function runDateText({ runDate }: RunDate): string {
  const days = (runDate.plusDays ?? 0) - (runDate.minusDays ?? 0);
  return days === 0 ? "运行日" : days < 0 ? `运行日前 ${-days} 日` : `运行日后 ${days} 日`;
}

function shiftText(base: string, plusDays = 0, minusDays = 0): string {
  const days = plusDays - minusDays;
  return days === 0 ? base : days < 0 ? `${base}前 ${-days} 日` : `${base}后 ${days} 日`;
}

/** Days from one ISO date to another, or undefined when either is not a date. */
function daysFromTo(from: unknown, to: unknown): number | undefined {
  const toUtc = (v: unknown): number | undefined => {
    const m = typeof v === "string" ? ISO_DATE.exec(v) : null;
    return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : undefined;
  };
  const a = toUtc(from);
  const b = toUtc(to);
  return a === undefined || b === undefined ? undefined : Math.round((b - a) / 86_400_000);
}

class Describer {
  readonly lines: ExplanationLine[] = [];

  constructor(
    private readonly datasets: ReadonlyMap<string, DatasetDefinition>,
    private readonly rule: Rule,
    private readonly evidence: ClueEvidence | undefined,
    /** Aliases of the hit row itself (from + joins): only these have values in the evidence. */
    private readonly rowAliases: ReadonlySet<string>,
  ) {}

  bind(scope: Map<string, Bound>, key: string, alias: string): void {
    scope.set(alias, { key, def: this.datasets.get(key) });
  }

  /** Every line leaves through here: ID and mobile numbers in it are masked. */
  push(depth: number, text: string, value?: string): void {
    this.lines.push(value === undefined ? { depth, text: maskText(text) } : { depth, text: maskText(text), value: maskText(value) });
  }

  /** The dataset's Chinese name, with its alias when another alias in scope reads the same dataset (self-joins). */
  table(scope: Scope, alias: string): string {
    const bound = scope.get(alias);
    if (!bound) return alias;
    const name = bound.def?.name ?? bound.key;
    const twin = [...scope].some(([other, b]) => other !== alias && b.key === bound.key);
    return twin ? `${name}（${alias}）` : name;
  }

  /** Where a dataset enters the rule: always with its alias, “刑事判决（j）”. */
  heading(scope: Scope, alias: string): string {
    const bound = scope.get(alias);
    return `${bound?.def?.name ?? bound?.key ?? alias}（${alias}）`;
  }

  field(scope: Scope, ref: string): { text: string; type?: FieldType } {
    const [alias, name] = ref.split(".");
    const field = scope.get(alias)?.def?.fields.find((f) => f.name === name);
    return { text: `${this.table(scope, alias)}.${field?.label ?? name}`, type: field?.type };
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

  literal(value: Literal | RunDate, type: FieldType | undefined): string {
    if (typeof value === "object") return runDateText(value);
    if (typeof value === "boolean") return value ? "“是”" : "“否”";
    if (typeof value === "number") return String(value);
    if (value === "") return "空文本";
    // Dates as written (no quotes); text quoted, so leading or trailing spaces stay visible.
    return isDateType(type) ? value : `“${value}”`;
  }

  list(values: Literal[], type: FieldType | undefined): string {
    return values.map((v) => this.literal(v, type)).join("、");
  }

  leafText(scope: Scope, c: Leaf): string {
    if ("daysBetween" in c) {
      const from = this.field(scope, c.daysBetween.from).text;
      const to = this.field(scope, c.daysBetween.to).text;
      return `自 ${from} 至 ${to} 的天数${DAY_OPS[c.op]} ${c.value} 日`;
    }
    const { text: field, type } = this.field(scope, c.field);
    switch (c.op) {
      case "isNull":
        return `${field} 为空`;
      case "isNotNull":
        return `${field} 不为空`;
      case "in":
        return c.values.length === 1 ? `${field} 等于 ${this.literal(c.values[0], type)}` : `${field} 为 ${this.list(c.values, type)} 之一`;
      case "notIn":
        return c.values.length === 1 ? `${field} 不等于 ${this.literal(c.values[0], type)}` : `${field} 不为 ${this.list(c.values, type)} 中任何一个`;
      case "contains":
        return `${field} 包含 “${c.value}”`;
      case "startsWith":
        return `${field} 以 “${c.value}” 开头`;
      case "matches":
        return `${field} 符合正则表达式 “${c.value}”`;
      case "between":
        return `${field} 在 ${this.literal(c.from, type)} 至 ${this.literal(c.to, type)} 之间（含两端）`;
      default: {
        const op = (isDateType(type) ? DATE_OPS : PLAIN_OPS)[c.op];
        if (c.value !== undefined) return `${field} ${op} ${this.literal(c.value, type)}`;
        const other = this.field(scope, c.ref ?? "").text;
        return `${field} ${op} ${shiftText(other, c.plusDays, c.minusDays)}`;
      }
    }
  }

  leafValue(c: Leaf): string | undefined {
    if (!("daysBetween" in c)) return this.value(c.field);
    const from = this.rawValue(c.daysBetween.from);
    const to = this.rawValue(c.daysBetween.to);
    const days = daysFromTo(from.value, to.value);
    return days === undefined ? undefined : `${days} 日`;
  }

  leaf(scope: Scope, c: Leaf, depth: number, prefix = ""): void {
    this.push(depth, `${prefix}${this.leafText(scope, c)}`, this.leafValue(c));
  }

  /** A nested condition as lines: groups become a header with their members one level deeper. */
  condition(scope: Scope, c: Condition, depth: number): void {
    if ("all" in c) return this.members("同时满足以下条件：", scope, c.all, depth);
    if ("any" in c) return this.members("满足以下条件之一：", scope, c.any, depth);
    if ("not" in c) {
      if (isLeaf(c.not)) return this.leaf(scope, c.not, depth, "不满足：");
      this.push(depth, "不满足以下条件：");
      return this.condition(scope, c.not, depth + 1);
    }
    if ("exists" in c) return this.subquery(scope, c.exists, true, depth);
    if ("notExists" in c) return this.subquery(scope, c.notExists, false, depth);
    this.leaf(scope, c, depth);
  }

  members(header: string, scope: Scope, members: Condition[], depth: number): void {
    this.push(depth, header);
    for (const m of members) this.condition(scope, m, depth + 1);
  }

  /** A titled section (“条件”, “关联：…，条件”): a top-level all/any is folded into the title. */
  section(title: string, scope: Scope, c: Condition, depth: number): void {
    if ("all" in c) return this.members(`${title}（同时满足）：`, scope, c.all, depth);
    if ("any" in c) return this.members(`${title}（满足其一）：`, scope, c.any, depth);
    if (isLeaf(c)) return this.leaf(scope, c, depth, `${title}：`);
    this.push(depth, `${title}：`);
    this.condition(scope, c, depth + 1);
  }

  subquery(outer: Scope, q: Subquery, exists: boolean, depth: number): void {
    const scope = new Map(outer);
    this.bind(scope, q.from.dataset, q.from.as);
    const verb = exists ? "存在" : "不存在";
    const table = this.table(scope, q.from.as);
    if (!q.where) return this.push(depth, `${verb} ${table} 记录`);
    const anyOf = "any" in q.where;
    this.push(depth, `${verb}满足以下条件${anyOf ? "之一" : ""}的 ${table} 记录：`);
    const members = "all" in q.where ? q.where.all : "any" in q.where ? q.where.any : [q.where];
    for (const m of members) this.condition(scope, m, depth + 1);
  }

  /** A condition on one line, for aggregate filters (“满足「…」的记录数”). */
  inline(scope: Scope, c: Condition): string {
    const part = (x: Condition): string => (isGroup(x) ? `（${this.inline(scope, x)}）` : this.inline(scope, x));
    if ("all" in c) return c.all.map(part).join(" 且 ");
    if ("any" in c) return c.any.map(part).join(" 或 ");
    if ("not" in c) return `并非（${this.inline(scope, c.not)}）`;
    if ("exists" in c || "notExists" in c) {
      const q = "exists" in c ? c.exists : c.notExists;
      const inner = new Map(scope);
      this.bind(inner, q.from.dataset, q.from.as);
      const verb = "exists" in c ? "存在" : "不存在";
      const where = q.where ? `满足（${this.inline(inner, q.where)}）的 ` : " ";
      return `${verb}${where}${this.table(inner, q.from.as)} 记录`;
    }
    return this.leafText(scope, c);
  }

  aggregate(scope: Scope, a: Aggregate): string {
    const field = a.field ? this.field(scope, a.field) : undefined;
    const filter = a.where ? `满足「${this.inline(scope, a.where)}」的` : "";
    if (!field) return a.where ? `${filter}记录数` : "记录总数";
    const date = isDateType(field.type);
    const base: Record<Aggregate["fn"], string> = {
      count: `${field.text}不为空的记录数`,
      countDistinct: `${field.text}的不同取值个数`,
      sum: `${field.text}合计`,
      min: `${field.text}${date ? "最早值" : "最小值"}`,
      max: `${field.text}${date ? "最晚值" : "最大值"}`,
    };
    return `${filter}${base[a.fn]}`;
  }

  /** The clue's value of an unfiltered aggregate, when clue.aggregates computes the same one. */
  aggregateValue(a: Aggregate): string | undefined {
    if (a.where) return undefined;
    const stored = this.evidence?.aggregates;
    if (!isRecord(stored)) return undefined;
    const same = Object.entries(this.rule.clue.aggregates ?? {}).find(([name, x]) => x.fn === a.fn && x.field === a.field && hasOwn(stored, name));
    return same ? formatEvidenceValue(stored[same[0]]) : undefined;
  }

  havingText(scope: Scope, h: Extract<Having, { aggregate: Aggregate }>): string {
    const left = `${this.aggregate(scope, h.aggregate)} ${SYMBOL_OPS[h.op]}`;
    return "of" in h ? `${left} ${this.aggregate(scope, h.of)}的 ${h.times} 倍` : `${left} ${h.value}`;
  }

  having(scope: Scope, h: Having, depth: number, title?: string): void {
    if ("all" in h || "any" in h) {
      const members = "all" in h ? h.all : h.any;
      const header = title ? `${title}（${"all" in h ? "同时满足" : "满足其一"}）：` : "all" in h ? "同时满足以下条件：" : "满足以下条件之一：";
      this.push(depth, header);
      for (const m of members) this.having(scope, m, depth + 1);
      return;
    }
    this.push(depth, `${title ? `${title}：` : ""}${this.havingText(scope, h)}`, this.aggregateValue(h.aggregate));
  }
}

function isLeaf(c: Condition): c is Leaf {
  return !("all" in c || "any" in c || "not" in c || "exists" in c || "notExists" in c);
}

/**
 * Why a clue of this rule hit: its conditions in plain Chinese, one line each, nested by `depth`.
 * With `evidence` (the clue's stored evidence), lines on a field the evidence carries show its value.
 */
export function describeRule(rule: Rule, datasets: ReadonlyMap<string, DatasetDefinition>, evidence?: ClueEvidence): RuleExplanation {
  const rowAliases = new Set([rule.from.as, ...rule.joins.map((j) => j.as)]);
  const d = new Describer(datasets, rule, evidence, rowAliases);
  const scope = new Map<string, Bound>();
  d.bind(scope, rule.from.dataset, rule.from.as);
  const source = `数据来源：${d.heading(scope, rule.from.as)}`;
  for (const join of rule.joins) {
    d.bind(scope, join.dataset, join.as);
    d.section(`关联${join.type === "left" ? "（可无匹配记录）" : ""}：${d.heading(scope, join.as)}，条件`, scope, join.on, 0);
  }
  if (rule.where) d.section("条件", scope, rule.where, 0);
  if (rule.groupBy) d.push(0, `按 ${rule.groupBy.map((ref) => d.field(scope, ref).text).join("、")} 分组`);
  if (rule.having) d.having(scope, rule.having, 0, "分组条件");
  if (d.lines.length === 0) d.push(0, "条件：无（数据来源中的全部记录）");
  return { source, lines: d.lines };
}

/** The explanation as indented plain text (logs, exports, tests). */
export function formatExplanation(e: RuleExplanation): string {
  const lines = e.lines.map((l) => `${"  ".repeat(l.depth)}- ${l.text}${l.value === undefined ? "" : `  — 本线索取值：${l.value}`}`);
  return [`- ${e.source}`, ...lines].join("\n");
}
