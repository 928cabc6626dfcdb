import type { DatasetDefinition, PiiKind } from "../datasets/definition";
import { maskValue } from "../datasets/mask";
import { formatEvidenceValue } from "../rules/describe";
import type { Rule } from "../rules/schema";

/** Kinds of personal data a clue masks until revealed (names stay: prosecutors work by name). */
export const MASKED_PII: readonly PiiKind[] = ["id_number", "phone"];

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
}

/** Which dataset each alias of the rule reads (from, joins). */
export function aliasDatasets(rule: Rule): Map<string, string> {
  const map = new Map<string, string>([[rule.from.as, rule.from.dataset]]);
  for (const join of rule.joins ?? []) map.set(join.as, join.dataset);
  return map;
}

function maskedKind(def: DatasetDefinition | undefined, field: string): PiiKind | undefined {
  const pii = def?.fields.find((f) => f.name === field)?.pii;
  return pii && MASKED_PII.includes(pii) ? pii : undefined;
}

/** The evidence as labelled sections per dataset, PII masked unless `reveal` says otherwise. */
export function evidenceSections(rule: Rule, datasets: ReadonlyMap<string, DatasetDefinition>, evidence: Record<string, unknown>): EvidenceSection[] {
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
        return { name, label: def?.fields.find((f) => f.name === name)?.label ?? name, value: pii ? maskValue(pii, String(raw)) : text, pii };
      }),
    });
  }
  const aggregates = evidence.aggregates as Record<string, unknown> | undefined;
  if (aggregates && rule.clue.aggregates) {
    sections.push({
      alias: "aggregates",
      datasetKey: "",
      datasetName: "汇总",
      fields: Object.keys(rule.clue.aggregates).map((name) => ({ name, label: aggregateLabel(rule, datasets, name), value: formatEvidenceValue(aggregates[name]) })),
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
