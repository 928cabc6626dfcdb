import { withApiKey } from "@/lib/api/with-api-key";
import { getImport } from "@/lib/datasets/import/commands";
import { importStatusBody } from "@/lib/datasets/import/status";

/** Status (queued|running|succeeded|failed), counts and the first row errors of an import. */
export const GET = withApiKey<{ id: string }>(async (_req, { actor, params }) => Response.json(importStatusBody(await getImport(actor, params.id))));
