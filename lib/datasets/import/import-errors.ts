import { randomUUID } from "node:crypto";

/** A file the user must fix: the import fails without retrying and nothing is changed. */
export class ImportRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportRejected";
  }
}

/** Another import of the same dataset and org holds the lock: try again later (nothing was changed). */
export class ImportBusy extends Error {
  constructor() {
    super("another import of this dataset and org is running");
    this.name = "ImportBusy";
  }
}

/** Errors whose (Chinese) message is meant for the user: the file itself is at fault. */
const EXPECTED = new Set(["ImportRejected", "SheetNotFoundError", "HeaderTooLongError", "XlsxUnreadableError"]);

export function isExpectedFailure(error: unknown): error is Error {
  return error instanceof Error && EXPECTED.has(error.name);
}

/**
 * A failure the user cannot fix: its details go to the server log under a short reference, and
 * the user sees only the reference — never the database's or the driver's own text.
 */
export function unexpectedFailure(importId: string, error: unknown, willRetry: boolean): string {
  const ref = randomUUID().slice(0, 8);
  console.error(`[import] ${importId} failed (参考编号 ${ref})`, error);
  return willRetry ? `导入出错（参考编号 ${ref}），将自动重试` : `导入失败（参考编号 ${ref}），请联系系统管理员`;
}
