// A sliding-window clue's evidence (rule.window): the densest window's start, end and counts, and
// its events as a table — personal data masked by field kind, as every other evidence value.
import type { DatasetDefinition, PiiKind } from "../datasets/definition";
import { CLUE_MASKED_PII, maskDeep, maskFieldText } from "../datasets/mask";
import { formatEvidenceValue } from "../rules/describe";
import { WINDOW_EVIDENCE_EVENTS, windowEvidence, type WindowEvidence } from "../rules/nodes/window";
import type { Rule } from "../rules/schema";

export interface EvidenceTable {
  columns: { name: string; label: string }[];
  /** Cell texts, masked. */
  rows: string[][];
}

/** What evidence.ts shows as one section (kept structural so neither file imports the other's types). */
interface Section {
  alias: string;
  datasetName: string;
  datasetKey: string;
  fields: { name: string; label: string; value: string }[];
  table?: EvidenceTable;
}

type Datasets = ReadonlyMap<string, DatasetDefinition>;

function aliasDataset(rule: Rule, datasets: Datasets, alias: string): DatasetDefinition | undefined {
  const key = alias === rule.from.as ? rule.from.dataset : rule.joins.find((j) => j.as === alias)?.dataset;
  return key ? datasets.get(key) : undefined;
}

function maskedPii(def: DatasetDefinition | undefined, field: string): PiiKind | undefined {
  const pii = def?.fields.find((f) => f.name === field)?.pii;
  return pii && CLUE_MASKED_PII.includes(pii) ? pii : undefined;
}

/** One event's value of a field, masked by the field's kind. */
function cell(def: DatasetDefinition | undefined, field: string, raw: unknown): string {
  const text = formatEvidenceValue(raw);
  return raw === null || raw === undefined ? text : maskFieldText(maskedPii(def, field), text);
}

function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 1000) / 10}%` : "—";
}

/** The window's summary and its events, or [] when the evidence holds no window. */
export function windowSections(rule: Rule, datasets: Datasets, evidence: Record<string, unknown>): Section[] {
  const w = windowEvidence(evidence);
  if (!rule.window || !w) return [];
  const summary: Section = {
    alias: "window",
    datasetKey: "",
    datasetName: "最密集窗口",
    fields: [
      { name: "range", label: "起止日期", value: `${w.start} 至 ${w.end}` },
      { name: "days", label: "窗口天数", value: `${w.days} 日` },
      { name: "count", label: "记录数", value: String(w.count) },
      ...(rule.window.share ? [{ name: "matching", label: "其中满足条件", value: `${w.matching}（${percent(w.matching, w.count)}）` }] : []),
    ],
  };
  const aliases = Object.entries(rule.clue.evidence);
  const several = aliases.length > 1;
  const columns = aliases.flatMap(([alias, fields]) => {
    const def = aliasDataset(rule, datasets, alias);
    return fields.map((name) => {
      const label = def?.fields.find((f) => f.name === name)?.label ?? name;
      return { alias, def, name, label: several ? `${def?.name ?? alias}.${label}` : label };
    });
  });
  const rows = w.events.map((event) => columns.map((c) => cell(c.def, c.name, event[c.alias]?.[c.name])));
  const shown = w.count > w.events.length ? `，显示前 ${w.events.length} 条` : "";
  const events: Section = {
    alias: "window.events",
    datasetKey: "",
    datasetName: `窗口内的记录（共 ${w.count} 条${shown}）`,
    fields: [],
    table: { columns: columns.map(({ name, label }) => ({ name, label })), rows },
  };
  return [summary, events];
}

/** A preview's window evidence, masked as the clue shows it (the events by field kind). */
export function maskWindow(rule: Rule, datasets: Datasets, value: unknown): unknown {
  const w = windowEvidence({ window: value });
  if (!w) return maskDeep(value);
  const events = w.events.slice(0, WINDOW_EVIDENCE_EVENTS).map((event) =>
    Object.fromEntries(
      Object.entries(event).map(([alias, fields]) => {
        const def = aliasDataset(rule, datasets, alias);
        return [alias, Object.fromEntries(Object.entries(fields ?? {}).map(([name, raw]) => [name, typeof raw === "string" ? maskFieldText(maskedPii(def, name), raw) : maskDeep(raw)]))];
      }),
    ),
  );
  return { ...maskDeep(w), events };
}
