// `duban tokens` as an operator uses it beside a running server: issue a unit token for 市经信局,
// the server honours it within a second, the unit changes what it leads and nothing else, the
// audit trail names it, and a revoked token is refused within a second.
import { type ChildProcess, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveProcess } from '../../scripts/serve-process.ts';

const bin = new URL('../../bin/duban.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'duban-tokens-'));
const env: Record<string, string | undefined> = { ...process.env, DUBAN_STORE: `sqlite:${join(dir, 'duban.db')}`, PORT: '0', HOST: '127.0.0.1' };
delete env.DUBAN_ADMIN_TOKEN;
let server: ChildProcess | undefined;
afterAll(() => {
  server?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

// No DUBAN_ADMIN_TOKEN: the first start makes the office token of its own.
const serve = (extra: Record<string, string> = {}) => serveProcess({ DUBAN_STORE: env.DUBAN_STORE!, DUBAN_ADMIN_TOKEN: '', ...extra });

const duban = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' });

/** Polls until the check holds and says how long that took: the server, another process, picks up the store's changes on its own clock. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - started;
}

describe('duban tokens', () => {
  it('issues, lists and revokes tokens a running server honours within a second', async () => {
    const running = await serve();
    server = running.child;
    const office = readFileSync(join(dir, 'office-token'), 'utf8').trim();
    const as = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

    const issued = duban('tokens', 'issue', '--role', 'unit', '--unit', 'jxj', '--name', '市经信局 OA');
    expect(issued.status, issued.stderr).toBe(0);
    const lines = issued.stdout.trim().split('\n');
    const token = lines.at(-1)!;
    expect(token).toMatch(/^dbn_/);
    expect(issued.stderr).toMatch(/issued token .* to 市经信局 OA \(unit, jxj, plan wuhan-2023-p1\)/);
    await within(1000, async () => (await fetch(`${running.url}/plans/wuhan-2023-p1`, { headers: as(token) })).status === 200);

    const change = (code: string) =>
      fetch(`${running.url}/plans/wuhan-2023-p1/tasks/${code}/status`, {
        method: 'POST',
        headers: as(token),
        body: JSON.stringify({ status: 'in_progress', reason: '专精特新企业培育已启动' }),
      });
    expect((await change('4.2')).status).toBe(200);
    const refused = await change('1.1');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/does not lead task 1.1/);
    const audit = (await (await fetch(`${running.url}/audit?planId=wuhan-2023-p1&task=4.2`, { headers: as(office) })).json()) as { items: { actor: object }[] };
    expect(audit.items[0]!.actor).toMatchObject({ name: '市经信局 OA', role: 'unit', unitId: 'jxj' });

    const list = duban('tokens', 'list');
    expect(list.status).toBe(0);
    const mine = list.stdout.split('\n').find((l) => l.endsWith('市经信局 OA'))!;
    expect(mine).toMatch(/\tunit\tjxj\twuhan-2023-p1\tactive\t/);
    expect(list.stdout).not.toContain(token);
    const tokenId = mine.split('\t')[0]!;
    expect(duban('tokens', 'revoke', tokenId, '--reason', '系统停用').status).toBe(0);
    await within(1000, async () => (await fetch(`${running.url}/plans/wuhan-2023-p1`, { headers: as(token) })).status === 401);
    // Who issued and revoked it is in the audit trail, as events of no plan.
    const tokenEvents = (await (await fetch(`${running.url}/audit?type=TokenIssued,TokenRevoked`, { headers: as(office) })).json()) as {
      items: { type: string; planId: string }[];
    };
    expect(tokenEvents.items.map((r: { type: string; planId: string }) => [r.type, r.planId])).toEqual([
      ['TokenIssued', '_system'],
      ['TokenIssued', '_system'],
      ['TokenRevoked', '_system'],
    ]);
  }, 30_000);

  it("keeps the first start's office token good for every plan, and issues a unit token for several plans", async () => {
    const other = mkdtempSync(join(tmpdir(), 'duban-plans-'));
    const store = `sqlite:${join(other, 'duban.db')}`;
    const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { env: { ...env, DUBAN_STORE: store }, encoding: 'utf8' });
    try {
      const running = await serve({ DUBAN_STORE: store });
      try {
        const office = readFileSync(join(other, 'office-token'), 'utf8').trim();
        const as = (token: string) => ({ authorization: `Bearer ${token}` });
        // A second plan is imported beside the running server: the office token made on the first start reaches it.
        const second = join(other, 'second-plan.json');
        const wuhan = JSON.parse(readFileSync(new URL('../../plans/wuhan-2023-p1.json', import.meta.url), 'utf8')) as { id: string; title: string };
        writeFileSync(second, JSON.stringify({ ...wuhan, id: 'wuhan-2024-p2', title: `${wuhan.title}（第二方案）` }));
        const imported = run('import', second);
        expect(imported.status, imported.stderr).toBe(0);
        await within(2000, async () => (await fetch(`${running.url}/plans/wuhan-2024-p2`, { headers: as(office) })).status === 200);
        const plans = (await (await fetch(`${running.url}/plans`, { headers: as(office) })).json()) as { items: { id: string }[] };
        expect(plans.items.map((p) => p.id).sort()).toEqual(['wuhan-2023-p1', 'wuhan-2024-p2']);

        // Now two plans name jxj: a unit token names its plans, repeated or separated by commas.
        const vague = run('tokens', 'issue', '--role', 'unit', '--unit', 'jxj', '--name', '含糊');
        expect(vague.status).not.toBe(0);
        expect(vague.stderr).toMatch(/all name unit jxj: say which the token is for \(--plan\)/);
        for (const planArgs of [
          ['--plan', 'wuhan-2023-p1', '--plan', 'wuhan-2024-p2'],
          ['--plan', 'wuhan-2023-p1,wuhan-2024-p2'],
        ]) {
          const issued = run('tokens', 'issue', '--role', 'unit', '--unit', 'jxj', ...planArgs, '--name', `市经信局 ${planArgs.length}`);
          expect(issued.status, issued.stderr).toBe(0);
          expect(issued.stderr).toMatch(/\(unit, jxj, plan wuhan-2023-p1, plan wuhan-2024-p2\)/);
          const token = issued.stdout.trim().split('\n').at(-1)!;
          for (const planId of ['wuhan-2023-p1', 'wuhan-2024-p2']) {
            await within(1000, async () => (await fetch(`${running.url}/plans/${planId}`, { headers: as(token) })).status === 200);
          }
        }
        const one = run('tokens', 'issue', '--role', 'supervisor', '--plan', 'wuhan-2024-p2', '--name', '第二方案督查');
        expect(one.stderr).toMatch(/\(supervisor, plan wuhan-2024-p2\)/);
        const list = run('tokens', 'list').stdout.split('\n');
        expect(list.find((l) => l.endsWith('市经信局 4'))).toMatch(/\tunit\tjxj\twuhan-2023-p1,wuhan-2024-p2\tactive\t/);
        expect(list.find((l) => l.endsWith('第二方案督查'))).toMatch(/\tsupervisor\t-\twuhan-2024-p2\tactive\t/);
        expect(list.find((l) => l.endsWith('office (first start)'))).toMatch(/\toffice\t-\t\*\tactive\t/);
      } finally {
        await running.stop();
      }
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  }, 40_000);

  it('takes the office token from DUBAN_ADMIN_TOKEN, for automation', async () => {
    const admin = '2iW3eOE7SWAQLZe_hW9urCeh0pF-0OLl0MU0Y7bvZk8'; // 32 random bytes, base64url
    const other = mkdtempSync(join(tmpdir(), 'duban-admin-'));
    try {
      const running = await serve({ DUBAN_STORE: `sqlite:${join(other, 'duban.db')}`, DUBAN_ADMIN_TOKEN: admin });
      try {
        expect((await fetch(`${running.url}/plans`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(200);
        expect(() => readFileSync(join(other, 'office-token'))).toThrow();
      } finally {
        await running.stop();
      }
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  }, 20_000);

  it('refuses a unit token without its unit, and an unknown role, naming the option', () => {
    const noUnit = duban('tokens', 'issue', '--role', 'unit', '--name', 'x');
    expect(noUnit.status).toBe(2);
    expect(noUnit.stderr).toMatch(/a unit token names its unit/);
    const badRole = duban('tokens', 'issue', '--role', 'mayor', '--name', 'x');
    expect(badRole.status).toBe(2);
    expect(badRole.stderr).toMatch(/--role is one of office, unit, supervisor, cppcc/);
  });
});
