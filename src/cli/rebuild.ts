// duban rebuild: drop the read model and fold every event again.

import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { createApplication } from '../app/application.ts';
import { type StoreLock, takeRebuildLock } from '../app/server-lock.ts';
import { describeStore, openStore } from '../store/open-store.ts';
import { CliRefusal } from './options.ts';
import { rebuildProgress } from './rebuild-progress.ts';
import { storeOption } from './store-option.ts';

async function rebuildCommand(options: { store: string; force?: boolean }) {
  const store = await openStore(options.store);
  let lock: StoreLock | null;
  try {
    lock = await takeRebuildLock(store);
    // A server killed a moment ago: PostgreSQL lets its lock go once it has noticed the session gone.
    for (let waited = 0; lock === null && waited < 2000; waited += 250) {
      await sleep(250);
      lock = await takeRebuildLock(store);
    }
  } catch (error) {
    await store.close();
    throw error;
  }
  if (lock === null && !options.force) {
    await store.close();
    throw new CliRefusal(
      `a running duban serve holds ${describeStore(options.store)}: stop it first, or pass --force to rebuild under it (its reads are wrong until it restarts)`,
    );
  }
  if (lock === null) console.error('duban: --force: rebuilding while a server holds the store; restart that server afterwards');
  const app = createApplication(store);
  try {
    const head = await store.headPosition();
    const progress = rebuildProgress(head);
    const { events, seconds } = await app.rebuild((position, total) => progress.update(position, total));
    progress.stop();
    const rate = seconds > 0 ? Math.round(events / seconds) : events;
    console.log(`rebuilt ${events} events in ${seconds.toFixed(2)} s (${rate} events/s)`);
  } finally {
    await app.close();
    await lock?.release();
    await store.close();
  }
}

export function registerRebuild(cmd: Command): void {
  cmd
    .command('rebuild')
    .description('drop the read model and rebuild it from every event in the store; refused while a server holds the store')
    .option(...storeOption)
    .option('--force', 'rebuild even while a server holds the store (its reads are wrong until it restarts)')
    .action(rebuildCommand);
}
