import type { Job } from "bullmq";
import type { z } from "zod";

/**
 * A queue the worker consumes: the payload is re-parsed with zod and handed to lib/.
 * Later issues add `dataset-import` and `model-run` here.
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  queue: string;
  schema: S;
  concurrency: number;
  handle(data: z.infer<S>, job: Job): Promise<unknown>;
}

export const JOB_DEFINITIONS: JobDefinition[] = [];
