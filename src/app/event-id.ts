// Event ids: UUIDv7 by the uuid package, time-ordered and, within one process, strictly increasing.
// uuid's v7() draws 16 random bytes through webcrypto for every id (about 2% of a status change's
// CPU); here they come from a pool refilled 4 KiB at a time. Passing them as `random` makes uuid skip
// its own monotonic counter, so the same rule (RFC 9562 §6.2, method 1, as uuid's v7 keeps it) is
// kept here: a counter seeded from the random bytes at each new millisecond, stepped within one.
import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let used = POOL_BYTES;

const state = { msecs: -Infinity, seq: 0 };

/** A new UUIDv7; `now` (milliseconds) for tests. */
export function newEventId(now: number = Date.now()): string {
  if (used + 16 > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const random = pool.subarray(used, used + 16);
  used += 16;
  if (now > state.msecs) {
    state.seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
    state.msecs = now;
  } else {
    state.seq = (state.seq + 1) | 0;
    if (state.seq === 0) state.msecs += 1; // the counter ran out: borrow the next millisecond
  }
  return v7({ random, msecs: state.msecs, seq: state.seq });
}
