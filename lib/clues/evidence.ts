import type { DatasetDefinition, PiiKind } from "../datasets/definition";
import { CLUE_MASKED_PII, maskDeep, maskFieldText, maskText, maskValue } from "../datasets/mask";
import { formatEvidenceValue } from "../rules/describe";
import { evidenceAliasDatasets, evidenceSubqueries } from "../rules/nodes/exists-evidence";
import type { Rule } from "../rules/schema";
import { maskWindow, windowSections, type EvidenceTable } from "./window-evidence";


export interface EvidenceField {
  name: string;
  label: string;
  value: string;
  /** Set when the value is masked; revealing it is an audited action. */
  pii?: PiiKind;
}

export interface EvidenceSection {
  /** The alias, or “i[0]” for the first matched row of an exists (what a reveal names). */
  alias: string;
  /** The header: the alias's label (门诊结算) or else the dataset's name, “（第 2 条）” for an exists's rows. */
  heading: string;
  datasetName: string;
  datasetKey: string;
  fields: EvidenceField[];
  /** Rows of several records (a sliding window's events), masked. */
  table?: EvidenceTable;
  /** An exists's rows: none matched (an exists under any or not). */
  empty?: boolean;
}

/** Which dataset each alias whose values the evidence holds reads (from, joins, exists with evidence). */
export function aliasDatasets(rule: Rule): Map<string, string> {
  return evidenceAliasDatasets(rule);
}

/** The Chinese label an alias carries in the rule (from, joins, the exists with evidence). */
function aliasLabel(rule: Rule, alias: string): string | undefined {
  if (rule.from.as === alias) return rule.from.label;
  return rule.joins.find((j) => j.as === alias)?.label ?? evidenceSubqueries(rule.where).find((q) => q.from.as === alias)?.from.label;
}

function isRow(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** One row's fields as shown: labelled, PII masked (revealing is audited). */
function sectionFields(def: DatasetDefinition | undefined, fieldNames: readonly string[], values: Record<string, unknown>): EvidenceField[] {
  return fieldNames.map((name) => {
    const raw = values[name];
    const text = formatEvidenceValue(raw);
    const pii = raw === null || raw === undefined ? undefined : maskedKind(def, name);
    return { name, label: def?.fields.find((f) => f.name === name)?.label ?? name, value: maskFieldText(pii, pii ? String(raw) : text), pii };
  });
}

/** The rows an exists matched, one section each (“住院结算（第 2 条）”), or one saying none did. */
function existsSections(rule: Rule, datasets: ReadonlyMap<string, DatasetDefinition>, evidence: Record<string, unknown>): EvidenceSection[] {
  return evidenceSubqueries(rule.where).flatMap((q) => {
    const def = datasets.get(q.from.dataset);
    const base = q.from.label ?? def?.name ?? q.from.dataset;
    const rows = Array.isArray(evidence[q.from.as]) ? (evidence[q.from.as] as unknown[]).filter(isRow) : [];
    const common = { datasetKey: q.from.dataset, datasetName: def?.name ?? q.from.dataset };
    if (rows.length === 0) return [{ ...common, alias: q.from.as, heading: base, fields: [], empty: true }];
    return rows.map((row, i) => ({ ...common, alias: `${q.from.as}[${i}]`, heading: rows.length > 1 ? `${base}（第 ${i + 1} 条）` : base, fields: sectionFields(def, q.evidence ?? [], row) }));
  });
}

function maskedKind(def: DatasetDefinition | undefined, field: string): PiiKind | undefined {
  const pii = def?.fields.find((f) => f.name === field)?.pii;
  return pii && CLUE_MASKED_PII.includes(pii) ? pii : undefined;
}

/** The evidence as labelled sections per dataset, PII masked unless `reveal` says otherwise. */
export function evidenceSections(rule: Rule, datasets: ReadonlyMap<string, DatasetDefinition>, evidence: Record<string, unknown>): EvidenceSection[] {
  // A window clue's evidence is its densest window, not one row (lib/clues/window-evidence.ts).
  if (rule.window) return windowSections(rule, datasets, evidence).map((s) => ({ ...s, heading: s.datasetName }));
  const aliases = aliasDatasets(rule);
  const sections: EvidenceSection[] = [];
  for (const [alias, fieldNames] of Object.entries(rule.clue.evidence)) {
    const key = aliases.get(alias) ?? alias;
    const def = datasets.get(key);
    const values = isRow(evidence[alias]) ? evidence[alias] : {};
    const datasetName = def?.name ?? key;
    sections.push({ alias, heading: aliasLabel(rule, alias) ?? datasetName, datasetKey: key, datasetName, fields: sectionFields(def, fieldNames, values) });
  }
  sections.push(...existsSections(rule, datasets, evidence));
  const aggregates = evidence.aggregates as Record<string, unknown> | undefined;
  if (aggregates && rule.clue.aggregates) {
    sections.push({
      alias: "aggregates",
      heading: "汇总",
      datasetKey: "",
      datasetName: "汇总",
      fields: Object.keys(rule.clue.aggregates).map((name) => ({ name, label: aggregateLabel(rule, datasets, name), value: maskText(formatEvidenceValue(aggregates[name])) })),
    });
  }
  return sections;
}

function aggregateLabel(rule: Rule, datasets: ReadonlyMap<string, DatasetDefinition>, name: string): string {
  const agg = rule.clue.aggregates?.[name];
  if (!agg) return name;
  const FN: Record<string, string> = { count: "记录数", countDistinct: "不同值个数", sum: "合计", min: "最小值", max: "最大值", list: "清单" };
  if (!agg.field) return FN[agg.fn] ?? name;
  const [alias, field] = agg.field.split(".");
  const def = datasets.get(aliasDatasets(rule).get(alias) ?? alias);
  const label = def?.fields.find((f) => f.name === field)?.label ?? field;
  return `${label}${FN[agg.fn] ?? ""}`;
}

/**
 * The raw value of one evidence field, for an audited reveal; null when it is not masked PII
 * shown as evidence. `alias` is “i[0]” for a row an exists matched.
 */
export function revealableValue(rule: Rule, datasets: ReadonlyMap<string, DatasetDefinition>, evidence: Record<string, unknown>, alias: string, field: string): string | null {
  const row = /^([a-z][a-z0-9_]*)\[(\d+)\]$/.exec(alias);
  const name = row ? row[1] : alias;
  const shown = row ? evidenceSubqueries(rule.where).find((q) => q.from.as === name)?.evidence : rule.clue.evidence[alias];
  if (!shown?.includes(field)) return null;
  const def = datasets.get(aliasDatasets(rule).get(name) ?? name);
  if (!maskedKind(def, field)) return null;
  const values = row ? (Array.isArray(evidence[name]) ? (evidence[name] as unknown[])[Number(row[2])] : undefined) : evidence[name];
  const raw = isRow(values) ? values[field] : undefined;
  return raw === null || raw === undefined ? null : String(raw);
}

/** The personal-data kind of `alias.field` of the hit row (from + joins). */
function refPii(rule: Rule, datasets: ReadonlyMap<string, DatasetDefinition>, ref: string): PiiKind | undefined {
  const [alias, field] = ref.split(".");
  return datasets.get(aliasDatasets(rule).get(alias) ?? alias)?.fields.find((f) => f.name === field)?.pii;
}

function maskRaw(kind: PiiKind | undefined, raw: unknown): unknown {
  return typeof raw === "string" ? maskFieldText(kind, raw) : maskDeep(raw);
}

/** A subject's ID number as lists show it: a person's masked, a company's credit code as is. */
export function maskSubjectId(kind: string, value: string | null): string | null {
  return value && kind === "person" ? maskValue("id_number", value) : value && maskText(value);
}

/**
 * A hit as a preview answers it (`{ [alias]: { [field]: value }, aggregates }` and the dedup key),
 * masked exactly as the clue's evidence is shown.
 */
export function maskHit(rule: Rule, datasets: ReadonlyMap<string, DatasetDefinition>, evidence: Record<string, unknown>, dedupKey: unknown[]): { evidence: Record<string, unknown>; dedupKey: unknown[] } {
  const masked: Record<string, unknown> = {};
  const maskRow = (alias: string, values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).map(([field, raw]) => [field, maskRaw(refPii(rule, datasets, `${alias}.${field}`), raw)]));
  for (const [alias, values] of Object.entries(evidence)) {
    if (alias === "window" && rule.window) masked[alias] = maskWindow(rule, datasets, values);
    else if (alias === "aggregates") masked[alias] = maskDeep(values);
    // An exists's matched rows: each masked by its dataset's field kinds.
    else if (Array.isArray(values)) masked[alias] = values.map((v) => (isRow(v) ? maskRow(alias, v) : maskDeep(v)));
    else masked[alias] = isRow(values) ? maskRow(alias, values) : maskDeep(values);
  }
  return { evidence: masked, dedupKey: dedupKey.map((raw, i) => maskRaw(refPii(rule, datasets, rule.clue.dedupKey[i] ?? ""), raw)) };
}
