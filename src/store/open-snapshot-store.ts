// The snapshot store that goes with a DUBAN_STORE URL: the same SQLite file, or memory.
import { parseStoreUrl } from './open-store.ts';
import { MemorySnapshotStore, type SnapshotStore } from './snapshot-store.ts';
import { SqliteSnapshotStore } from './sqlite-snapshot-store.ts';

export function openSnapshotStore(url: string): SnapshotStore & { close(): void } {
  const target = parseStoreUrl(url);
  if (target.kind === 'sqlite' && target.path !== ':memory:') return new SqliteSnapshotStore(target.path);
  return Object.assign(new MemorySnapshotStore(), { close() {} });
}
