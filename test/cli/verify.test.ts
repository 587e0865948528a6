// `duban verify` as a user runs it, and its export checked outside duban by scripts/rehash.py
// (Python's standard library: a second, independent implementation of the hash recipe).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { serveProcess } from '../../scripts/serve-process.ts';
import { createDigestWriter } from '../../src/app/digest.ts';
import { DigestRecordedData } from '../../src/domain/digest.ts';
import { eventHash, type HashAlgorithm } from '../../src/store/event-hash.ts';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.ts';

const bin = new URL('../../bin/duban.js', import.meta.url).pathname;
const rehash = new URL('../../scripts/rehash.py', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'duban-verify-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const python = spawnSync('python3', ['-c', 'import hashlib; print("sm3" in hashlib.algorithms_available)'], { encoding: 'utf8' });
const hasPython = python.status === 0;
const pythonSm3 = hasPython && python.stdout.trim() === 'True';

const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, DUBAN_HASH_ALGORITHM: '' } });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
};
const runRehash = (file: string) => {
  const r = spawnSync('python3', [rehash, file], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout.trim() + r.stderr.trim() };
};

let ids = 0;
/** A store with text that tests the canonical form: CJK, an astral key beside a high BMP key, controls. */
async function build(name: string, hashAlgorithm: HashAlgorithm): Promise<{ file: string; headDigest: string }> {
  const file = join(dir, `${name}.db`);
  const store = SqliteEventStore.open(file, { hashAlgorithm });
  const newId = () => `${name}-${++ids}`;
  const append = (stream: string, data: unknown) =>
    store.append(stream, [
      { eventId: newId(), type: 'TaskStatusChanged', planId: 'wuhan-2023-p1', actor: { id: '科技局', role: 'unit_reporter', unitId: 'kjj' }, data },
    ]);
  await append('task-wuhan-2023-p1:2.3', { reason: '中试平台备案启动', '😀': 1, '\uff01': 2, z: [true, null, -3] });
  await append('task-wuhan-2023-p1:2.4', { reason: 'tab\there, quote " and \\ and \u0001 and \u2028', n: 9007199254740991 });
  const writer = createDigestWriter(store, { newId });
  await append('task-wuhan-2023-p1:2.3', { reason: '完成', evidence: { summary: '备案通知', links: ['武科〔2023〕1号'] } });
  const digest = await writer.flush();
  await append('task-wuhan-2023-p1:2.4', { reason: 'é and e\u0301' });
  await store.close();
  return { file, headDigest: digest!.headDigest };
}

describe('duban verify', () => {
  it('prints intact with the event count and head digest, and exports a file rehash.py accepts', async () => {
    const { file, headDigest } = await build('intact', 'sha256');
    const exported = join(dir, 'intact.jsonl');
    const r = run(['verify', '--store', `sqlite:${file}`, '--export', exported]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe(`intact: 5 events, head digest ${headDigest} (sha256)`);
    const lines = readFileSync(exported, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.globalPosition)).toEqual([1, 2, 3, 4, 5]);
    expect(lines[0]).toMatchObject({ hashAlgorithm: 'sha256', streamRevision: 0, prevHash: null });
    expect(Object.keys(lines[0]!)).toEqual(expect.arrayContaining(['hash', 'globalPosition', 'hashAlgorithm', 'prevHash', 'data', 'actor']));

    if (!hasPython) return; // the one part that needs python3
    expect(runRehash(exported)).toEqual({ code: 0, out: 'ok 5 events' });
    // The file edited: rehash.py names the line.
    writeFileSync(exported, readFileSync(exported, 'utf8').replace('中试平台备案启动', '中试平台备案完成'));
    const bad = runRehash(exported);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/^mismatch at line 1: task-wuhan-2023-p1:2\.3 revision 0 \(position 1\)/);
  }, 30_000);

  it.skipIf(!pythonSm3)(
    'exports an sm3 store that rehash.py checks with sm3',
    async () => {
      const { file, headDigest } = await build('sm3', 'sm3');
      const exported = join(dir, 'sm3.jsonl');
      const r = run(['verify', '--store', `sqlite:${file}`, '--export', exported]);
      expect(r.code).toBe(0);
      expect(r.out.split('\n')[0]).toBe(`intact: 5 events, head digest ${headDigest} (sm3)`);
      expect(runRehash(exported)).toEqual({ code: 0, out: 'ok 5 events' });
    },
    30_000,
  );

  it('prints broken naming the kind, stream, revision and position, and exits 1', async () => {
    const { file } = await build('broken', 'sha256');
    const raw = new Database(file);
    raw.prepare("UPDATE events SET data = json_set(data, '$.reason', '改') WHERE global_position = 2").run();
    raw.close();
    const r = run(['verify', '--store', `sqlite:${file}`]);
    expect(r.code).toBe(1);
    expect(r.out).toBe(
      'broken: changed at task-wuhan-2023-p1:2.4 revision 0 (position 2): task-wuhan-2023-p1:2.4 revision 0 does not hash to its stored hash (sha256)',
    );
  }, 30_000);

  it('refuses to verify a store that does not exist, rather than create it', () => {
    const r = run(['verify', '--store', `sqlite:${join(dir, 'none.db')}`]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('there is no store at');
  });

  describe('against the signing key and the signed head beside the store', () => {
    /** A store served by `duban serve` and stopped, in a data folder of its own: its key and signed head beside it. */
    async function served(name: string): Promise<{ file: string; folder: string }> {
      const folder = join(dir, name);
      mkdirSync(folder);
      const file = join(folder, 'duban.db');
      const server = await serveProcess({ DUBAN_STORE: `sqlite:${file}`, DUBAN_HASH_ALGORITHM: '' });
      expect(await server.stop()).toBe(0); // the clean stop signs a last digest
      return { file, folder };
    }
    const newest = (file: string) => {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare('SELECT global_position AS position, stream_id AS streamId FROM events ORDER BY global_position DESC LIMIT 1').get() as {
          position: number;
          streamId: string;
        };
      } finally {
        db.close();
      }
    };

    it('prints intact with every digest signed, and keeps the key and the signed head private', async () => {
      const { file, folder } = await served('signed');
      const r = run(['verify', '--store', `sqlite:${file}`]);
      expect(r.code).toBe(0);
      const { position } = newest(file);
      expect(r.out.split('\n')[1]).toMatch(
        new RegExp(`^signatures: 1 of 1 digests signed; signed head at position ${position} \\([0-9a-f]{64}\\), as remembered outside the store$`),
      );
      for (const f of ['signing-key.pem', 'signed-head.json']) expect(statSync(join(folder, f)).mode & 0o777, f).toBe(0o600);
    }, 30_000);

    it('exits 1 after the newest event is deleted from the stopped store: truncated', async () => {
      const { file } = await served('truncated');
      const { position, streamId } = newest(file);
      expect(streamId).toBe('digest-_system');
      const raw = new Database(file);
      raw.prepare('DELETE FROM events WHERE global_position = ?').run(position);
      raw.close();
      const r = run(['verify', '--store', `sqlite:${file}`]);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(
        new RegExp(
          `^broken: truncated at digest-_system revision 0 \\(position none\\): the store ends at position ${position - 1}, behind its last signed head`,
        ),
      );
    }, 30_000);

    it('exits 1 after the whole chain is rewritten with new hashes and digests by someone without the key: forged', async () => {
      const { file } = await served('rewritten');
      const raw = new Database(file);
      const rows = raw.prepare('SELECT * FROM events ORDER BY global_position').all() as Record<string, any>[];
      const heads = new Map<string, string>();
      raw.transaction(() => {
        for (const row of rows) {
          const envelope = {
            eventId: row.event_id,
            type: row.type,
            streamId: row.stream_id,
            streamRevision: row.stream_revision,
            planId: row.plan_id,
            recordedAt: row.recorded_at,
            effectiveAt: row.effective_at,
            actor: JSON.parse(row.actor),
            correlationId: row.correlation_id,
            causationId: row.causation_id,
            schemaVersion: row.schema_version,
            data: JSON.parse(row.data),
            prevHash: row.prev_hash as string | null,
          };
          if (envelope.type === 'PlanAdopted') envelope.data.plan.issuer = '某单位';
          if (envelope.type === 'DigestRecorded') {
            // Recomputed from the rewritten heads; the signature cannot be, so it goes.
            const { signature: _s, ...d } = DigestRecordedData.parse(envelope.data);
            envelope.data = {
              ...d,
              streams: d.streams.map((x) => ({ ...x, headHash: heads.get(x.streamId)! })),
              previousDigest: d.previousDigest && heads.get('digest-_system')!,
            };
          }
          envelope.prevHash = envelope.streamRevision === 0 ? null : heads.get(envelope.streamId)!;
          const hash = eventHash(envelope, 'sha256');
          heads.set(envelope.streamId, hash);
          raw
            .prepare('UPDATE events SET data = ?, prev_hash = ?, hash = ? WHERE global_position = ?')
            .run(JSON.stringify(envelope.data), envelope.prevHash, hash, row.global_position);
        }
      })();
      raw.close();
      const r = run(['verify', '--store', `sqlite:${file}`]);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(
        /^broken: forged at digest-_system revision 0 \(position \d+\): digest revision 0 is [0-9a-f]{64}, not the signed head remembered outside the store/,
      );
      // Without what is kept outside the store, the rewrite would pass.
      const copy = join(dir, 'rewritten-alone.db');
      writeFileSync(copy, readFileSync(file));
      expect(run(['verify', '--store', `sqlite:${copy}`]).code).toBe(0);
    }, 30_000);

    it('starts duban serve on a truncated store read-only, saying why', async () => {
      const { file } = await served('read-only');
      const raw = new Database(file);
      raw.prepare('DELETE FROM events WHERE global_position = ?').run(newest(file).position);
      raw.close();
      const server = await serveProcess({ DUBAN_STORE: `sqlite:${file}`, DUBAN_HASH_ALGORITHM: '' });
      try {
        expect(server.logs.join('\n')).toMatch(/serving read-only: the store is truncated/);
        const health = await (await fetch(`${server.url}/health`)).json();
        expect(health).toMatchObject({ status: 'read-only', integrity: { state: 'damaged', problem: { kind: 'truncated' } } });
      } finally {
        expect(await server.stop()).toBe(0);
      }
      expect(newest(file).streamId).not.toBe('digest-_system'); // stopping signed nothing over the damage
    }, 30_000);
  });
});
