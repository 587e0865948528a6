// The fast canonical JSON (src/store/canonical-json.ts) writes the canonicalize package's bytes for
// plain JSON and declines the rest; the store, which hashes the caller's objects without reading
// their JSON back, records the hash eventHash gives the event as read back (what verify checks).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plainCanonicalJson } from '../../src/store/canonical-json.ts';
import { InvalidAppendError } from '../../src/store/errors.ts';
import { eventHash } from '../../src/store/event-hash.ts';
import type { AppendResult, NewEvent } from '../../src/store/event-store.ts';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.ts';
import { newEvent } from './event-store-contract.ts';

const chars = fc.constantFrom(...'督办任务武汉中试平台备案启动甲乙丙丁文字𠀀𪚥😀é\u00a0\u2028\u2029\u0001\u001f\u007f"\\/\n\t\b\f\r aZ0');
const text = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: chars }), fc.string({ unit: 'binary' }));
const key = fc.oneof(text, fc.constantFrom('a', 'b', 'A', 'aa', '中', '𠀀', '😀', '\uff61', 'é', 'e\u0301', '__proto__', '1', '10', '2'));
const number = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(0, -0, 1e21, 1e-7, -1e21, 1e20, 123456789012345680000, 5e-324, Number.MAX_VALUE, 2 ** 53, 0.1 + 0.2),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    number,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(key, tie('value'), { maxKeys: 6 }),
  ),
})).value;

describe('plainCanonicalJson', () => {
  it('writes what the canonicalize package writes, for any parsed JSON', () => {
    fc.assert(
      fc.property(json, (value) => {
        const parsed = JSON.parse(JSON.stringify(value)) as unknown;
        expect(plainCanonicalJson(parsed)).toBe(canonicalize(parsed));
        // The caller's own object (before the round trip) gives the same bytes: -0, key order, all.
        const own = plainCanonicalJson(value);
        if (own !== undefined) expect(own).toBe(canonicalize(parsed));
      }),
      { numRuns: 3000 },
    );
  });

  it('writes numbers, escapes and key order as JCS does', () => {
    expect(plainCanonicalJson({ b: -0, a: 1e21, c: 1e-7, 中: '\u2028"\\\u0001', A: [1.5, true, null] })).toBe(
      '{"A":[1.5,true,null],"a":1e+21,"b":0,"c":1e-7,"中":"\u2028\\"\\\\\\u0001"}',
    );
    // UTF-16 order, not code point order: U+FF61 sorts after U+1F600 (a surrogate pair starting D83D).
    expect(plainCanonicalJson({ '\uff61': 1, '😀': 2 })).toBe('{"😀":2,"\uff61":1}');
  });

  it('declines what is not plain JSON, leaving it to the package', () => {
    for (const value of [
      new Date(0),
      { at: new Date(0) },
      [undefined],
      // biome-ignore lint/suspicious/noSparseArray: a hole is one of the values under test
      [1, , 3],
      { f: () => 1 },
      Number.NaN,
      Number.POSITIVE_INFINITY,
      '\ud800',
      { '\udc00': 1 },
      new (class Point {
        x = 1;
      })(),
      { toJSON: () => 'x' },
      10n,
      Symbol('s'),
      undefined,
    ]) {
      expect(plainCanonicalJson(value)).toBeUndefined();
    }
    // An undefined member is left out, as JSON.stringify and the package leave it out.
    expect(plainCanonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(plainCanonicalJson(Object.assign(Object.create(null) as object, { z: 1, y: 2 }))).toBe('{"y":2,"z":1}');
  });
});

describe("the store hashes the caller's objects as they will be read back", () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'duban-canon-'));
    store = SqliteEventStore.open(join(dir, 'events.db'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The hash as stores before the fast path made it: the canonicalize package over the event read back. */
  const packageHash = (e: Parameters<typeof eventHash>[0]) => {
    const { hash: _h, globalPosition: _g, ...envelope } = e as { hash?: string; globalPosition?: number };
    return canonicalize(envelope);
  };

  it('records the same hash as the package over the event read back, for random data and actors', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        json,
        fc.option(fc.record({ id: text.filter((s) => s.length > 0), role: fc.constant('unit_reporter'), unitId: fc.option(text, { nil: undefined }) }), {
          nil: undefined,
        }),
        fc.boolean(),
        async (data, actor, withMeta) => {
          const event: NewEvent = newEvent({
            data,
            ...(actor ? { actor } : {}),
            ...(withMeta ? { correlationId: 'c-督办"', causationId: 'x\\y', effectiveAt: '2025-12-31T23:59:59.999Z', schemaVersion: 3 } : {}),
          });
          const stream = `s-${n++ % 3}-中`;
          let appended: AppendResult;
          try {
            appended = await store.append(stream, [event, newEvent({ data: [data, { d: data }] })]);
          } catch (err) {
            // Only a lone surrogate (which binary strings can hold) may be refused, and as invalid.
            expect(err).toBeInstanceOf(InvalidAppendError);
            expect(JSON.stringify({ data, actor })).toMatch(/\\ud[89a-f]/);
            return;
          }
          const read = await store.readStream(stream, { fromRevision: appended.events[0]!.streamRevision });
          expect(read).toHaveLength(2);
          for (const e of read) {
            expect(e.hash).toBe(createHash('sha256').update(packageHash(e)!, 'utf8').digest('hex'));
            expect(eventHash(e)).toBe(e.hash);
          }
          expect(appended.events.map((e) => e.hash)).toEqual(read.map((e) => e.hash));
          // The returned event holds the caller's own data (plain JSON): the same JSON as stored.
          expect(JSON.stringify(appended.events[0]!.data)).toBe(JSON.stringify(read[0]!.data));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('hashes data that is not plain JSON (a Date, undefined in a list, a class) as its JSON read back', async () => {
    class Money {
      constructor(readonly yuan: number) {}
    }
    const data = { at: new Date('2026-01-01T00:00:00Z'), list: [1, undefined, 3], money: new Money(5), skip: undefined };
    const { events } = await store.append('s-odd', [newEvent({ data })]);
    const [read] = await store.readStream('s-odd');
    expect(read!.data).toEqual({ at: '2026-01-01T00:00:00.000Z', list: [1, null, 3], money: { yuan: 5 } });
    expect(events[0]!.data).toEqual(read!.data); // the returned event holds what was stored, not the Date
    expect(eventHash(read!)).toBe(read!.hash);
  });

  it('refuses a lone surrogate anywhere in the envelope as an invalid append, appending nothing', async () => {
    for (const bad of [
      newEvent({ data: { s: '\ud800' } }),
      newEvent({ data: { '\udfff': 1 } }),
      newEvent({ eventId: 'e-\ud800' }),
      newEvent({ type: 'T\udc00' }),
      newEvent({ actor: { id: 'a\ud800', role: 'r' } }),
      newEvent({ correlationId: '\ud800' }),
    ]) {
      await expect(store.append('s-bad', [newEvent(), bad])).rejects.toThrow(InvalidAppendError);
    }
    await expect(store.append('s-\ud800', [newEvent()])).rejects.toThrow(InvalidAppendError);
    expect(await store.headPosition()).toBe(0);
  });
});
