import { withApiKey } from "@/lib/api/with-api-key";
import { getRun } from "@/lib/runs/queries";

/**
 * Status (queued|running|succeeded|failed|cancelled) and counts of one of this org's runs; the
 * counts are null until the run has succeeded. `params`: the values of the rule's parameters the run used,
 * each with where it came from (default / org), once it has succeeded.
 */
export const GET = withApiKey<{ id: string }>(
  async (_req, { actor, params }) => {
    const run = await getRun(actor, params.id);
    return Response.json({
      id: run.id,
      status: run.status,
      trigger: run.trigger,
      runDate: run.runDate,
      model: { id: run.modelId, name: run.modelName, versionId: run.modelVersionId },
      rowsConsidered: run.rowsConsidered,
      hits: run.hits,
      newClues: run.newClues,
      redetectedClues: run.redetectedClues,
      missingClues: run.missingClues,
      durationMs: run.durationMs,
      error: run.error,
      params: run.params,
      queuedAt: run.queuedAt,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
    });
  },
  { permission: "models.read" },
);
