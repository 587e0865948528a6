// Opening a SQLite file that another process is opening too. Some lock waits at open — another
// process switching a new file to WAL, or rebuilding the WAL index — SQLite answers with SQLITE_BUSY at
// once, without the busy handler (seen with two servers starting together on a new file). The openers
// here open again, until their busy timeout has passed.

/** The attempts of one open, until `timeoutMs` has passed. */
export class BusyRetry {
  private readonly deadline: number;
  private attempt = 0;

  constructor(timeoutMs: number) {
    this.deadline = Date.now() + timeoutMs;
  }

  /** True, after a short wait, when `err` is SQLITE_BUSY and there is time left to open again. */
  again(err: unknown): boolean {
    if (!String((err as { code?: unknown } | null)?.code).startsWith('SQLITE_BUSY') || Date.now() >= this.deadline) return false;
    this.attempt += 1;
    // Blocks the thread: only while opening, which is synchronous anyway.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.min(10 * this.attempt, 100));
    return true;
  }
}
