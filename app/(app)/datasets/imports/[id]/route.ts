import { withSession } from "@/lib/api/with-session";
import { getImport } from "@/lib/datasets/import/commands";
import { importStatusWithQueue } from "@/lib/datasets/import/queue";

export const dynamic = "force-dynamic";

/** Polled by the progress bar. */
export const GET = withSession<{ id: string }>(async (_req, { actor, params }) => Response.json(await importStatusWithQueue(actor, await getImport(actor, params.id))));
