// The duplicate-name scanner against a model: on JSON without repeated names it finds none (whatever
// the spacing and escapes), and on generated JSON with repeats it finds the first, in text order, at
// the path the model gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duplicateKeyPath } from '../../src/http/middleware/duplicate-keys.ts';

type Tree = null | boolean | number | string | Tree[] | { entries: [string, Tree][] };

// Names from a small alphabet repeat often; quotes, backslashes, braces and non-ASCII test the string handling.
const name = fc.string({ unit: fc.constantFrom('a', 'b', '"', '\\', '{', '}', '[', ',', ':', '名', '\u0001', '😀'), maxLength: 3 });
const { tree } = fc.letrec<{ tree: Tree; object: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.string({ maxLength: 4 }),
    fc.array(tie('tree'), { maxLength: 4 }),
    tie('object'),
  ),
  object: fc.array(fc.tuple(name, tie('tree')), { maxLength: 5 }).map((entries) => ({ entries })),
}));

/** A name as JSON text, some characters written as \uXXXX escapes. */
const writeName = (s: string, escapeMask: number) =>
  '"' +
  [...s]
    .map((ch, i) =>
      (escapeMask >> (i % 30)) & 1 && /[a-z名]/.test(ch) ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}` : JSON.stringify(ch).slice(1, -1),
    )
    .join('') +
  '"';

function write(t: Tree, space: string, mask: number): string {
  if (t === null || typeof t !== 'object') return JSON.stringify(t);
  if (Array.isArray(t)) return `[${space}${t.map((x) => write(x, space, mask)).join(`${space},${space}`)}${space}]`;
  return `{${space}${t.entries.map(([k, v]) => `${writeName(k, mask)}${space}:${space}${write(v, space, mask)}`).join(`,${space}`)}${space}}`;
}

/** The model: the first repeated name in document order, checked as each name is met. */
function firstRepeat(t: Tree, path: (string | number)[] = []): (string | number)[] | null {
  if (t === null || typeof t !== 'object') return null;
  if (Array.isArray(t)) {
    for (let i = 0; i < t.length; i++) {
      const found = firstRepeat(t[i]!, [...path, i]);
      if (found) return found;
    }
    return null;
  }
  const seen = new Set<string>();
  for (const [k, v] of t.entries) {
    if (seen.has(k)) return [...path, k];
    seen.add(k);
    const found = firstRepeat(v, [...path, k]);
    if (found) return found;
  }
  return null;
}

const spacing = fc.constantFrom('', ' ', '\n  ', '\t');

describe('duplicateKeyPath', () => {
  it('finds no repeat in what JSON.stringify writes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2, '\t'), (value, indent) => {
        expect(duplicateKeyPath(JSON.stringify(value, null, indent))).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });

  it('finds the first repeat where the model does, and JSON.parse reads the same text', () => {
    fc.assert(
      fc.property(tree, spacing, fc.nat(), (t, space, mask) => {
        const text = write(t, space, mask);
        expect(() => JSON.parse(text)).not.toThrow();
        expect(duplicateKeyPath(text)).toEqual(firstRepeat(t));
      }),
      { numRuns: 3000 },
    );
  });

  it('names a repeat written with escapes as the name it decodes to', () => {
    expect(duplicateKeyPath('{"a":1,"\\u0061":2}')).toEqual(['a']);
    expect(duplicateKeyPath('{"x":[{"q\\"":1},{"q\\"":1,"q\\u0022":2}]}')).toEqual(['x', 1, 'q"']);
    expect(duplicateKeyPath('{"a":{},"b":{"a":1},"c":[]}')).toBeNull();
  });
});
