// What the rule builder receives from the server (plain data: the client imports no rule code).
import type { FieldType } from "@/lib/datasets/definition";
import type { RuleMeta } from "@/lib/rules/nodes/meta";
import type { NodeMeta } from "@/lib/rules/nodes/types";

export type { FieldType, NodeMeta, RuleMeta };

export interface BuilderField {
  name: string;
  label: string;
  type: FieldType;
  pii: string;
}

export interface BuilderDataset {
  key: string;
  name: string;
  /** The org holds a live grant: usable in a rule now. */
  granted: boolean;
  businessKey: string[];
  fields: BuilderField[];
}

export interface BuilderCatalog {
  meta: RuleMeta;
  /** Condition kind → the JSON key that tells it (all, exists…), or null when its `op` tells it. */
  keys: Record<string, string | null>;
  datasets: BuilderDataset[];
  /** The types a rule parameter may have, with their Chinese names. */
  paramTypes: { value: string; label: string }[];
}

/** An alias in scope where a condition is edited, with its dataset. */
export interface ScopeEntry {
  alias: string;
  label?: string;
  dataset?: BuilderDataset;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Issue {
  path: string;
  message: string;
}
