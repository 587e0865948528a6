import { defineConfig } from 'vitest/config';

/**
 * The slow suites, named here and nowhere else: the command-line suites, which start real `duban`
 * processes (among them servers killed with -9 mid-writes, several servers on one store, a server's
 * memory after a rebuild), 10 000 fuzzed writes, the PostgreSQL adapters, and the browser and document
 * suites (`*.browser.test.ts`, `*.document.test.ts`). `npm run test:unit` (the `unit` project) leaves
 * them out for the edit loop — and, with DUBAN_TEST_POSTGRES=off, the PostgreSQL cases of the files
 * that run on every store; `npm test` runs them all (the `slow` project after the `unit` one).
 */
const slow = ['test/cli/**/*.test.ts', 'test/http/write-fuzz.test.ts', 'test/**/postgres*.test.ts', 'test/**/*.browser.test.ts', 'test/**/*.document.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A test that asserts nothing passes whatever the code does: each must call expect at least once.
    expect: { requireAssertions: true },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: slow } },
      { extends: true, test: { name: 'slow', include: slow } },
    ],
  },
});
