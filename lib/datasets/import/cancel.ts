import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { datasetImports, type DatasetImport } from "@/db/schema";
import type { Actor } from "../../auth/actor";
import { requirePermission } from "../../auth/policy";
import { recordAudit } from "../../audit/record";
import { ConflictError, NotFoundError } from "../../errors";
import { getQueue, QUEUE_NAMES } from "../../jobs/queues";
import { getImport } from "./commands";
import { cancelledMessage } from "./cancelled-message";
import { removeUpload } from "./uploads";

/**
 * A data admin stops an import of their own org. A queued one is cancelled at once; a running one
 * is flagged, and its worker (ImportGuard polls the flag twice a second) ends its COPY and rolls
 * back, then records 已取消. Either way the dataset is left as it was. Another org's import
 * answers 404; a finished one 409.
 */
export async function cancelImport(actor: Actor, id: string): Promise<DatasetImport> {
  requirePermission(actor, "datasets.import");
  const imp = await getImport(actor, id);
  if (imp.orgId !== actor.orgId) throw new NotFoundError("导入记录");
  const queued = sql`${datasetImports.status} = 'queued'`;
  // One statement against the worker's markRunning (which skips a row with a cancel request):
  // whichever commits first, the other sees it.
  const [row] = await getDb()
    .update(datasetImports)
    .set({
      cancelRequestedAt: new Date(),
      cancelledByName: actor.name,
      status: sql`case when ${queued} then 'cancelled' else ${datasetImports.status} end`,
      finishedAt: sql`case when ${queued} then now() else ${datasetImports.finishedAt} end`,
      message: sql`case when ${queued} then ${cancelledMessage(actor.name)} else ${datasetImports.message} end`,
    })
    .where(and(eq(datasetImports.id, imp.id), inArray(datasetImports.status, ["queued", "running"])))
    .returning();
  if (!row) throw new ConflictError("该导入已结束，无法取消");
  if (row.status === "cancelled") {
    await getQueue(QUEUE_NAMES.datasetImport)
      .remove(imp.id)
      .catch(() => 0);
    removeUpload(imp.id);
  }
  await recordAudit(actor, {
    action: "dataset.import_cancel",
    orgId: imp.orgId,
    targetType: "dataset_import",
    targetId: imp.id,
    detail: { file: imp.fileName, dataset: imp.datasetKey, was: imp.status },
  });
  return row;
}
