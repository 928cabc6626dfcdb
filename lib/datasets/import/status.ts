import type { ImportView } from "./commands";
import type { QueuePlace } from "./queue";

/** What the API and the progress bar show of an import. */
export interface ImportStatusBody {
  id: string;
  dataset: string;
  status: ImportView["status"];
  mode: ImportView["mode"];
  replace: boolean;
  fileName: string;
  fileSize: number;
  bytesRead: number;
  counts: { read: number; imported: number; rejected: number };
  errorCount: number;
  errors: { row: number; column: string; message: string }[];
  message: string | null;
  /** The import's own quality report is computed just after it commits. */
  qualityReady: boolean;
  createdAt: string;
  finishedAt: string | null;
  /** While queued: its place in the platform-wide queue and what is ahead of it. */
  queue: QueuePlace | null;
}

export function importStatusBody(imp: ImportView, queue: QueuePlace | null = null): ImportStatusBody {
  return {
    id: imp.id,
    dataset: imp.datasetKey,
    status: imp.status,
    mode: imp.mode,
    replace: imp.replace,
    fileName: imp.fileName,
    fileSize: imp.fileSize,
    bytesRead: imp.bytesRead,
    counts: { read: imp.rowsRead, imported: imp.rowsImported, rejected: imp.rowsRejected },
    errorCount: imp.errorCount,
    errors: imp.errors,
    message: imp.message,
    qualityReady: imp.quality !== null,
    createdAt: imp.createdAt.toISOString(),
    finishedAt: imp.finishedAt?.toISOString() ?? null,
    queue: imp.status === "queued" ? queue : null,
  };
}
