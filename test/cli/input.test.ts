// The `duban` command refuses what it cannot honour: every option and argument is checked, and a
// refusal is one line on standard error with exit status 2 — never a stack trace, never half done.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDuban } from '../support/run-duban.ts';

const planFile = new URL('../../plans/wuhan-2023-p1.json', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'duban-input-'));
const store = `sqlite:${join(dir, 'duban.db')}`;
const baseEnv: Record<string, string | undefined> = { ...process.env, DUBAN_STORE: store };
delete baseEnv.DUBAN_ADMIN_TOKEN;
delete baseEnv.PORT;

const duban = (args: string[], env: Record<string, string> = {}) => runDuban(args, { ...baseEnv, ...env });

beforeAll(async () => {
  const imported = await duban(['import', planFile]);
  expect(imported.status, imported.stderr).toBe(0);
}, 30_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A refusal: exit 2, one line naming what was wrong, no stack. */
function refused(run: { status: number | null; stderr: string }, says: RegExp, what: string) {
  expect(run.status, `${what}: ${run.stderr}`).toBe(2);
  expect(run.stderr.trim().split('\n'), what).toHaveLength(1);
  expect(run.stderr, what).toMatch(says);
  expect(run.stderr, what).not.toMatch(/\n\s+at /);
}

describe('duban tokens issue', () => {
  it('refuses an expiry that is no calendar date, and issues nothing', async () => {
    for (const expires of ['2026-13-01', '2026-02-30', 'tomorrow', '2026-12-01T10:00:00', '2026-12-01T25:00:00Z']) {
      refused(await duban(['tokens', 'issue', '--role', 'office', '--name', '测试', '--expires', expires]), /--expires <date>.*a real calendar date/, expires);
    }
    // An expiry that is a date, but past: the domain refuses it, still one line and exit 2.
    refused(await duban(['tokens', 'issue', '--role', 'office', '--name', '测试', '--expires', '2020-01-01']), /^duban: the expiry .* is already past/, 'past');
    const list = await duban(['tokens', 'list']);
    expect(list.status).toBe(0);
    expect(list.stdout).toBe('');
  }, 60_000);

  it("honours a real expiry, as the end of that day in the plan's time zone", async () => {
    const issued = await duban(['tokens', 'issue', '--role', 'office', '--name', '到期测试', '--expires', '2099-02-28']);
    expect(issued.status, issued.stderr).toBe(0);
    expect(issued.stderr).toContain('until 2099-02-28T15:59:59.999Z');
  }, 30_000);

  it('refuses a role, a unit, a plan, a name or a token id it does not know the form of', async () => {
    const cases: [string[], RegExp][] = [
      [['tokens', 'issue', '--role', 'mayor', '--name', 'x'], /--role is one of office, unit, supervisor, cppcc/],
      [['tokens', 'issue', '--role', 'unit', '--unit', 'JXJ!', '--name', 'x'], /--unit <unitId>.*a unit id is lower-case ASCII/],
      [['tokens', 'issue', '--role', 'unit', '--unit', 'nobody', '--name', 'x'], /^duban: no plan has unit nobody \(plans: wuhan-2023-p1\)/],
      [['tokens', 'issue', '--role', 'office', '--plan', 'No Such', '--name', 'x'], /--plan <planId>.*a plan id is lower-case ASCII/],
      [['tokens', 'issue', '--role', 'office', '--plan', 'no-such-plan', '--name', 'x'], /^duban: no plan no-such-plan/],
      [['tokens', 'issue', '--role', 'office', '--name', '   '], /--name <who>/],
      [['tokens', 'issue', '--role', 'office', '--name', 'a\u202Eb'], /--name <who>.*bidirectional/],
      [['tokens', 'issue', '--role', 'office'], /required option '--name <who>' not specified/],
      [['tokens', 'revoke', 'not-a-token-id'], /a token's id, as duban tokens list shows it/],
      [['tokens', 'revoke', '00000000-0000-7000-8000-000000000000'], /^duban: no token 00000000-0000-7000-8000-000000000000/],
      [['tokens', 'frobnicate'], /unknown command 'frobnicate'/],
    ];
    const runs = await Promise.all(cases.map(([args]) => duban(args)));
    for (const [i, run] of runs.entries()) refused(run, cases[i]![1], cases[i]![0].join(' '));
  }, 60_000);
});

describe('the other commands', () => {
  it('refuse a bad port, host, time, count, file or store URL, from options and from the environment, before opening anything', async () => {
    const never = join(dir, 'never', 'duban.db');
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['serve', '--port', '70000', '--store', `sqlite:${never}`], {}, /--port <port>.*a port is a whole number from 0 to 65535/],
      [['serve', '--port', '', '--store', `sqlite:${never}`], {}, /a port is a whole number/],
      [['serve', '--store', `sqlite:${never}`], { PORT: '80a' }, /^duban: PORT is "80a": a port is a whole number/],
      [['serve', '--host', 'not a host', '--store', `sqlite:${never}`], {}, /--host <host>.*an IP address/],
      [['serve', '--shutdown-grace', '1e9', '--store', `sqlite:${never}`], {}, /a number of seconds above 0, at most 86400/],
      [
        ['serve', '--store', `sqlite:${never}`],
        { DUBAN_IDEMPOTENCY_TTL_HOURS: '2' },
        /^duban: DUBAN_IDEMPOTENCY_TTL_HOURS is "2": idempotency keys are kept at least 24 hours/,
      ],
      [['serve', '--plan', join(dir, 'missing.json'), '--store', `sqlite:${never}`], {}, /--plan <file>.*there is no file/],
      [['serve', '--store', 'mysql://x'], {}, /^duban: unrecognised store URL/],
      [['import', join(dir, 'missing.json'), '--store', `sqlite:${never}`], {}, /there is no file/],
      [['verify', '--export', join(dir, 'no', 'such', 'folder', 'x.jsonl')], {}, /--export <file.jsonl>.*there is no folder/],
      [['store', 'copy', '--from', store, '--to', `sqlite:${never}`, '--page-size', '0'], {}, /--page-size <n>.*a whole number from 1 to 100000/],
      [['store', 'copy', '--from', store, '--to', `sqlite:${never}`, '--max-events', '-3'], {}, /--max-events <n>.*a whole number from 0/],
      [['store', 'backup', dir], {}, /is a folder, not a file/],
      [['--no-such-option'], {}, /unknown option '--no-such-option'/],
    ];
    const runs = await Promise.all(cases.map(([args, env]) => duban(args, env)));
    for (const [i, run] of runs.entries()) refused(run, cases[i]![2], `${cases[i]![0].join(' ')} ${JSON.stringify(cases[i]![1])}`);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  }, 90_000);

  it("prints a plan file's many issues on one line", async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ id: 'Bad Id', tasks: 3 }));
    refused(await duban(['import', bad]), /^duban: .*bad\.json is not a valid plan: id: a plan id is .*; tasks: /, 'bad plan');
  }, 30_000);

  it('says what failed unforeseen in one line too, with exit status 1 and no stack', async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    try {
      const port = (taken.address() as AddressInfo).port;
      const run = await duban(['serve', '--port', String(port), '--store', `sqlite:${join(dir, 'busy', 'duban.db')}`]);
      expect(run.status, run.stderr).toBe(1);
      const errors = run.stderr
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('{')); // the log's JSON lines aside
      expect(errors).toEqual([expect.stringMatching(/^duban: failed: .*EADDRINUSE.*\(DUBAN_DEBUG=1 shows where\)$/)]);
    } finally {
      taken.close();
    }
  }, 30_000);

  it('shows help and the version with exit status 0', async () => {
    const help = await duban(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('rebuild');
    expect((await duban(['--version'])).status).toBe(0);
  }, 30_000);
});
