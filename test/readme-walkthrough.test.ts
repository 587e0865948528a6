// Keeps the README's walkthrough true: the ```sh blocks of "A month of the office's work, with curl"
// run in order, as a new user pastes them, in one bash against a fresh duban (the Wuhan plan adopted,
// an office token in data/office-token) served in process on a free port; every curl must answer 2xx.
// Only the address (127.0.0.1:3000) and `npx duban` (this checkout's bin/duban.js) are rewritten.
// Needs bash, curl and jq; skipped where one is missing.

import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createApplication } from '../src/app/application.ts';
import { readPlanFile } from '../src/app/plan/plan-adoption.ts';
import { loadTokenSecret } from '../src/app/token/token-secret.ts';
import { createHttpApp } from '../src/http/app.ts';
import { listen } from '../src/http/server.ts';
import { SqliteEventStore } from '../src/store/sqlite-event-store.ts';
import { wuhanPlanFile } from './support/harness.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const bin = new URL('../bin/duban.js', import.meta.url).pathname;
const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const tools = ['bash', 'curl', 'jq'].every(has);

/** The walkthrough's shell blocks, in order. */
function walkthroughBlocks(text: string): string[] {
  const start = text.indexOf("### A month of the office's work");
  if (start < 0) throw new Error('README.md has no "### A month of the office\'s work" section');
  const rest = text.slice(start + 3);
  const end = rest.search(/^#{2,3} /m);
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
}

const dir = mkdtempSync(join(tmpdir(), 'duban-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the README walkthrough', () => {
  it.skipIf(!tools)('runs as written against a fresh duban, every curl answering 2xx', { timeout: 60_000 }, async () => {
    const blocks = walkthroughBlocks(readme);
    expect(blocks.length).toBeGreaterThan(5);

    mkdirSync(join(dir, 'data'));
    const file = join(dir, 'data', 'duban.db');
    const store = SqliteEventStore.open(file);
    // As duban serve: token hashes keyed with the secret beside the store, which `duban tokens` finds too.
    const app = createApplication(store, { tokenSecret: loadTokenSecret(`sqlite:${file}`).secret });
    await app.start();
    await app.adoptPlan(await readPlanFile(wuhanPlanFile));
    const { token } = await app.issueToken({ name: 'office (README walkthrough)', role: 'office', actor: { id: 'readme-test', role: 'system' } });
    writeFileSync(join(dir, 'data', 'office-token'), `${token}\n`, { mode: 0o600 });
    const bugs: unknown[] = [];
    const { hono } = createHttpApp(app, { validateResponses: true, storeKind: 'sqlite', onBug: (error) => void bugs.push(error) });
    const server = await listen(hono, { port: 0, host: '127.0.0.1' });

    const codes = join(dir, 'codes.log');
    const script = [
      'set -e',
      // Each curl's status and URL go to codes.log; exit 23 is a reader (head) that stopped early.
      `curl() { command curl -w '%{stderr}%{http_code} %{url_effective}\\n' "$@" 2>>'${codes}'; local rc=$?; [ $rc = 0 ] || [ $rc = 23 ] || { echo "curl exit $rc" >>'${codes}'; return $rc; }; }`,
      ...blocks.map((b) => b.replaceAll('127.0.0.1:3000', `127.0.0.1:${server.address.port}`).replaceAll('npx duban', `node ${bin}`)),
    ].join('\n');
    writeFileSync(join(dir, 'walkthrough.sh'), script);
    writeFileSync(codes, '');
    try {
      const run = await promisify(execFile)('bash', [join(dir, 'walkthrough.sh')], {
        cwd: dir,
        env: { ...process.env, DUBAN_STORE: `sqlite:${file}` },
        maxBuffer: 16 << 20,
      }).catch((error: { code?: number; stdout?: string; stderr?: string }) => ({
        failed: error.code ?? 1,
        stdout: error.stdout ?? '',
        stderr: error.stderr ?? '',
      }));
      const log = readFileSync(codes, 'utf8').trim().split('\n');
      expect('failed' in run ? `exit ${run.failed}\n${run.stderr}\n${log.join('\n')}` : 'exit 0').toBe('exit 0');
      const calls = blocks.join('\n').match(/\bcurl /g)!.length;
      expect(log.filter((l) => !/^2\d\d /.test(l))).toEqual([]);
      expect(log).toHaveLength(calls);
      // What the text claims the answers show.
      expect(run.stdout).toContain('红灯 handling-plan:jxj');
      expect(run.stdout).toMatch(/"supersedes": "[0-9a-f-]{36}"/);
      expect(run.stdout).toContain('已召开 科技创新供应链第一次工作协调会');
      const md = /"md": "([0-9a-f]{64})"/.exec(run.stdout)?.[1];
      expect(run.stdout).toContain(`${md}  -`);
      expect(bugs).toEqual([]);
    } finally {
      await server.close();
      await app.close();
      await store.close();
    }
  });
});
