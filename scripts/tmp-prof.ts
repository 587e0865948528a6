import { SqliteEventStore } from '../src/store/sqlite-event-store.ts';
const store = SqliteEventStore.open(process.argv[2]!);
let t = performance.now(); let n = 0; let after = 0;
for (;;) { const evs = await store.readAll({ after, maxCount: 10000 }); if (!evs.length) break; n += evs.length; after = evs.at(-1)!.globalPosition; }
console.log('readAll', n, ((performance.now() - t) / 1000).toFixed(2), 's');
await store.close();
