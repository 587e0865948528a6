// The floor of bench-http's writes (not duban, not a test): what this machine gives to the same
// requests when nothing but the durable write is done. Plain node:http and better-sqlite3, no
// framework: the bearer token compared, the JSON body parsed, one row like duban's event inserted
// (WAL, synchronous=NORMAL), the inserts of everything that arrived in one turn of the loop committed
// in one transaction, and the WAL fdatasync'ed on libuv's thread pool, one sync at a time (those that
// come meanwhile share the next): the group commit duban makes, without checks, hashing, read model or
// validation. Each answer is a 201 sent after its row is on disk.
//   node bench-http-floor.mjs <sqlite file>    (PORT, HOST and BENCH_TOKEN from the environment)
// Prints {"url": ...} on stdout once listening; SIGTERM closes it.
import { randomUUID } from 'node:crypto';
import { fdatasync, openSync } from 'node:fs';
import { createServer } from 'node:http';
import Database from 'better-sqlite3';

const file = process.argv[2];
if (!file) throw new Error('usage: node bench-http-floor.mjs <sqlite file>');
const expected = `Bearer ${process.env.BENCH_TOKEN ?? ''}`;

const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`CREATE TABLE IF NOT EXISTS events (
  global_position INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL,
  stream_revision INTEGER NOT NULL, type TEXT NOT NULL, recorded_at TEXT NOT NULL, data TEXT NOT NULL,
  UNIQUE (stream_id, stream_revision))`);
const insert = db.prepare('INSERT INTO events (event_id, stream_id, stream_revision, type, recorded_at, data) VALUES (?, ?, ?, ?, ?, ?)');
const revisions = new Map();

/** Rows that arrived this turn, with their responses. */
let pending = [];
let flushing = false;
const commit = db.transaction((rows) => {
  for (const r of rows) r.position = Number(insert.run(r.eventId, r.streamId, r.revision, 'TaskStatusChanged', r.recordedAt, r.data).lastInsertRowid);
});

let walFd;
let syncing = false;
/** Rows committed while a sync ran: the next sync's. */
let nextGroup = [];

function flush() {
  flushing = false;
  const rows = pending;
  pending = [];
  commit(rows);
  nextGroup.push(...rows);
  if (!syncing) sync();
}

function sync() {
  const group = nextGroup;
  nextGroup = [];
  syncing = true;
  walFd ??= openSync(`${file}-wal`, 'r+');
  fdatasync(walFd, (err) => {
    syncing = false;
    for (const r of group) {
      if (err) {
        r.res.writeHead(500).end();
        continue;
      }
      const body = JSON.stringify({ globalPosition: r.position, streamRevision: r.revision });
      r.res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    }
    if (nextGroup.length) sync();
  });
}

const server = createServer((req, res) => {
  if (req.method !== 'POST') return res.writeHead(404).end();
  if (req.headers.authorization !== expected) return res.writeHead(401).end();
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return res.writeHead(400).end();
    }
    if (typeof body?.status !== 'string' || typeof body.reason !== 'string') return res.writeHead(400).end();
    const streamId = req.url;
    const revision = (revisions.get(streamId) ?? -1) + 1;
    revisions.set(streamId, revision);
    pending.push({
      res,
      streamId,
      revision,
      eventId: randomUUID(),
      recordedAt: new Date().toISOString(),
      data: JSON.stringify({ to: body.status, reason: body.reason }),
      position: 0,
    });
    if (!flushing) {
      flushing = true;
      setImmediate(flush);
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { port } = server.address();
  console.log(JSON.stringify({ url: `http://127.0.0.1:${port}` }));
});
process.on('SIGTERM', () => {
  server.close(() => {
    db.close();
    process.exit(0);
  });
  server.closeIdleConnections();
});
