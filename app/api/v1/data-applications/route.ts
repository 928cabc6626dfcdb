import { readJson } from "@/lib/api/read-json";
import { withApiKey } from "@/lib/api/with-api-key";
import { applyForDataset, listApplications } from "@/lib/datasets/applications";
import { parseApplicationInput, ZApplicationFilter } from "@/lib/datasets/applications-schemas";
import { presentApplication } from "./present";

const ZStatusQuery = ZApplicationFilter.pick({ status: true });

/**
 * `?status=pending|approved|rejected|revoked|expired` (optional): the applications routed to this
 * key's org for a decision (data admin scope) and those the key submitted (model builder scope).
 */
export const GET = withApiKey(async (req, { actor }) => {
  const { status } = parseApplicationInput(ZStatusQuery, { status: new URL(req.url).searchParams.get("status") || undefined });
  const items = await listApplications(actor, { status });
  return Response.json({ items: items.map(presentApplication) });
});

/** Body `{datasetKey, purpose, validFrom, validTo}` → `201` the application, naming who decides it. */
export const POST = withApiKey(
  async (req, { actor }) => {
    const application = await applyForDataset(actor, await readJson(req));
    return Response.json(presentApplication(application), { status: 201 });
  },
  { permission: "data_applications.create" },
);
