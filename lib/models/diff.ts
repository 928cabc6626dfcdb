import type { DatasetDefinition } from "../datasets/definition";
import { maskText } from "../datasets/mask";
import { describeRule, formatEvidenceValue, type ExplanationLine } from "../rules/describe";
import { PARAM_TYPE_LABELS } from "../rules/nodes/param";
import type { ParamDecl, Rule } from "../rules/schema";

/**
 * A readable diff between two versions of a model, in Chinese: the rule as the explanation reads
 * it (lib/rules/describe.ts, so every node kind describes itself here too) with lines added,
 * removed and changed, the clue's settings and the parameters. Pure — the page and the tests use it.
 */

/** One line of the rule's explanation in the diff: kept, added or removed. */
export interface DiffLine {
  op: "same" | "added" | "removed";
  depth: number;
  text: string;
}

/** One change, as the summary lists it. */
export interface DiffChange {
  kind: "added" | "removed" | "changed";
  /** 条件 / 数据来源 / 线索 / 参数 */
  section: string;
  before?: string;
  after?: string;
}

export interface VersionDiff {
  identical: boolean;
  /** The rule's explanation lines, merged: what stayed, what was added, what was removed. */
  lines: DiffLine[];
  changes: DiffChange[];
}

type Datasets = ReadonlyMap<string, DatasetDefinition>;

/** The explanation's lines without the parameters' block (parameters are compared on their own). */
function ruleLines(rule: Rule, datasets: Datasets): { source: string; lines: ExplanationLine[] } {
  const { source, lines } = describeRule(rule, datasets);
  const paramsAt = lines.findIndex((l) => l.depth === 0 && l.text.startsWith("参数（"));
  return { source, lines: paramsAt < 0 ? lines : lines.slice(0, paramsAt) };
}

const lineKey = (l: ExplanationLine): string => `${l.depth}|${l.text}`;

/** Longest common subsequence of two line lists, as a merged edit script. */
function mergeLines(a: ExplanationLine[], b: ExplanationLine[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = lineKey(a[i]) === lineKey(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && lineKey(a[i]) === lineKey(b[j])) {
      out.push({ op: "same", depth: a[i].depth, text: a[i].text });
      i++;
      j++;
    } else if (i < n && (j >= m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      // Removed before added, so a changed line reads old then new.
      out.push({ op: "removed", depth: a[i].depth, text: a[i].text });
      i++;
    } else {
      out.push({ op: "added", depth: b[j].depth, text: b[j].text });
      j++;
    }
  }
  return out;
}

/**
 * The condition changes: within each run of consecutive edits, a removed line and an added line at
 * the same depth read as one condition changed; the rest as added or removed.
 */
function conditionChanges(lines: DiffLine[]): DiffChange[] {
  const changes: DiffChange[] = [];
  let k = 0;
  while (k < lines.length) {
    if (lines[k].op === "same") {
      k++;
      continue;
    }
    const removed: DiffLine[] = [];
    const added: DiffLine[] = [];
    for (; k < lines.length && lines[k].op !== "same"; k++) (lines[k].op === "removed" ? removed : added).push(lines[k]);
    for (const r of removed) {
      const pair = added.findIndex((a) => a.depth === r.depth);
      if (pair >= 0) changes.push({ kind: "changed", section: "条件", before: r.text, after: added.splice(pair, 1)[0].text });
      else changes.push({ kind: "removed", section: "条件", before: r.text });
    }
    for (const a of added) changes.push({ kind: "added", section: "条件", after: a.text });
  }
  return changes;
}

function paramText(decl: ParamDecl): string {
  const bounds = decl.min !== undefined || decl.max !== undefined ? `，范围 ${decl.min ?? "—"}—${decl.max ?? "—"}` : "";
  return `${decl.label}：${PARAM_TYPE_LABELS[decl.type]}，默认 ${formatEvidenceValue(decl.default)}${bounds}`;
}

function paramChanges(before: Rule, after: Rule): DiffChange[] {
  const a = before.params ?? {};
  const b = after.params ?? {};
  const changes: DiffChange[] = [];
  for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const was = a[name] ? `${paramText(a[name])}（${name}）` : undefined;
    const now = b[name] ? `${paramText(b[name])}（${name}）` : undefined;
    if (was === now) continue;
    changes.push({ kind: !was ? "added" : !now ? "removed" : "changed", section: "参数", before: was, after: now });
  }
  return changes;
}

/** The clue's settings, one labelled text each (field references as written in the rule). */
function clueTexts(rule: Rule): Map<string, string> {
  const c = rule.clue;
  const texts = new Map<string, string>([
    ["线索标题", c.title],
    ["去重键", c.dedupKey.join("、")],
    ["线索对象", `${c.subject.kind === "person" ? "个人" : "单位"}，名称 ${c.subject.name}${c.subject.idNumber ? `，证件号 ${c.subject.idNumber}` : ""}`],
  ]);
  for (const [alias, fields] of Object.entries(c.evidence)) texts.set(`证据字段（${alias}）`, fields.join("、"));
  for (const [name, agg] of Object.entries(c.aggregates ?? {})) texts.set(`证据汇总（${name}）`, `${agg.fn}${agg.field ? ` ${agg.field}` : ""}`);
  if (c.businessLine) texts.set("线索业务条线", c.businessLine);
  return texts;
}

function clueChanges(before: Rule, after: Rule): DiffChange[] {
  const a = clueTexts(before);
  const b = clueTexts(after);
  const changes: DiffChange[] = [];
  for (const label of new Set([...a.keys(), ...b.keys()])) {
    const was = a.get(label);
    const now = b.get(label);
    if (was === now) continue;
    const kind = was === undefined ? "added" : now === undefined ? "removed" : "changed";
    changes.push({ kind, section: "线索", before: was === undefined ? undefined : `${label}：${was}`, after: now === undefined ? undefined : `${label}：${now}` });
  }
  return changes;
}

/** What changed from `before` to `after` (texts masked: a rule may quote an ID number). */
export function diffVersions(before: Rule, after: Rule, datasets: Datasets): VersionDiff {
  const a = ruleLines(before, datasets);
  const b = ruleLines(after, datasets);
  const lines = mergeLines(a.lines, b.lines);
  const changes: DiffChange[] = [];
  if (a.source !== b.source) changes.push({ kind: "changed", section: "数据来源", before: a.source, after: b.source });
  changes.push(...conditionChanges(lines), ...clueChanges(before, after), ...paramChanges(before, after));
  const masked = changes.map((c) => ({ ...c, before: c.before === undefined ? undefined : maskText(c.before), after: c.after === undefined ? undefined : maskText(c.after) }));
  return { identical: masked.length === 0, lines, changes: masked };
}

/** “新增 1 处，删除 0 处，修改 2 处” */
export function diffSummary(diff: VersionDiff): string {
  if (diff.identical) return "两个版本的规则相同";
  const count = (kind: DiffChange["kind"]): number => diff.changes.filter((c) => c.kind === kind).length;
  return `新增 ${count("added")} 处，删除 ${count("removed")} 处，修改 ${count("changed")} 处`;
}
