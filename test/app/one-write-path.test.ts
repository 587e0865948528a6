// Every write goes through the one command handler (src/app/command-handler.ts): no other module
// appends to the store or runs a retry loop of its own. Only the handler and the store adapters
// (src/store) call append.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const src = join(root, 'src');
const HANDLER = 'src/app/command-handler.ts';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.ts$/.test(name) ? [path] : [];
  });
}

/** Receivers whose append is not the store's (headers, URL parameters, form data). */
const NOT_A_STORE = /\b(headers|searchParams|params|form|formData|body)\.append\s*\(/i;

describe('the one write path', () => {
  const files = sources(src).map((path) => ({ file: relative(root, path), text: readFileSync(path, 'utf8') }));

  it('finds the sources it checks, the handler among them', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => f.file === HANDLER)).toBe(true);
  });

  it('has no module outside the handler and src/store append to the store', () => {
    const offenders = files
      .filter((f) => f.file !== HANDLER && !f.file.startsWith('src/store/'))
      .flatMap((f) =>
        f.text
          .split('\n')
          .map((line, i) => ({ line, at: `${f.file}:${i + 1}` }))
          .filter(({ line }) => /\.append\s*\(/.test(line) && !NOT_A_STORE.test(line) && !/^\s*(\/\/|\*)/.test(line))
          .map(({ at, line }) => `${at}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });

  it('has no retry loop of its own outside the handler (retryOnConflict, appendDecided)', () => {
    const offenders = files.filter((f) => f.file !== HANDLER && /\b(retryOnConflict|appendDecided)\b/.test(f.text)).map((f) => f.file);
    expect(offenders).toEqual([]);
  });

  it('has the handler append (so the checks above look at the right thing)', () => {
    const handler = files.find((f) => f.file === HANDLER)!.text;
    expect(handler).toMatch(/store\.append\s*\(/);
  });
});
