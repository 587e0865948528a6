// duban store copy: every event into another store, resumably, then verified.

import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { checkCopy, copyStore } from '../app/store-copy.ts';
import { StoreError } from '../store/errors.ts';
import { describeStore, openStore, parseStoreUrl } from '../store/open-store.ts';
import * as input from './options.ts';
import { rebuildProgress } from './rebuild-progress.ts';

/**
 * Every event of one store into another (any adapter to any adapter), ids, order, times and hashes
 * kept; resumable; then the target is read back and verified. Exit 1 when it does not match.
 */
async function copyCommand(options: { from: string; to: string; pageSize: number; maxEvents?: number }) {
  const from = parseStoreUrl(options.from);
  const to = parseStoreUrl(options.to);
  if (from.kind === 'sqlite' && (from.path === ':memory:' || !existsSync(from.path))) {
    throw new StoreError(from.path === ':memory:' ? 'an in-memory store has nothing to copy' : `there is no store at ${from.path}`);
  }
  if (to.kind === 'sqlite' && to.path === ':memory:') throw new StoreError('a copy into memory would be gone when the command ends');
  if (describeStore(options.from) === describeStore(options.to)) throw new StoreError('the target cannot be the source itself');
  const quiet = () => {};
  const source = await openStore(options.from, { onNotice: quiet });
  try {
    // A new target takes the source's algorithm; an existing one keeps its own, and copyStore refuses a difference.
    const target = await openStore(options.to, { hashAlgorithm: source.hashAlgorithm, onNotice: quiet });
    try {
      const progress = rebuildProgress(await source.headPosition(), process.stderr, 'copy');
      const result = await copyStore(source, target, {
        pageSize: options.pageSize,
        ...(options.maxEvents !== undefined ? { maxEvents: options.maxEvents } : {}),
        onProgress: (position, head) => progress.update(position, head),
      });
      progress.stop();
      const rate = result.seconds > 0 ? Math.round(result.copied / result.seconds) : result.copied;
      console.log(
        `copied ${result.copied} events from ${describeStore(options.from)} to ${describeStore(options.to)} in ${result.seconds.toFixed(2)} s (${rate} events/s)` +
          (result.resumedAfter ? `, after the ${result.resumedAfter} it already held` : ''),
      );
      if (!result.complete)
        console.log(`stopped at source position ${result.sourcePosition} of ${result.sourceHead}: run the same command again to copy the rest`);
      const check = await checkCopy(target, result.source, { pageSize: options.pageSize });
      if (check.ok) {
        console.log(
          `verified: ${check.target.events} events, history digest ${check.target.digest} (the source's), chains and digests intact (${check.verify.algorithm})` +
            (result.positionsKept ? '' : '; positions differ from the source (its positions have gaps)'),
        );
      } else {
        for (const p of check.problems) console.log(`mismatch: ${p}`);
        if (!result.positionsKept && !check.verify.intact) {
          console.log(
            "note: the target numbers its events differently from the source (the source's positions have gaps), and DigestRecorded events name positions",
          );
        }
      }
      process.exitCode = check.ok ? 0 : 1;
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

export function registerStoreCopy(cmd: Command): void {
  cmd
    .command('copy')
    .description(
      'copy every event into another store (any kind to any kind), ids, order, times and hashes kept; resumable; then verify the target (exit 1 on a mismatch)',
    )
    .requiredOption('--from <url>', 'the store to copy (it may be in use: the copy goes up to its head at the start)')
    .requiredOption('--to <url>', 'the store to copy into: new, or holding the start of an earlier copy of the same source')
    .option('--page-size <n>', 'events per read and per write', input.count(1, 100_000), 1000)
    .option('--max-events <n>', 'stop after copying this many events (run again to continue)', input.count(0))
    .action(copyCommand);
}
