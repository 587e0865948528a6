// Projection snapshots in the SQLite file, beside the events (own table, own connection).
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import type { Snapshot, SnapshotStore } from './snapshot-store.ts';

interface Row {
  name: string;
  position: number;
  event_hash: string;
  fingerprint: string;
  state: string;
  saved_at: string;
}

export class SqliteSnapshotStore implements SnapshotStore {
  private readonly db: Db;

  constructor(path: string) {
    const file = resolve(path);
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    // A lost snapshot costs only a longer catch-up: NORMAL is durable enough here.
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS projection_snapshots (
      name        TEXT PRIMARY KEY,
      position    INTEGER NOT NULL,
      event_hash  TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      state       TEXT NOT NULL,
      saved_at    TEXT NOT NULL
    )`);
  }

  async load(name: string): Promise<Snapshot | null> {
    const row = this.db.prepare('SELECT * FROM projection_snapshots WHERE name = ?').get(name) as Row | undefined;
    if (!row) return null;
    return { name: row.name, position: row.position, eventHash: row.event_hash, fingerprint: row.fingerprint, state: row.state, savedAt: row.saved_at };
  }

  async save(s: Snapshot): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO projection_snapshots (name, position, event_hash, fingerprint, state, saved_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET position = excluded.position, event_hash = excluded.event_hash,
           fingerprint = excluded.fingerprint, state = excluded.state, saved_at = excluded.saved_at`,
      )
      .run(s.name, s.position, s.eventHash, s.fingerprint, s.state, s.savedAt);
  }

  close(): void {
    this.db.close();
  }
}
