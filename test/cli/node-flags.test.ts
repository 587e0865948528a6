// duban runs Node with its own heap flags (see bin/duban.js). They are written in four places, which
// must agree: the bin's shebang (the installed `duban` command), npm start, npm run demo, and the
// served processes of tests and benchmarks; bench:store measures the store under the same flags.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DUBAN_NODE_FLAGS } from '../../scripts/serve-process.ts';

const root = new URL('../../', import.meta.url);
const flags = DUBAN_NODE_FLAGS.join(' ');

describe('Node flags for duban', () => {
  it('are the same in the shebang, npm start, the demo and bench:store', () => {
    const shebang = readFileSync(new URL('bin/duban.js', root), 'utf8').split('\n')[0];
    expect(shebang).toBe(`#!/usr/bin/env -S node ${flags}`);
    const scripts = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toBe(`node ${flags} bin/duban.js serve`);
    expect(scripts.demo).toContain(`node ${flags} bin/duban.js serve`);
    expect(scripts['bench:store']).toBe(`node ${flags} --import tsx scripts/bench-store.ts`);
  });

  it('are accepted by this Node and size the young generation', () => {
    const out = execFileSync(
      process.execPath,
      [...DUBAN_NODE_FLAGS, '-e', "console.log(require('v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size)"],
      { encoding: 'utf8' },
    );
    // Default: 1 MB at start, growing to 16 MB; with the flags, a 32 MB semi-space from the start.
    expect(Number(out)).toBeGreaterThanOrEqual(32 * 1024 * 1024);
  });
});
