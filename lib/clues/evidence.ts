import type { DatasetDefinition, PiiKind } from "../datasets/definition";
import { CLUE_MASKED_PII, maskDeep, maskFieldText, maskText, maskValue } from "../datasets/mask";
import { formatEvidenceValue } from "../rules/describe";
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
  alias: string;
  datasetName: string;
  datasetKey: string;
  fields: EvidenceField[];
  /** Rows of several records (a sliding window's events), masked. */
  table?: EvidenceTable;
}

/** Which dataset each alias of the rule reads (from, joins). */
export function aliasDatasets(rule: Rule): Map<string, string> {
  const map = new Map<string, string>([[rule.from.as, rule.from.dataset]]);
  for (const join of rule.joins ?? []) map.set(join.as, join.dataset);
  return map;
}

function maskedKind(def: DatasetDefinition | undefined, field: string): PiiKind | undefined {
  const pii = def?.fields.find((f) => f.name === field)?.pii;
  return pii && CLUE_MASKED_PII.includes(pii) ? pii : undefined;
}

/** The evidence as labelled sections per dataset, PII masked unless `reveal` says otherwise. */
export function evidenceSections(rule: Rule, datasets: ReadonlyMap<string, DatasetDefinition>, evidence: Record<string, unknown>): EvidenceSection[] {
  // A window clue's evidence is its densest window, not one row (lib/clues/window-evidence.ts).
  if (rule.window) return windowSections(rule, datasets, evidence);
  const aliases = aliasDatasets(rule);
  const sections: EvidenceSection[] = [];
  for (const [alias, fieldNames] of Object.entries(rule.clue.evidence)) {
    const key = aliases.get(alias) ?? alias;
    const def = datasets.get(key);
    const values = (evidence[alias] ?? {}) as Record<string, unknown>;
    sections.push({
      alias,
      datasetKey: key,
      datasetName: def?.name ?? key,
      fields: fieldNames.map((name) => {
        const raw = values[name];
        const text = formatEvidenceValue(raw);
        const pii = raw === null || raw === undefined ? undefined : maskedKind(def, name);
        return { name, label: def?.fields.find((f) => f.name === name)?.label ?? name, value: maskFieldText(pii, pii ? String(raw) : text), pii };
      }),
    });
  }
  const aggregates = evidence.aggregates as Record<string, unknown> | undefined;
  if (aggregates && rule.clue.aggregates) {
    sections.push({
      alias: "aggregates",
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

/** The raw value of one evidence field, for an audited reveal; null when it is not masked PII. */
export function revealableValue(rule: Rule, datasets: ReadonlyMap<string, DatasetDefinition>, evidence: Record<string, unknown>, alias: string, field: string): string | null {
  if (!rule.clue.evidence[alias]?.includes(field)) return null;
  const def = datasets.get(aliasDatasets(rule).get(alias) ?? alias);
  if (!maskedKind(def, field)) return null;
  const raw = (evidence[alias] as Record<string, unknown> | undefined)?.[field];
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
  for (const [alias, values] of Object.entries(evidence)) {
    if (alias === "window" && rule.window) {
      masked[alias] = maskWindow(rule, datasets, values);
      continue;
    }
    if (alias === "aggregates" || typeof values !== "object" || values === null || Array.isArray(values)) {
      masked[alias] = maskDeep(values);
      continue;
    }
    masked[alias] = Object.fromEntries(Object.entries(values).map(([field, raw]) => [field, maskRaw(refPii(rule, datasets, `${alias}.${field}`), raw)]));
  }
  return { evidence: masked, dedupKey: dedupKey.map((raw, i) => maskRaw(refPii(rule, datasets, rule.clue.dedupKey[i] ?? ""), raw)) };
}
