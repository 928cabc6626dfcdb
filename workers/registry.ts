import { DelayedError, type Job } from "bullmq";
import { z } from "zod";
import { ImportBusy, runImport } from "../lib/datasets/import/run-import";
import { QUEUE_NAMES } from "../lib/jobs/queues";
import { startScheduledRun } from "../lib/runs/commands";
import { markImportLost } from "../lib/datasets/import/lost";
import { importConcurrency } from "../lib/datasets/import/queue";
import { executeRun, markRunLost, RUN_SESSIONS } from "../lib/runs/execute";

/**
 * A queue the worker consumes: the payload is re-parsed with zod and handed to lib/.
 * `failed` is told when a job fails for good, including a job that stalled too often (its
 * handler never got to record the failure).
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  queue: string;
  schema: S;
  concurrency: number;
  handle(data: z.infer<S>, job: Job, token?: string): Promise<unknown>;
  failed?(data: z.infer<S>, reason: string): Promise<void>;
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
    // Imports of different orgs run side by side; each holds a COPY transaction and most of a core.
    concurrency: importConcurrency(),
    async handle(data, job, token) {
      try {
        const result = await runImport(data.importId, {
          finalAttempt: isFinalAttempt(job),
          waitForLock: false,
          // Progress is for the page; a job Redis lost in a restart must not fail the import.
          onProgress: (p) => job.updateProgress({ ...p }).catch(() => {}),
        });
        return { status: result.status, imported: result.rowsImported, rejected: result.rowsRejected };
      } catch (error) {
        if (!(error instanceof ImportBusy)) throw error;
        // The same org is importing into the same dataset: give the slot to another org's import
        // and come back shortly (not counted as an attempt).
        await job.moveToDelayed(Date.now() + IMPORT_BUSY_RETRY_MS, token);
        throw new DelayedError();
      }
    },
    async failed(data, reason) {
      await markImportLost(data.importId, reason);
    },
  }),
  define({
    queue: QUEUE_NAMES.modelRun,
    schema: z.union([z.object({ runId: z.uuid() }), z.object({ modelId: z.uuid(), orgId: z.uuid() })]),
    // Two runs per worker: each is one statement inside Postgres, which does the work (on a session
    // of the runs' own pool, as many as this).
    concurrency: RUN_SESSIONS,
    async handle(data, job) {
      if ("modelId" in data) {
        const run = await startScheduledRun(data.modelId, data.orgId);
        return { scheduled: run?.id ?? null };
      }
      return { status: await executeRun(data.runId, { finalAttempt: isFinalAttempt(job), pauseMs: testPauseMs() }) };
    },
    async failed(data, reason) {
      if ("runId" in data) await markRunLost(data.runId, reason);
    },
  }),
];

const IMPORT_BUSY_RETRY_MS = 1500;

/** Tests only: hold a run's transaction open so a worker can be killed mid-run. */
function testPauseMs(): number | undefined {
  const value = Number(process.env.WORKER_TEST_RUN_PAUSE_MS ?? 0);
  return value > 0 ? value : undefined;
}
