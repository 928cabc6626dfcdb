// Which registered kind a condition is, and a fresh condition of a kind — read from the registry's
// metadata and keys (the builder keeps no list of its own).
import { isObject } from "./json";
import type { BuilderCatalog, Json, JsonObject, NodeMeta } from "./types";

export function kindOfNode(catalog: BuilderCatalog, value: Json | undefined): NodeMeta | undefined {
  if (!isObject(value)) return undefined;
  const byKey = catalog.meta.conditions.find((m) => {
    const key = catalog.keys[m.kind];
    return key !== null && key !== undefined && key in value;
  });
  if (byKey) return byKey;
  return catalog.meta.conditions.find((m) => catalog.keys[m.kind] == null && m.ops.some((o) => o.op === value.op));
}

/** The kind's inputs live under its key (exists: { exists: { from, where } }) rather than beside it. */
export function nestedUnderKey(meta: NodeMeta, key: string | null | undefined): boolean {
  return !!key && !meta.inputs.some((i) => i.name === key || i.name.startsWith(`${key}.`));
}

/** A new condition of `meta`'s kind, keeping the field of the one it replaces when both take one. */
export function freshNode(catalog: BuilderCatalog, meta: NodeMeta, previous?: Json): JsonObject {
  const key = catalog.keys[meta.kind];
  const node: JsonObject = {};
  if (key && nestedUnderKey(meta, key)) node[key] = { from: { dataset: "", as: "" } };
  for (const input of meta.inputs) {
    if (input.optional || nestedUnderKey(meta, key)) continue;
    const [head, sub] = input.name.split(".");
    const blank: Json = input.kind === "conditions" ? [] : input.kind === "condition" ? { all: [] } : input.kind === "field" ? "" : null;
    if (blank === null) continue;
    if (sub) node[head] = { ...(isObject(node[head]) ? node[head] : {}), [sub]: blank };
    else node[head] = blank;
  }
  if (meta.ops.length > 0) node.op = meta.ops[0].op;
  if (isObject(previous) && typeof previous.field === "string" && "field" in node) node.field = previous.field;
  return node;
}
