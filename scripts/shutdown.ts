// Coordinates an orderly shutdown: the first SIGINT/SIGTERM/SIGHUP (or a crashed child) requests
// it, cleanups run last-in-first-out, a second signal forces the exit.

export interface ShutdownRequest {
  reason: string;
  exitCode: number;
}

export class ShutdownRequested extends Error {
  constructor(readonly request: ShutdownRequest) {
    super(`shutdown requested: ${request.reason}`);
  }
}

const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

export class Shutdown {
  private resolveRequest: (request: ShutdownRequest) => void = () => {};
  private pending: ShutdownRequest | null = null;
  private readonly cleanups: { name: string; run: () => Promise<void> }[] = [];
  /** Settles with the first request. */
  readonly requested: Promise<ShutdownRequest>;

  constructor(private readonly log: (s: string) => void) {
    this.requested = new Promise<ShutdownRequest>((resolve) => {
      this.resolveRequest = resolve;
    });
  }

  /** Ctrl-C and friends request a clean shutdown (exit 0); a second one exits at once. */
  handleSignals(): void {
    for (const signal of SIGNALS) {
      process.on(signal, () => {
        if (this.pending) {
          this.log(`\nSecond ${signal}: forcing exit / 强制退出`);
          process.exit(130); // exit hooks still SIGKILL children and stop postgres
        }
        this.request({ reason: `received ${signal}`, exitCode: 0 });
      });
    }
  }

  request(request: ShutdownRequest): void {
    if (this.pending) return;
    this.pending = request;
    this.resolveRequest(request);
  }

  isRequested(): boolean {
    return this.pending !== null;
  }

  /** Registers something to stop; cleanups run in reverse order of registration. */
  onCleanup(name: string, run: () => Promise<void>): void {
    this.cleanups.push({ name, run });
  }

  /** Awaits `step`, but gives up as soon as a shutdown is requested. */
  async race<T>(step: Promise<T>): Promise<T> {
    const aborted = this.requested.then((request): never => {
      throw new ShutdownRequested(request);
    });
    aborted.catch(() => {}); // when `step` wins, a later shutdown must not surface as unhandled
    return Promise.race([step, aborted]);
  }

  /** Runs all cleanups (LIFO), logging failures instead of stopping at the first one. */
  async runCleanups(): Promise<boolean> {
    let ok = true;
    while (this.cleanups.length > 0) {
      const cleanup = this.cleanups.pop();
      if (!cleanup) break;
      try {
        await cleanup.run();
      } catch (err) {
        ok = false;
        this.log(`Stopping ${cleanup.name} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return ok;
  }
}
