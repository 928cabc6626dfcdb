import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { datasetImports } from "@/db/schema";
import { unexpectedFailure } from "./import-errors";
import { removeUpload } from "./uploads";

/**
 * A job that failed for good without its handler recording the end (it stalled too often: its
 * workers died mid-import). The import is marked failed so it never stays 导入中 for ever; its
 * transaction died with the worker, so nothing was imported.
 */
export async function markImportLost(importId: string, reason: string): Promise<void> {
  const message = unexpectedFailure(importId, new Error(reason), false);
  const rows = await getDb()
    .update(datasetImports)
    .set({ status: "failed", rowsImported: 0, message, finishedAt: new Date() })
    .where(and(eq(datasetImports.id, importId), inArray(datasetImports.status, ["queued", "running"])))
    .returning({ id: datasetImports.id });
  if (rows.length > 0) removeUpload(importId);
}
