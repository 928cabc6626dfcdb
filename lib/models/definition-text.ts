/**
 * A definition as the JSON editor shows it. PostgreSQL's jsonb stores keys shortest first
 * (`{"op": …, "ref": …, "field": …}`), which reads backwards; keys are put back in the order a
 * person writes a rule — what is compared, how, with what — and the rest alphabetically.
 */
const KEY_ORDER = [
  "params",
  "from",
  "joins",
  "where",
  "window",
  "groupBy",
  "having",
  "clue",
  "dataset",
  "as",
  "label",
  "type",
  "on",
  "field",
  "fn",
  "op",
  "value",
  "ref",
  "values",
  "dedupKey",
  "title",
  "subject",
  "evidence",
  "aggregates",
  "businessLine",
];
const RANK = new Map(KEY_ORDER.map((k, i) => [k, i]));

function ordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ordered);
  if (value === null || typeof value !== "object") return value;
  const keys = Object.keys(value).sort((a, b) => (RANK.get(a) ?? KEY_ORDER.length) - (RANK.get(b) ?? KEY_ORDER.length) || a.localeCompare(b));
  return Object.fromEntries(keys.map((k) => [k, ordered((value as Record<string, unknown>)[k])]));
}

export function definitionText(definition: unknown): string {
  return JSON.stringify(ordered(definition), null, 2);
}
