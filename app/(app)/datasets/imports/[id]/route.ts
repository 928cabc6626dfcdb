import { withSession } from "@/lib/api/with-session";
import { getImport } from "@/lib/datasets/import/commands";
import { importStatusBody } from "@/lib/datasets/import/status";

export const dynamic = "force-dynamic";

/** Polled by the progress bar. */
export const GET = withSession<{ id: string }>(async (_req, { actor, params }) => Response.json(importStatusBody(await getImport(actor, params.id))));
