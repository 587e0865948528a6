// The SQLite store's last position as a catch-up looks at it, read at most once per turn of the event
// loop. Under load every request's catch-up asked first (another process may have written): an
// autocommit read transaction each, 5 µs alone and 20–25 µs in the loaded server. The catch-ups of
// one turn now share one reading. A commit by another process after it is concurrent with them (as it
// would be a moment later; across processes reads take minPosition); a commit by any SQLite store in
// this process forgets every reading, so what a caller here has seen committed, it is shown.
let commitsInProcess = 0;

/** Called after every transaction that may have added events, whether it committed or not. */
export function noteCommit(): void {
  commitsInProcess += 1;
}

export class HeadPerTurn {
  private head = 0;
  private readAt = -1;
  private expiry = false;

  constructor(private readonly read: () => number) {}

  get(): number {
    if (this.readAt !== commitsInProcess) {
      this.head = this.read();
      this.readAt = commitsInProcess;
      if (!this.expiry) {
        this.expiry = true;
        // setImmediate runs at the end of this turn: the next turn reads again.
        setImmediate(() => {
          this.expiry = false;
          this.readAt = -1;
        });
      }
    }
    return this.head;
  }
}
