// A version stored as its changes reads back exactly as the whole state would: the same JSON, byte
// for byte (values and key order), for edits made the way projections make them — new objects that
// share what did not change — and for arbitrary replacements too.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyChanges, changesBetween } from '../../src/app/read-model/state-changes.ts';

/** prev's JSON, the changes applied as the read model would (both through JSON), as JSON again. A state is an object: the values go in one. */
function roundTrip(prevValue: unknown, nextValue: unknown): string {
  const prev = { value: prevValue };
  const next = { value: nextValue };
  const changes = JSON.parse(JSON.stringify(changesBetween(prev, next)));
  return JSON.stringify(applyChanges(JSON.parse(JSON.stringify(prev)), changes));
}

const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false, undefined, 0, -1, 1.5, ''),
    fc.string(),
    fc.integer(),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c', '1', '2', 'd', 'current', '__x'), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** An edit the way evolve makes one: a new object along one path, everything else shared. */
function edit(state: unknown, path: number[], replacement: unknown, op: number): unknown {
  if (path.length === 0 || state === null || typeof state !== 'object') return replacement;
  const [step, ...rest] = path as [number, ...number[]];
  if (Array.isArray(state)) {
    if (!state.length || op % 4 === 0) return [...state.slice(0, step % (state.length + 1)), replacement, ...state.slice(step % (state.length + 1))]; // insert
    const i = step % state.length;
    if (op % 4 === 1) return state.filter((_, j) => j !== i); // remove
    if (op % 4 === 2) return [...state, replacement]; // append
    return state.map((v, j) => (j === i ? edit(v, rest, replacement, op >> 2) : v));
  }
  const record = state as Record<string, unknown>;
  const keys = Object.keys(record);
  if (!keys.length || op % 4 === 0) return { ...record, [`k${step}`]: replacement }; // add a key
  const k = keys[step % keys.length]!;
  if (op % 4 === 1) {
    const { [k]: _gone, ...rest2 } = record; // delete a key
    return rest2;
  }
  if (op % 4 === 2) return { [k]: replacement, ...record }; // the same keys, another order
  return { ...record, [k]: edit(record[k], rest, replacement, op >> 2) };
}

describe('changes between two states', () => {
  it('apply to the earlier state to give the later one exactly, for edits that share what they keep', () => {
    fc.assert(
      fc.property(json, fc.array(fc.tuple(fc.array(fc.nat(20), { maxLength: 4 }), json, fc.nat()), { minLength: 1, maxLength: 6 }), (start, edits) => {
        let prev: unknown = start;
        for (const [path, replacement, op] of edits) {
          const next = edit(prev, path, replacement, op);
          expect(roundTrip(prev, next)).toBe(JSON.stringify({ value: next }));
          prev = next;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('apply exactly between any two states, however unrelated', () => {
    fc.assert(
      fc.property(json, json, (a, b) => {
        expect(roundTrip(a, b)).toBe(JSON.stringify({ value: b }));
      }),
      { numRuns: 2000 },
    );
  });

  it('are as small as what changed: a report added to a long list costs the report, not the list', () => {
    const report = (i: number) => ({ reportId: `r${i}`, done: `第${i}次`.repeat(20) });
    let state = { current: { jxj: report(0) }, superseded: [] as unknown[], globalPosition: 0 };
    for (let i = 1; i <= 1000; i++)
      state = { ...state, current: { ...state.current, jxj: report(i) }, superseded: [...state.superseded, state.current.jxj], globalPosition: i };
    const next = { ...state, current: { ...state.current, jxj: report(1001) }, superseded: [...state.superseded, state.current.jxj], globalPosition: 1001 };
    const size = JSON.stringify(changesBetween(state, next)).length;
    expect(size).toBeLessThan(3 * JSON.stringify(report(1001)).length);
    expect(JSON.stringify(next).length).toBeGreaterThan(300 * size);
  });
});
