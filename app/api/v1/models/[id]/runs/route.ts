import { readJson } from "@/lib/api/read-json";
import { withApiKey } from "@/lib/api/with-api-key";
import { startRun } from "@/lib/runs/commands";

/** The body is optional: no body (or an empty one) runs as of today. */
async function optionalJson(req: Request): Promise<unknown> {
  const text = await req.clone().text();
  return text.trim() === "" ? {} : readJson(req);
}

/**
 * Queues a run of the model's published version for this org. Body (optional):
 * `{runDate?: "YYYY-MM-DD"}` (the day the data is examined as of). Answers 202 with the run id;
 * 422 when the org lacks a data grant the model needs, 409 while a run of it is queued or running.
 */
export const POST = withApiKey<{ id: string }>(
  async (req, { actor, params }) => {
    const run = await startRun(actor, params.id, await optionalJson(req));
    return Response.json({ id: run.id, status: run.status }, { status: 202, headers: { Location: `/api/v1/runs/${run.id}` } });
  },
  { permission: "models.run" },
);
