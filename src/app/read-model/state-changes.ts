// What changed between two states of a key, as JSON: the read model keeps most versions as their
// changes from the version before, not as the whole state again (which made N events on one key
// write O(N²) bytes). Projections never change a state in place — evolve builds the next one and
// shares every untouched part with the previous one — so the parts that did not change are found by
// identity, without serialising or walking them: a report added to a month's list of a thousand costs
// a thousand pointer comparisons and the bytes of the one report.
//
// Applying the changes to the previous state, as parsed from JSON, gives exactly what parsing the
// next state's JSON would — the same values and the same key order (where a change would reorder an
// object's keys, the object is written whole instead).

type Path = (string | number)[];

/** One change: set a value, delete an object's key, or splice an array (start, how many removed, items put there). */
export type Change = ['s', Path, unknown] | ['d', Path] | ['a', Path, number, number, unknown[]];

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';

/** Whether JSON.stringify writes the property at all (undefined, functions and symbols it leaves out). */
const written = (v: unknown) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';

function writtenKeys(o: Record<string, unknown>): string[] {
  return Object.keys(o).filter((k) => written(o[k]));
}

/** The changes that turn `prev` into `next` (both as JSON would write them); [] when they are the same. */
export function changesBetween(prev: unknown, next: unknown): Change[] {
  const out: Change[] = [];
  diff(prev, next, [], out);
  return out;
}

function diff(prev: unknown, next: unknown, path: Path, out: Change[]): void {
  if (prev === next) return;
  if (isObject(prev) && isObject(next)) diffObjects(prev, next, path, out);
  else if (Array.isArray(prev) && Array.isArray(next)) diffArrays(prev, next, path, out);
  else out.push(['s', path, next]);
}

function diffObjects(prev: Record<string, unknown>, next: Record<string, unknown>, path: Path, out: Change[]): void {
  const before = writtenKeys(prev);
  const after = writtenKeys(next);
  // Applying the changes keeps the keys that stay where they were and appends new ones: if that is
  // not next's order, write the object whole.
  const kept = new Set(after);
  let i = 0;
  for (const k of before) {
    if (!kept.has(k)) continue;
    if (after[i] !== k) return void out.push(['s', path, next]);
    i++;
  }
  for (; i < after.length; i++) if (Object.hasOwn(prev, after[i]!) && written(prev[after[i]!])) return void out.push(['s', path, next]);
  for (const k of before) if (!kept.has(k)) out.push(['d', [...path, k]]);
  for (const k of after) {
    if (written(prev[k]) && Object.hasOwn(prev, k)) diff(prev[k], next[k], [...path, k], out);
    else out.push(['s', [...path, k], next[k]]);
  }
}

function diffArrays(prev: unknown[], next: unknown[], path: Path, out: Change[]): void {
  // The common ends, by identity; what lies between them changed.
  let start = 0;
  const shorter = Math.min(prev.length, next.length);
  while (start < shorter && prev[start] === next[start]) start++;
  let end = 0;
  while (end < shorter - start && prev[prev.length - 1 - end] === next[next.length - 1 - end]) end++;
  const removed = prev.length - start - end;
  const added = next.length - start - end;
  if (removed === 0 && added === 0) return;
  if (removed === added) {
    // The same places, changed in place (an item updated): each item's own changes.
    for (let i = start; i < start + added; i++) diff(prev[i], next[i], [...path, i], out);
    return;
  }
  out.push(['a', path, start, removed, next.slice(start, start + added)]);
}

/**
 * Applies changes to a state parsed from JSON (changing it: pass a copy you own). Returns the new
 * state (a different value only when the whole of it was set).
 */
export function applyChanges(state: unknown, changes: readonly Change[]): unknown {
  let root = state;
  for (const change of changes) {
    const path = change[1];
    if (path.length === 0) {
      if (change[0] === 's') root = change[2];
      else if (change[0] === 'a') splice(root as unknown[], change[2], change[3], change[4]);
      else throw new Error('the root cannot be deleted');
      continue;
    }
    let parent = root as Record<string | number, unknown>;
    for (let i = 0; i < path.length - 1; i++) parent = parent[path[i]!] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    if (change[0] === 's') parent[last] = change[2];
    else if (change[0] === 'd') delete parent[last];
    else splice(parent[last] as unknown[], change[2], change[3], change[4]);
  }
  return root;
}

function splice(array: unknown[], start: number, removed: number, items: unknown[]): void {
  if (items.length < 10_000) array.splice(start, removed, ...items);
  else {
    // Too many to pass as arguments: rebuild the tail.
    const tail = array.slice(start + removed);
    array.length = start;
    for (const item of items) array.push(item);
    for (const item of tail) array.push(item);
  }
}
