// WAL checkpoints on a worker thread. A checkpoint copies the pages the WAL holds into the database
// file and fsyncs it. Left to SQLite, it runs inside whichever commit carries the WAL past
// wal_autocheckpoint pages, on the committing thread — for duban the event loop, every request
// waiting behind it: under steady writes, a stall of 5–6 ms every few dozen commits of the read model
// and of the store (measured). Here a worker thread checkpoints each registered file on a connection
// of its own, opened for the checkpoint and closed after it; PASSIVE, so it never waits for, nor holds
// up, the writer or the readers. The files' own connections keep a far higher wal_autocheckpoint
// (WAL_BACKSTOP_PAGES), should the worker fall behind.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** wal_autocheckpoint for a connection whose file the worker checkpoints: the backstop, in pages. */
export const WAL_BACKSTOP_PAGES = 20_000;

// Plain CommonJS for an eval worker: Node 20 runs no TypeScript in a worker without a loader.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const files = new Set();
parentPort.on('message', (m) => {
  if (m.add) files.add(m.add);
  if (m.remove) files.delete(m.remove);
  if (m.now) { pass(); parentPort.postMessage({ done: m.now }); }
});
function pass() {
  for (const file of files) {
    let db;
    try {
      db = new Database(file, { fileMustExist: true });
      db.pragma('busy_timeout = 0');
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy, held exclusively (a read model rebuilding), or gone: the next pass tries again.
    } finally {
      try { db && db.close(); } catch {}
    }
  }
}
setInterval(pass, workerData.intervalMs);
`;

export interface CheckpointerOptions {
  /** How often each file is checkpointed, in ms. Default 200. */
  intervalMs?: number;
}

/** One worker checkpointing the files registered with it, until stopped. */
export class SqliteCheckpointer {
  private readonly worker: Worker;
  private readonly files = new Set<string>();
  private asked = 0;
  private readonly waiting = new Map<number, () => void>();
  private stopped = false;

  constructor(options: CheckpointerOptions = {}) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, intervalMs: options.intervalMs ?? 200 } });
    this.worker.unref(); // it never keeps the process alive
    this.worker.on('message', (m: { done?: number }) => {
      if (m.done !== undefined) {
        this.waiting.get(m.done)?.();
        this.waiting.delete(m.done);
      }
    });
    // A worker that fails leaves the files to their backstop autocheckpoint; nothing else depends on it.
    this.worker.on('error', () => {});
  }

  add(file: string): void {
    if (this.stopped || this.files.has(file)) return;
    this.files.add(file);
    this.worker.postMessage({ add: file });
  }

  remove(file: string): void {
    if (!this.files.delete(file) || this.stopped) return;
    this.worker.postMessage({ remove: file });
  }

  /** Runs a pass over every file now and waits for it (tests, and a checkpoint before a backup). */
  checkpointNow(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const id = ++this.asked;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ now: id });
    });
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const resolve of this.waiting.values()) resolve();
    this.waiting.clear();
    await this.worker.terminate();
  }
}
