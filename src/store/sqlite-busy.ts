// Opening a SQLite file that another process is opening too. Some lock waits at open — another
// process switching a new file to WAL, or rebuilding the WAL index — SQLite answers with SQLITE_BUSY at
// once, without the busy handler (seen with two servers starting together on a new file). The openers
// here open again, until their busy timeout has passed.

export function isBusy(err: unknown): boolean {
  return String((err as { code?: unknown } | null)?.code).startsWith('SQLITE_BUSY');
}

/** Blocks the thread for `ms`: only while opening, which is synchronous anyway. */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
