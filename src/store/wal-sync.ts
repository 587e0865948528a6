// Durability of a SQLite file in WAL mode, made off the event loop when the loop has other work.
// With synchronous=FULL SQLite fsyncs the WAL inside COMMIT, on the calling thread: for duban the
// event loop, stalled half a millisecond or more per commit while every other request waits. With
// synchronous=NORMAL the commit only writes the WAL; fdatasync of the WAL file, run here on libuv's
// thread pool, then makes every commit written before it durable (the WAL is appended in order, and
// recovery replays its valid commits in order). One sync at a time: callers that come while one runs
// share the next, which is group commit once more.
//
// The hand-off to the thread pool and back costs two cross-thread wake-ups: on this project's VMs
// 0.2–0.5 ms, more than the fdatasync itself (0.2 ms at the median). That buys something only when
// the loop has other work to do meanwhile. So the syncs watch whether anything comes while they run
// (contended, joinRunning): after QUIET_SYNCS off-loop syncs in a row during which nothing came, the
// caller is taken to be alone (a sequential writer: an import, a copy, a script, one client) and syncs
// are made on the loop, synchronously. Every PROBE_EVERY-th of those still goes off the loop, to
// notice when others start writing: one that sees work arrive puts the syncs back off the loop. Either
// way a caller hears only after its commit is on disk; the choice moves latency, never durability.
import { closeSync, fdatasync, fdatasyncSync, openSync } from 'node:fs';

export type SyncFile = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;
/** A sync made on the calling thread; throws when it fails. */
export type SyncFileNow = (fd: number) => void;

/** Off-loop syncs in a row that nobody else waited on, before syncs are made on the loop. */
export const QUIET_SYNCS = 8;
/** On the loop, every this-many-th sync goes off it again, to see whether others now write. */
export const PROBE_EVERY = 16;

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
  /** The sync under way (off the loop). */
  private current: Waiting | null = null;
  /** Those who asked for a sync while one ran: the next one (so only ever while `current` is set). */
  private waiting: Waiting | null = null;
  /** Whether work came while the current sync ran: the loop had other work, so off-loop syncs pay. */
  private contended = false;
  /** Off-loop syncs in a row that ran uncontended. */
  private quiet = 0;
  /** Syncs made on the loop since the last off-loop one. */
  private sinceProbe = 0;
  private readonly syncNow: SyncFileNow | null;

  /**
   * `walPath`: the database's `-wal` file, opened at the first sync (it exists once a commit wrote it).
   * `syncNow`: the same sync on the calling thread; by default fdatasync's when `sync` is, else none
   * (a caller that replaces the off-loop sync — a test holding it — keeps every sync off the loop).
   */
  constructor(
    private readonly walPath: string,
    private readonly sync: SyncFile = fdatasync,
    syncNow?: SyncFileNow | null,
  ) {
    this.syncNow = syncNow !== undefined ? syncNow : sync === fdatasync ? fdatasyncSync : null;
  }

  /**
   * For work that comes while a sync runs and waits for it (rather than asking for a sync of its own):
   * the running sync's end, and the sync notes that the loop had other work; null when the disk is idle.
   */
  joinRunning(): Promise<void> | null {
    if (!this.current) return null;
    this.contended = true;
    return this.current.promise;
  }

  /** Whether the next sync, if asked for with the disk idle, is made on the loop. */
  get onLoop(): boolean {
    return this.syncNow !== null && this.quiet >= QUIET_SYNCS && this.sinceProbe < PROBE_EVERY - 1;
  }

  /** Resolves once everything committed to the file before this call is on disk. */
  after(): Promise<void> {
    if (this.current) this.contended = true;
    else if (this.onLoop) return this.syncOnLoop();
    this.waiting ??= deferred();
    const waiting = this.waiting;
    if (!this.current) this.start();
    return waiting.promise;
  }

  private syncOnLoop(): Promise<void> {
    this.sinceProbe += 1;
    try {
      this.fd ??= openSync(this.walPath, 'r');
      this.syncNow!(this.fd);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private start(): void {
    const batch = this.waiting!;
    this.waiting = null;
    this.current = batch;
    this.contended = false;
    this.sinceProbe = 0;
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
      this.quiet = this.contended ? 0 : this.quiet + 1;
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
