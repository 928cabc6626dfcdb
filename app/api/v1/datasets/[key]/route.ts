import { withApiKey } from "@/lib/api/with-api-key";
import { getDatasetSummary } from "@/lib/datasets/catalog";

/** The definition (fields with name, label, type, pii, required) and this org's row count. */
export const GET = withApiKey<{ key: string }>(async (_req, { actor, params }) => {
  const d = await getDatasetSummary(actor, params.key);
  const def = d.definition;
  return Response.json({
    key: d.key,
    name: d.name,
    agency: def.agency,
    businessLine: def.businessLine,
    description: def.description,
    fields: def.fields.map((f) => ({ name: f.name, label: f.label, type: f.type, pii: f.pii, required: f.required })),
    businessKey: def.businessKey,
    recordDateField: def.recordDateField ?? null,
    rows: d.rowCount,
    lastImportAt: d.lastImportAt,
  });
});
