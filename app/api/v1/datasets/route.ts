import { withApiKey } from "@/lib/api/with-api-key";
import { listDatasets, registerDataset } from "@/lib/datasets/catalog";
import { readJson } from "@/lib/api/read-json";

/** The catalog, with this org's row counts. */
export const GET = withApiKey(async (_req, { actor }) => {
  const items = await listDatasets(actor);
  return Response.json({
    items: items.map((d) => ({ key: d.key, name: d.name, agency: d.definition.agency, businessLine: d.definition.businessLine, rows: d.rowCount, lastImportAt: d.lastImportAt })),
  });
});

/** Registers a dataset from the same JSON a definition file holds. */
export const POST = withApiKey(
  async (req, { actor }) => {
    const body = await readJson(req);
    const dataset = await registerDataset(actor, body);
    return Response.json({ key: dataset.key, name: dataset.name }, { status: 201 });
  },
  { permission: "datasets.manage" },
);

