// Durability of a SQLite file in WAL mode, made off the event loop. With synchronous=FULL SQLite
// fsyncs the WAL inside COMMIT, on the calling thread: for duban the event loop, stalled half a
// millisecond or more per commit while every other request waits. With synchronous=NORMAL the commit
// only writes the WAL; fdatasync of the WAL file, run here on libuv's thread pool, then makes every
// commit written before it durable (the WAL is appended in order, and recovery replays its valid
// commits in order). One sync at a time: callers that come while one runs share the next, which is
// group commit once more.
import { closeSync, fdatasync, openSync } from 'node:fs';

export type SyncFile = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;

interface Waiting {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function deferred(): Waiting {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export class WalSync {
  private fd: number | undefined;
  /** The sync under way. */
  private current: Waiting | null = null;
  private waiting: Waiting | null = null;

  /** `walPath`: the database's `-wal` file, opened at the first sync (it exists once a commit wrote it). */
  constructor(
    private readonly walPath: string,
    private readonly sync: SyncFile = fdatasync,
  ) {}

  /** Settles when the sync under way ends; null when none is. */
  get busy(): Promise<void> | null {
    return this.current?.promise ?? null;
  }

  /** Resolves once everything committed to the file before this call is on disk. */
  after(): Promise<void> {
    const waiting = (this.waiting ??= deferred());
    if (!this.current) this.start();
    return waiting.promise;
  }

  private start(): void {
    const batch = this.waiting!;
    this.waiting = null;
    this.current = batch;
    let fd: number;
    try {
      fd = this.fd ??= openSync(this.walPath, 'r');
    } catch (error) {
      this.current = null;
      batch.reject(error);
      if (this.waiting) this.start();
      return;
    }
    this.sync(fd, (error) => {
      this.current = null;
      if (error) batch.reject(error);
      else batch.resolve();
      if (this.waiting) this.start();
    });
  }

  /** Closes the file (after a last after(): the store waits for its syncs before it closes). */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
