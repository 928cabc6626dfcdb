import { withApiKey } from "@/lib/api/with-api-key";
import { getImport } from "@/lib/datasets/import/commands";
import { importStatusWithQueue } from "@/lib/datasets/import/queue";

/** Status (queued|running|succeeded|failed|cancelled), its queue place while queued, counts and the first row errors of an import. */
export const GET = withApiKey<{ id: string }>(async (_req, { actor, params }) => Response.json(await importStatusWithQueue(actor, await getImport(actor, params.id))));
