// The console's door: signing in turns a pasted token into a session cookie (and nothing else of the
// token is kept), signing out and revoking the token end it at once, a form from another site is
// refused, and every refusal is a Chinese page with the right status — never JSON, never a stack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/app/plan/plan-adoption.ts';
import { CONSOLE_PAGES } from '../../src/console/pages/index.ts';
import { type ConsoleHarness, consolePaths, PLAN, sessionCookie, startConsoleHarness } from '../support/console-harness.ts';
import { wuhanPlanFile } from '../support/harness.ts';

const OTHER_PLAN = 'wuhan-2024-p2';
const paths = consolePaths();
let c: ConsoleHarness;
let office: string;

beforeAll(async () => {
  c = await startConsoleHarness({ simulate: false });
  const wuhan = await readPlanFile(wuhanPlanFile);
  // Adopted after the unit's token was issued: the unit token stays scoped to the first plan.
  await c.h.app.adoptPlan({ ...wuhan, id: OTHER_PLAN, title: `${wuhan.title}（第二方案）` });
  office = await c.signIn(c.tokens.office);
});
afterAll(async () => {
  expect(c.h.bugs).toEqual([]);
  await c.close();
});

const form = (fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { origin: c.base, 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(fields).toString(),
});

/** A page in Chinese, as HTML: never Problem Details JSON, never a stack trace. */
function expectChinesePage(page: { status: number; html: string; headers: Headers }, status: number) {
  expect(page.status, page.html.slice(0, 300)).toBe(status);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  expect(page.html).toMatch(/^<!doctype html>/i);
  expect(page.html).toContain('<html lang="zh-CN"');
  expect(page.html).toMatch(/<h1>[^<]*[\u4e00-\u9fff][^<]*<\/h1>/);
  expect(page.html).not.toMatch(/\bat \S+\.(ts|js):\d+/);
}

/** The brief's pages that the office can open (pages still being built answer 404 and are left out). */
async function builtPages(): Promise<string[]> {
  const candidates = [
    paths.overview,
    paths.tasks,
    paths.task('4.2'),
    paths.units,
    paths.unit('jxj'),
    paths.indicators,
    paths.alerts,
    paths.reports,
    paths.dispatch('2023-05'),
    paths.bulletin('2023-Q2'),
    paths.annual('2023'),
    paths.meetings,
    paths.audit,
    paths.compare('2023-06-30', '2023-12-31'),
    paths.ops,
    paths.opsStreams,
  ];
  const built: string[] = [];
  for (const path of candidates) if ((await c.get(path, office)).status !== 404) built.push(path);
  return built;
}

describe('signing in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie on /console with a bounded lifetime, and sends the browser on to next', async () => {
    const res = await c.fetch('/console/sign-in', form({ token: c.tokens.office, next: paths.overview }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(paths.overview);
    const set = res.headers.getSetCookie().find((s) => s.startsWith('duban_console='))!;
    expect(set).toBeDefined();
    const attributes = set
      .split(';')
      .slice(1)
      .map((a) => a.trim().toLowerCase());
    expect(attributes).toContain('httponly');
    expect(attributes).toContain('samesite=strict');
    expect(attributes).toContain('path=/console');
    expect(attributes).not.toContain('secure');
    const maxAge = Number(attributes.find((a) => a.startsWith('max-age='))?.slice('max-age='.length));
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(24 * 60 * 60);
    // The cookie is a session id, not the token.
    expect(set).not.toContain(c.tokens.office);
    const page = await c.get(paths.overview, sessionCookie(res));
    expect(page.status).toBe(200);
  });

  it('marks the cookie Secure when the request came over TLS (X-Forwarded-Proto: https)', async () => {
    const res = await c.fetch('/console/sign-in', form({ token: c.tokens.office, next: '/console/' }, { 'x-forwarded-proto': 'https' }));
    expect(res.status).toBe(303);
    const set = res.headers.getSetCookie().find((s) => s.startsWith('duban_console='))!;
    expect(set.split(';').map((a) => a.trim().toLowerCase())).toContain('secure');
  });

  it('refuses a wrong token with a 401 page in Chinese and sets no cookie', async () => {
    const res = await c.fetch('/console/sign-in', form({ token: 'dbn_wrongwrongwrongwrongwrongwrong', next: '/console/' }));
    expect(sessionCookie(res)).toBeUndefined();
    expectChinesePage({ status: res.status, html: await res.text(), headers: res.headers }, 401);
  });

  it('counts failed sign-ins: too many from one address are answered 429, but a good token still signs in (as the API lets it through)', async () => {
    const strict = await startConsoleHarness({ simulate: false, failuresPerMinute: 3 });
    try {
      const attempt = (token: string) =>
        strict.fetch('/console/sign-in', {
          method: 'POST',
          headers: { origin: strict.base, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token, next: '/console/' }).toString(),
        });
      for (let i = 0; i < 3; i++) expect((await attempt(`dbn_wrong${i}wrongwrongwrongwrongwrong`)).status).toBe(401);
      const refused = await attempt('dbn_wrong3wrongwrongwrongwrongwrong');
      expect(sessionCookie(refused)).toBeUndefined();
      expectChinesePage({ status: refused.status, html: await refused.text(), headers: refused.headers }, 429);
      const good = await attempt(strict.tokens.office);
      expect(good.status).toBe(303);
      expect(sessionCookie(good)).toBeDefined();
    } finally {
      await strict.close();
    }
  });

  it.each([
    ['https://evil.example/', '/console/'],
    ['//evil.example/console/', '/console/'],
    ['/plans/wuhan-2023-p1', '/console/'],
    ['javascript:alert(1)', '/console/'],
    [`/console/plans/${PLAN}?validAt=2023-06-30`, `/console/plans/${PLAN}?validAt=2023-06-30`],
  ])('next=%s sends the browser to %s (never off /console/)', async (next, location) => {
    const res = await c.fetch('/console/sign-in', form({ token: c.tokens.office, next }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(location);
  });

  it('refuses a sign-in form posted from another site (Origin elsewhere), setting no cookie', async () => {
    const res = await c.fetch('/console/sign-in', form({ token: c.tokens.office, next: '/console/' }, { origin: 'https://evil.example' }));
    expect(res.status).toBe(403);
    expect(sessionCookie(res)).toBeUndefined();
  });

  it('refuses a sign-out posted from another site: the session goes on', async () => {
    const cookie = await c.signIn(c.tokens.office);
    const res = await c.fetch('/console/sign-out', {
      method: 'POST',
      headers: { origin: 'https://evil.example', cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(403);
    expect((await c.get(paths.overview, cookie)).status).toBe(200);
  });
});

describe('ending a session', () => {
  it('signing out ends it at once: the old cookie meets a 401 page', async () => {
    const cookie = await c.signIn(c.tokens.office);
    expect((await c.get(paths.overview, cookie)).status).toBe(200);
    const res = await c.fetch('/console/sign-out', {
      method: 'POST',
      headers: { origin: c.base, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(303);
    expect(res.headers.getSetCookie().some((s) => s.startsWith('duban_console=') && /max-age=0|expires=thu, 01 jan 1970/i.test(s))).toBe(true);
    expectChinesePage(await c.get(paths.overview, cookie), 401);
  });

  it('revoking the token ends its sessions at once', async () => {
    const issued = await c.h.app.issueToken({ name: '将被撤销', role: 'office', actor: { id: 'test', role: 'system' } });
    const cookie = await c.signIn(issued.token);
    expect((await c.get(paths.overview, cookie)).status).toBe(200);
    await c.h.app.revokeToken(issued.tokenId, { id: 'test', role: 'system' }, '测试撤销');
    expectChinesePage(await c.get(paths.overview, cookie), 401);
    // And a new sign-in with it is refused.
    const again = await c.fetch('/console/sign-in', form({ token: issued.token, next: '/console/' }));
    expect(again.status).toBe(401);
  });
});

describe('who sees what', () => {
  it('anonymous visitors see the public pages', async () => {
    expect((await c.get(paths.publicList)).status).toBe(200);
    expect((await c.get('/console/')).status).toBe(200);
    expect((await c.get('/console/sign-in')).status).toBe(200);
    // The plan's public page, once it is there.
    if ((await c.get(paths.publicPlan, office)).status !== 404) expect((await c.get(paths.publicPlan)).status).toBe(200);
  });

  it('anonymous visitors are refused every other page with a 401 page in Chinese', async () => {
    const built = await builtPages();
    expect(built).toContain(paths.overview);
    for (const path of built) expectChinesePage(await c.get(path), 401);
  });

  it('every page the console registers says who may open it: an anonymous visitor gets 401 on all but the public ones', async () => {
    // From the list itself, so a page added later cannot slip past this check.
    const sample: Record<string, string> = {
      planId: PLAN,
      code: '4.2',
      unitId: 'jxj',
      meetingId: 'm-1',
      streamId: 'task-1',
      period: '2023-05',
      quarter: '2023-Q2',
      year: '2023',
    };
    expect(CONSOLE_PAGES.length).toBeGreaterThan(15);
    for (const page of CONSOLE_PAGES) {
      const path = page.path.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(sample[name] ?? 'x'));
      const res = await c.get(path);
      expect(res.status, `${page.path} (${page.access})`).not.toBe(500);
      if (page.access === 'public') expect(res.status, page.path).not.toBe(401);
      else expectChinesePage(res, 401);
    }
  });

  it('a unit token is refused the operations pages and another plan with a 403 page; the office may open both', async () => {
    const unit = await c.signIn(c.tokens.unit);
    expect((await c.get(paths.overview, unit)).status).toBe(200);
    const other = consolePaths(OTHER_PLAN).overview;
    expectChinesePage(await c.get(other, unit), 403);
    expect((await c.get(other, office)).status).toBe(200);
    for (const path of (await builtPages()).filter((p) => p.startsWith('/console/ops'))) {
      expectChinesePage(await c.get(path, unit), 403);
      expect((await c.get(path, office)).status).toBe(200);
    }
  });
});

describe('every console response', () => {
  it("carries the CSP script-src 'self' and style-src 'self', with nothing inline allowed", async () => {
    const unit = await c.signIn(c.tokens.unit);
    const responses: [string, Response][] = [];
    const take = async (path: string, cookie?: string) => responses.push([path, await c.fetch(path, cookie ? { headers: { cookie } } : {})]);
    for (const path of await builtPages()) await take(path, office);
    await take(paths.publicList);
    await take('/console/');
    await take('/console/sign-in');
    await take(paths.overview); // 401
    await take(consolePaths(OTHER_PLAN).overview, unit); // 403
    await take(`${paths.overview}?validAt=not-a-date`, office); // 400
    await take('/console/no-such-page', office); // 404
    const html = await (await c.fetch('/console/sign-in')).text();
    for (const asset of html.match(/\/console\/assets\/[^"]+/g) ?? []) await take(asset);
    responses.push(['POST sign-in', await c.fetch('/console/sign-in', form({ token: 'dbn_wrongwrongwrongwrongwrongwrong' }))]);
    expect(responses.length).toBeGreaterThan(8);
    for (const [path, res] of responses) {
      const csp = res.headers.get('content-security-policy') ?? '';
      const directives = Object.fromEntries(
        csp
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .filter((d) => d[0])
          .map(([name, ...values]) => [name, values]),
      );
      expect(directives['script-src'], `${path}: ${csp}`).toEqual(["'self'"]);
      expect(directives['style-src'], `${path}: ${csp}`).toEqual(["'self'"]);
      expect(csp, path).not.toMatch(/unsafe-inline|unsafe-eval/);
    }
  });

  it('a bad date answers 400 with a Chinese page naming the date control', async () => {
    for (const query of ['validAt=2023-13-45', 'asOf=yesterday', 'validAt=2023-06-30T25:00']) {
      const page = await c.get(`${paths.overview}?${query}`, office);
      expectChinesePage(page, 400);
      expect(page.html).toMatch(/查看日期|依据记录截至/);
    }
  });

  it('an unknown page answers 404 with a Chinese page, signed in or not', async () => {
    expectChinesePage(await c.get('/console/no-such-page', office), 404);
    expectChinesePage(await c.get('/console/no-such-page'), 404);
    expectChinesePage(await c.get(`${paths.overview}/no-such-page`, office), 404);
  });

  it('an unknown plan answers 404 with a Chinese page', async () => {
    expectChinesePage(await c.get(consolePaths('no-such-plan').overview, office), 404);
  });

  it('/ and /console redirect to /console/', async () => {
    for (const path of ['/', '/console']) {
      const res = await c.fetch(path);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/console/');
    }
  });

  it('the API is unchanged: it still answers Problem Details JSON', async () => {
    const res = await c.fetch(`/plans/${PLAN}`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
