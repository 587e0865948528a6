// The hash recipe: JCS (the canonicalize package) agrees with the hand-written canonicaliser the
// first stores were hashed with, so their chains still verify; the algorithm is the store's, fixed
// at creation (a v1 file is sha256); sm3 hashes differ from sha256's and verify.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/store/errors.ts';
import { canonicalJson, eventHash } from '../../src/store/event-hash.ts';
import { openStore, parseHashAlgorithm } from '../../src/store/open-store.ts';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.ts';
import { newEvent } from './event-store-contract.ts';

// ---- The reference: the canonicaliser as it was in sqlite-event-store.ts before JCS, verbatim. ----
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters JSON must escape, control characters among them
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
function quote(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}
function canon(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    case 'bigint':
      throw new TypeError('a BigInt is not JSON-serialisable');
    default:
      return undefined;
  }
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return canon(toJSON.call(value));
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += canon(value[i]) ?? 'null';
    }
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length > 1) keys.sort();
  let out = '{';
  for (const key of keys) {
    const v = canon(obj[key]);
    if (v === undefined) continue;
    if (out.length > 1) out += ',';
    out += quote(key) + ':' + v;
  }
  return out + '}';
}
function referenceCanonicalJson(value: unknown): string {
  const out = canon(value);
  if (out === undefined) throw new TypeError('value is not JSON-serialisable');
  return out;
}
// ----

const cjk = fc.constantFrom(...'督办任务武汉中试平台备案启动甲乙丙丁文字𠀀𪚥😀é\u00a0\u2028\u0001"\\/');
const text = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: cjk }), fc.string({ unit: 'binary' }));
const key = fc.oneof(text, fc.constantFrom('a', 'b', 'A', 'aa', '中', '𠀀', 'é', 'e\u0301', '__proto__'));
// JSON as event data can hold it: no floats (integers only), no undefined, no lone surrogates.
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
    fc.constantFrom(0, -0, 1e21, -1, 2 ** 53 - 1),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(key, tie('value'), { maxKeys: 6 }),
  ),
})).value;

describe('the hash recipe', () => {
  it('JCS (canonicalize) and the earlier hand-written canonical JSON agree on event data', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        // What the store hashes has been through JSON.parse, as here.
        const parsed = JSON.parse(JSON.stringify(value)) as unknown;
        expect(canonicalJson(parsed)).toBe(referenceCanonicalJson(parsed));
      }),
      { numRuns: 2000 },
    );
  });

  it('is hex of the algorithm over the JCS of the envelope without hash and globalPosition', () => {
    const event = {
      eventId: 'e1',
      type: 'T',
      streamId: 's',
      streamRevision: 0,
      globalPosition: 7,
      planId: 'p',
      recordedAt: '2026-01-01T00:00:00.000Z',
      effectiveAt: '2026-01-01T00:00:00.000Z',
      actor: { id: 'a', role: 'r' },
      correlationId: 'e1',
      causationId: null,
      schemaVersion: 1,
      data: { 中: 1, a: [true] },
      hash: 'x',
      prevHash: null,
    };
    const sha = eventHash(event, 'sha256');
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    expect(eventHash({ ...event, globalPosition: 8, hash: 'y' }, 'sha256')).toBe(sha);
    expect(eventHash(event)).toBe(sha); // sha256 is the default
    const sm3 = eventHash(event, 'sm3');
    expect(sm3).toMatch(/^[0-9a-f]{64}$/);
    expect(sm3).not.toBe(sha);
  });
});

describe('the store hash algorithm', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'duban-hash-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('an sm3 store appends and its chains verify with sm3; its hashes differ from a sha256 store', async () => {
    const clock = () => new Date('2026-01-01T00:00:00.000Z');
    const sm3 = SqliteEventStore.open(join(dir, 'sm3.db'), { clock, hashAlgorithm: 'sm3' });
    const sha = SqliteEventStore.open(join(dir, 'sha.db'), { clock });
    try {
      expect(sm3.hashAlgorithm).toBe('sm3');
      expect(sha.hashAlgorithm).toBe('sha256');
      const batch = [newEvent({ eventId: 'a', data: { x: '甲' } }), newEvent({ eventId: 'b' })];
      const [x, y] = [await sm3.append('s-1', batch), await sha.append('s-1', batch)];
      for (const e of await sm3.readAll()) expect(eventHash(e, 'sm3')).toBe(e.hash);
      expect(x.events[1]!.prevHash).toBe(x.events[0]!.hash);
      expect(x.events.map((e) => e.hash)).not.toEqual(y.events.map((e) => e.hash));
    } finally {
      await sm3.close();
      await sha.close();
    }
  });

  it('keeps the algorithm a store was created with when reopened asking for another', async () => {
    const file = join(dir, 'events.db');
    await SqliteEventStore.open(file, { hashAlgorithm: 'sm3' }).close();
    const notices: string[] = [];
    const store = await openStore(`sqlite:${file}`, { hashAlgorithm: 'sha256', onNotice: (m) => notices.push(m) });
    try {
      expect(store.hashAlgorithm).toBe('sm3');
      expect(notices.join()).toMatch(/hashes with sm3/);
    } finally {
      await store.close();
    }
  });

  it('reads DUBAN_HASH_ALGORITHM, refusing other values by naming the accepted ones', () => {
    expect(parseHashAlgorithm(undefined)).toBeUndefined();
    expect(parseHashAlgorithm('SM3')).toBe('sm3');
    expect(() => parseHashAlgorithm('md5')).toThrow(StoreError);
    expect(() => parseHashAlgorithm('md5')).toThrow(/sha256, sm3/);
  });

  it('migrates a v1 file to store_meta with hash_algorithm=sha256, whatever is asked', async () => {
    const file = join(dir, 'v1.db');
    const first = SqliteEventStore.open(file);
    await first.append('s-1', [newEvent()]);
    await first.close();
    // Make it a v1 file again: no store_meta, user_version 1.
    const raw = new Database(file);
    raw.exec('DROP TABLE store_meta');
    raw.pragma('user_version = 1');
    raw.close();
    const store = SqliteEventStore.open(file, { hashAlgorithm: 'sm3' });
    try {
      expect(store.hashAlgorithm).toBe('sha256');
      expect(store.pragmas().userVersion).toBe(2);
      const [e] = await store.readAll();
      expect(eventHash(e!, 'sha256')).toBe(e!.hash);
    } finally {
      await store.close();
    }
  });
});
