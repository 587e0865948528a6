// A fast RFC 8785 (JCS) serialiser for plain JSON values: what JSON.parse yields, and what event data
// mostly is before it is stored (plain objects and arrays, strings, finite numbers, booleans, null).
// For such values JCS is: object keys sorted by UTF-16 code units (Array.prototype.sort's default),
// strings and numbers as JSON.stringify writes them (ECMAScript number serialisation: -0 as 0,
// 1e21 as 1e+21), no whitespace. Anything else (a Date or other toJSON, a class instance, undefined
// in an array, a function, a non-finite number, a lone surrogate) answers undefined, and the caller
// falls back to the canonicalize package on the JSON.parse'd value — so the bytes are always the
// package's (test/store/canonical-json.test.ts compares the two on random JSON).

declare global {
  // ES2024, in Node since 20: the lib this project compiles against (ES2023) does not list it yet.
  interface String {
    isWellFormed(): boolean;
  }
}

/** JCS of `value` when it is plain JSON; undefined when it is not (use the canonicalize package then). */
export function plainCanonicalJson(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value.isWellFormed() ? JSON.stringify(value) : undefined;
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : undefined;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? plainArray(value) : plainObject(value as Record<string, unknown>);
    default:
      return undefined;
  }
}

function plainArray(list: unknown[]): string | undefined {
  if (Object.getPrototypeOf(list) !== Array.prototype) return undefined;
  const n = list.length;
  if (n === 0) return '[]';
  let out = '[';
  for (let i = 0; i < n; i++) {
    // A hole or undefined reads as undefined: the package writes null, JSON.stringify too, but rare; fall back.
    const item = plainCanonicalJson(list[i]);
    if (item === undefined) return undefined;
    out += i === 0 ? item : ',' + item;
  }
  return out + ']';
}

function plainObject(obj: Record<string, unknown>): string | undefined {
  const proto = Object.getPrototypeOf(obj) as unknown;
  if (proto !== Object.prototype && proto !== null) return undefined;
  if (typeof obj.toJSON === 'function') return undefined;
  const keys = Object.keys(obj);
  if (keys.length > 1) keys.sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const v = obj[key];
    // An undefined member is left out by JSON.stringify and by the package alike.
    if (v === undefined) continue;
    if (!key.isWellFormed()) return undefined;
    const item = plainCanonicalJson(v);
    if (item === undefined) return undefined;
    out += (first ? '' : ',') + JSON.stringify(key) + ':' + item;
    first = false;
  }
  return out + '}';
}
