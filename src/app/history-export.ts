// Writes the whole history as JSON Lines, one event per line in global order: the hashed envelope,
// its hash, its globalPosition and the store's hashAlgorithm — everything an outside tool needs to
// recompute each hash and check the chains without duban (scripts/rehash.py does, in Python).

import { once } from 'node:events';
import { chmodSync, createWriteStream } from 'node:fs';
import type { EventStore } from '../store/event-store.ts';

export async function exportHistory(store: EventStore, file: string, options: { pageSize?: number } = {}): Promise<number> {
  const pageSize = options.pageSize ?? 1000;
  // The operator's own copy of everything, token hashes included: readable by them only.
  const out = createWriteStream(file, { encoding: 'utf8', mode: 0o600 });
  out.once('open', () => chmodSync(file, 0o600));
  const failed = once(out, 'error').then(([error]) => Promise.reject(error as Error));
  failed.catch(() => {}); // observed below, at the writes and at the end
  let count = 0;
  try {
    const head = await store.headPosition();
    for (let after = 0; after < head; ) {
      const page = await store.readAll({ after, upTo: head, maxCount: pageSize });
      if (page.length === 0) break;
      for (const event of page) {
        // Respect backpressure: a large store is written at the pace of the disk, not held in memory.
        if (!out.write(`${JSON.stringify({ ...event, hashAlgorithm: store.hashAlgorithm })}\n`)) {
          await Promise.race([once(out, 'drain'), failed]);
        }
        count += 1;
      }
      after = page.at(-1)!.globalPosition;
    }
  } finally {
    out.end();
  }
  await Promise.race([once(out, 'finish'), failed]);
  return count;
}
