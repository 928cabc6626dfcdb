import "server-only";
import type { Actor } from "../auth/actor";
import { requirePermission } from "../auth/policy";
import { listDatasets } from "../datasets/catalog";
import { usableDatasets } from "../datasets/applications";
import { NODE_KINDS } from "../rules/nodes/index";
import { RULE_META } from "../rules/nodes/meta";
import { PARAM_TYPE_LABELS, PARAM_TYPES } from "../rules/nodes/param";
import type { BuilderCatalog, BuilderDataset } from "@/components/rule-builder/types";

/**
 * What the no-code builder needs, read once by the page: the language's metadata (RULE_META, each
 * condition kind with the JSON key that tells it) and the catalog with the org's live grants, so the
 * editor offers every dataset and greys those it would have to apply for.
 */
export async function builderCatalog(actor: Actor): Promise<BuilderCatalog> {
  requirePermission(actor, "models.build");
  const [catalog, usable] = await Promise.all([listDatasets(actor), usableDatasets(actor)]);
  const granted = new Set(usable);
  const datasets: BuilderDataset[] = catalog.map((d) => ({
    key: d.key,
    name: d.name,
    granted: granted.has(d.key),
    businessKey: d.definition.businessKey,
    fields: d.definition.fields.map((f) => ({ name: f.name, label: f.label, type: f.type, pii: f.pii })),
  }));
  const keys = Object.fromEntries(NODE_KINDS.map((k) => [k.meta.kind, k.key ?? null]));
  const paramTypes = PARAM_TYPES.map((t) => ({ value: t, label: PARAM_TYPE_LABELS[t] }));
  return { meta: RULE_META, keys, datasets, paramTypes };
}
