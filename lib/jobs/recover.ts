import "server-only";
import { inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { datasetImports, runs } from "@/db/schema";
import { enqueue, getQueue, QUEUE_NAMES, type QueueName } from "./queues";

/**
 * Records that wait on a job Redis no longer has. Redis keeps the queues in memory (npm start runs
 * it without persistence), so a restart loses every job: without this, a run or an import queued
 * or running at that moment would stay 排队中 / 运行中 for ever. Each worker looks every few seconds
 * and queues such a record again under its own id (adding an id that exists is a no-op, so workers
 * looking at the same time add it once).
 *
 * A queued record is re-queued at once. A running one only when found without a job twice in a row:
 * its worker may still be executing it (the restart took the job, not the process). Executing it
 * again is safe all the same: a run takes its (model, org) advisory lock and checks its status
 * before writing a clue, an import waits for its (dataset, org) lock and starts only if its record
 * is still unfinished.
 */
export class LostJobRecovery {
  /** Running records found without a job on the previous look. */
  private suspects = new Set<string>();

  async recover(): Promise<{ runs: number; imports: number }> {
    const activeRuns = await getDb().select({ id: runs.id, status: runs.status }).from(runs).where(inArray(runs.status, ["queued", "running"]));
    const activeImports = await getDb()
      .select({ id: datasetImports.id, status: datasetImports.status, orgId: datasetImports.orgId })
      .from(datasetImports)
      .where(inArray(datasetImports.status, ["queued", "running"]));
    const suspects = new Set<string>();
    const lostRuns = await this.lost(QUEUE_NAMES.modelRun, activeRuns, suspects);
    const lostImports = await this.lost(QUEUE_NAMES.datasetImport, activeImports, suspects);
    this.suspects = suspects;
    for (const run of lostRuns) await enqueue(QUEUE_NAMES.modelRun, "run", { runId: run.id }, run.id);
    for (const imp of lostImports) await enqueue(QUEUE_NAMES.datasetImport, "import", { importId: imp.id, orgId: imp.orgId }, imp.id);
    return { runs: lostRuns.length, imports: lostImports.length };
  }

  /** The records to queue again now; running ones seen jobless for the first time go into `suspects`. */
  private async lost<T extends { id: string; status: string }>(queue: QueueName, records: T[], suspects: Set<string>): Promise<T[]> {
    const out: T[] = [];
    for (const record of records) {
      if (await getQueue(queue).getJob(record.id)) continue;
      if (record.status === "queued" || this.suspects.has(record.id)) out.push(record);
      else suspects.add(record.id);
    }
    return out;
  }
}

/** WORKER_RECOVER_MS: how often a worker looks for records whose job was lost (default 10 s). */
export function recoverIntervalMs(): number {
  const value = Number(process.env.WORKER_RECOVER_MS ?? 10_000);
  return Number.isFinite(value) && value >= 100 ? value : 10_000;
}
