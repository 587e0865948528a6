// The projection fingerprint notices every change to the code the folds run, and only those: on a
// copy of the tree, a comment or blank-line edit keeps it, a code change in a module the plan
// catalogue imports (not a projection itself) changes it, as does another installed version of a
// package the folds import.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOf, projectionFingerprint } from '../../src/app/projection-fingerprint.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
let tree: string;

const edit = (file: string, change: (text: string) => string) => writeFileSync(join(tree, file), change(readFileSync(join(tree, file), 'utf8')));
const installed = (name: string, version: string) => {
  mkdirSync(join(tree, 'node_modules', name), { recursive: true });
  writeFileSync(join(tree, 'node_modules', name, 'package.json'), JSON.stringify({ name, version }));
};

beforeAll(() => {
  tree = mkdtempSync(join(tmpdir(), 'duban-fingerprint-'));
  for (const part of ['src', 'projections', 'tsconfig.json']) cpSync(join(repo, part), join(tree, part), { recursive: true, preserveTimestamps: true });
  // Packages stay outside the bundle: only their package.json is read, so a stand-in does.
  for (const name of ['zod', 'luxon', 'lru-cache', 'decimal.js']) installed(name, '1.0.0');
});
afterAll(() => rmSync(tree, { recursive: true, force: true }));

describe('projection fingerprint', () => {
  it("is this checkout's, computed from its tree", () => {
    expect(projectionFingerprint()).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprintOf(repo)).toBe(projectionFingerprint());
  });

  it('changes when the code of a domain module the plan catalogue imports changes', () => {
    const before = fingerprintOf(tree);
    // The bundle is kept for the next process (the files were not just written), and not trusted once one changes.
    expect(existsSync(join(tree, 'node_modules/.cache/duban/projection-bundle.json'))).toBe(true);
    const source = readFileSync(join(tree, 'src/domain/plan-amendment.ts'), 'utf8');
    expect(readFileSync(join(tree, 'projections/plan.ts'), 'utf8')).toContain('plan-amendment.ts');
    expect(source).toContain('[...changes].reverse().map(');
    // revertChanges now forgets to reverse the order of the changes it undoes.
    edit('src/domain/plan-amendment.ts', (t) => t.replace('[...changes].reverse().map(', '[...changes].map('));
    expect(fingerprintOf(tree)).not.toBe(before);
    writeFileSync(join(tree, 'src/domain/plan-amendment.ts'), source);
    expect(fingerprintOf(tree)).toBe(before);
  });

  it('stays the same when only comments and whitespace change, in a projection or a module it imports', () => {
    const before = fingerprintOf(tree);
    edit('projections/plan.ts', (t) => `// A comment added at the top.\n\n${t.replace(/\n/g, '\n\n')}/* and one at the end */\n`);
    edit('src/domain/plan-amendment.ts', (t) => t.replace(/^export function /m, '/** Documented now. */\nexport   function '));
    expect(fingerprintOf(tree)).toBe(before);
  });

  it('stays the same when code the folds do not run changes (an unused export, a module they do not import)', () => {
    const before = fingerprintOf(tree);
    edit('src/domain/plan-amendment.ts', (t) => `${t}\nexport const unused = 1;\n`);
    edit('src/version.ts', (t) => `${t}\nexport const unrelated = 2;\n`);
    expect(fingerprintOf(tree)).toBe(before);
  });

  it('changes with the installed version of a package the folds import', () => {
    const before = fingerprintOf(tree);
    installed('luxon', '1.0.1');
    expect(fingerprintOf(tree)).not.toBe(before);
  });
});
