import "server-only";
import { getSql } from "@/db/client";

/**
 * What keeps one import from holding the platform: an overall time limit, a cancel request from a
 * data admin, and a COPY the server failed without the driver noticing. postgres.js resolves a
 * COPY's stream before the data flows; if PostgreSQL rejects the data after the last chunk was
 * sent, the driver drops the error and the stream's `final` never returns, leaving the session
 * "idle in transaction (aborted)" for ever. The guard watches the import's own backend and stops
 * all three cases the same way: abort the stream, cancel the backend's statement, and the caller's
 * transaction rolls back.
 */

export type AbortReason = "cancelled" | "timeout" | "copy-failed";

export class ImportAborted extends Error {
  constructor(readonly reason: AbortReason) {
    super(`import aborted: ${reason}`);
    this.name = "ImportAborted";
  }
}

/** Import sessions: the server ends one left idle inside its transaction this long (seconds). */
export function idleInTransactionSeconds(): number {
  return positiveNumber(process.env.IMPORT_IDLE_IN_TRANSACTION_S, 60);
}

/** An import running longer than this (minutes) is stopped and rolled back. */
export function importTimeLimitMinutes(): number {
  return positiveNumber(process.env.IMPORT_TIME_LIMIT_MIN, 120);
}

function positiveNumber(raw: string | undefined, fallback: number): number {
  const value = Number(raw);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const POLL_MS = 500;

/** An import transaction's backend and the start of that transaction: together they name it alone. */
export interface ImportSession {
  pid: number;
  transactionStart: string;
}

/** Run inside the import's transaction: its ImportSession. */
export const IMPORT_SESSION_SQL = `select pg_backend_pid() as pid, now()::text as "transactionStart"`;

export class ImportGuard {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly deadline: NodeJS.Timeout;
  private session: ImportSession | null = null;
  private watchingCopy = false;
  private polling = false;
  private detached = false;
  /** Rejects when the import is aborted (raced against waits the driver may never end). */
  readonly aborted: Promise<never>;
  private rejectAborted!: (error: ImportAborted) => void;

  constructor(
    private readonly importId: string,
    limitMs = importTimeLimitMinutes() * 60_000,
  ) {
    this.aborted = new Promise<never>((_, reject) => {
      this.rejectAborted = reject;
    });
    this.aborted.catch(() => {}); // observed by whoever races it; never an unhandled rejection
    this.timer = setInterval(() => void this.poll(), POLL_MS);
    this.deadline = setTimeout(() => void this.abort("timeout"), limitMs);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Why the import was stopped, once it was. */
  get reason(): AbortReason | null {
    const reason: unknown = this.controller.signal.reason;
    return reason instanceof ImportAborted ? reason.reason : null;
  }

  /** The import transaction's backend, to cancel its statement and to watch its state. */
  attach(session: ImportSession): void {
    this.session = session;
  }

  /** Between steps: stop here if the import was aborted. */
  check(): void {
    const reason: unknown = this.controller.signal.reason;
    if (reason instanceof ImportAborted) throw reason;
  }

  /** While a COPY's data is in flight, a backend found idle in an aborted transaction means the COPY failed. */
  watchCopy(on: boolean): void {
    this.watchingCopy = on;
  }

  async abort(reason: AbortReason): Promise<void> {
    if (this.controller.signal.aborted || this.detached) return;
    const error = new ImportAborted(reason);
    this.controller.abort(error);
    this.rejectAborted(error);
    // Ends whatever the backend is doing (a COPY, an index build, a lock wait) at once — only while
    // it is still in the import's transaction: the cancel runs on another connection and may arrive
    // after the transaction ended and the session went back to the pool to run someone else's
    // statement (the import's own final status update failed so under load).
    const session = this.session;
    if (session !== null) {
      await getSql()
        .unsafe("select pg_cancel_backend(pid) from pg_stat_activity where pid = $1 and xact_start = $2::timestamptz", [session.pid, session.transactionStart])
        .catch(() => {});
    }
  }

  stop(): void {
    clearInterval(this.timer);
    clearTimeout(this.deadline);
  }

  /**
   * The transaction is over (committed or rolled back): nothing is left to stop, and its session
   * has gone back to the pool, where cancelling it would hit someone else's statement.
   */
  detach(): void {
    this.detached = true;
    this.session = null;
    this.stop();
  }

  private async poll(): Promise<void> {
    if (this.polling || this.controller.signal.aborted) return;
    this.polling = true;
    try {
      const [row] = await getSql().unsafe<{ cancel: boolean; state: string | null }[]>(
        `select (select cancel_requested_at is not null from dataset_imports where id = $1) as cancel,
                (select state from pg_stat_activity where pid = $2) as state`,
        [this.importId, this.session?.pid ?? 0],
      );
      if (row?.cancel) await this.abort("cancelled");
      else if (this.watchingCopy && row?.state === "idle in transaction (aborted)") await this.abort("copy-failed");
    } catch {
      // A missed poll is retried on the next tick.
    } finally {
      this.polling = false;
    }
  }
}
