import type { Job } from "bullmq";
import { z } from "zod";
import { runImport } from "../lib/datasets/import/run-import";
import { QUEUE_NAMES } from "../lib/jobs/queues";

/**
 * A queue the worker consumes: the payload is re-parsed with zod and handed to lib/.
 * The `model-run` queue joins when runs exist.
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  queue: string;
  schema: S;
  concurrency: number;
  handle(data: z.infer<S>, job: Job): Promise<unknown>;
}

function define<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition {
  return definition as unknown as JobDefinition;
}

/** The last attempt marks the record failed; earlier ones leave it for the retry. */
function isFinalAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

export const JOB_DEFINITIONS: JobDefinition[] = [
  define({
    queue: QUEUE_NAMES.datasetImport,
    schema: z.object({ importId: z.uuid(), orgId: z.uuid() }),
    // One import at a time per worker: each holds a COPY transaction and a core.
    concurrency: 1,
    async handle(data, job) {
      const result = await runImport(data.importId, {
        finalAttempt: isFinalAttempt(job),
        onProgress: (p) => job.updateProgress({ ...p }),
      });
      return { status: result.status, imported: result.rowsImported, rejected: result.rowsRejected };
    },
  }),
];
