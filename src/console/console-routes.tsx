/** @jsxImportSource hono/jsx */
// The web console under /console/, served by the same process and port as the API: server-rendered
// pages that read the same application functions the REST routes read, in process. Signing in turns
// a pasted token into a session cookie (./session.ts); each page declares who may open it
// (./console-page.ts) and takes both time axes from the URL.
import type { Context, Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { Application } from '../app/application.ts';
import type { Principal } from '../app/token/token-queries.ts';
import { textOf } from '../domain/messages.ts';
import { TimePoint } from '../http/routes/query-params.ts';
import type { RateLimiter } from '../store/rate-limiter.ts';
import { assetRoutes } from './assets.ts';
import { loadCharts } from './chart.tsx';
import { errorOutput, errorPage, statusTitle } from './console-error.tsx';
import type { ConsolePage, PageOutput } from './console-page.ts';
import { Page } from './layout.tsx';
import { CONSOLE_PAGES } from './pages/index.ts';
import { signInPage } from './pages/sign-in.tsx';
import { Sessions } from './session.ts';
import { type ConsoleView, hrefKeeping, selfHref, type TimeAxes } from './view.ts';

export interface ConsoleOptions {
  sessions?: Sessions;
  /** Where failed sign-ins are counted, the API's own limiter (a guesser gains nothing by using the form). */
  limiter: RateLimiter;
  /** The client's address, as the API's throttle reads it. */
  addressOf: (c: Context) => string;
  failuresPerMinute?: number;
  /** The store's kind for 运维 (the server's storeKind). */
  storeKind?: string;
  /** Aborted when the server stops: live streams end. */
  shutdown?: AbortSignal;
  /** Where a page's bug is reported (its cause is never shown). */
  onBug?: (error: unknown, request: Request) => void;
}

export function consoleRoutes(hono: Hono, app: Application, options: ConsoleOptions) {
  const sessions = options.sessions ?? new Sessions();
  const maxFailures = options.failuresPerMinute ?? 30;

  // A form posted from another site is refused: the cookie is SameSite=Strict, and the Origin must be ours.
  // The refusal is a Chinese page like every other (hono's csrf throws, which the API would answer 500).
  const sameOrigin = csrf();
  hono.use('/console/*', async (c, next) => {
    try {
      await sameOrigin(c, next);
    } catch (error) {
      if (!(error instanceof HTTPException) || error.status !== 403) throw error;
      const view = viewOf(c, null, {});
      return send(c, view, { ...errorPage(view, 403, '请求被拒绝', '此表单不是从本站页面提交的，已拒绝。请在本站页面上重新操作。'), noDateControl: true });
    }
  });
  hono.get('/', (c) => c.redirect('/console/', 302));
  hono.get('/console', (c) => c.redirect('/console/', 302));
  assetRoutes(hono);

  /** The signed-in principal, or null; a session whose token is no longer in force ends here. */
  async function principalOf(c: Context): Promise<{ principal: Principal | null; ended?: string }> {
    const key = sessions.current(c);
    if (!key) return { principal: null };
    const found = await app.authenticateRecord(key);
    if (found.ok) return { principal: found.principal };
    sessions.end(c);
    return { principal: null, ended: textOf('unauthorized', found.why, 'zh') };
  }

  function viewOf(c: Context, principal: Principal | null, time: TimeAxes): ConsoleView {
    return {
      app,
      c,
      principal,
      time,
      query: time,
      href: (path, params) => hrefKeeping(time, path, params),
      self: (params) => selfHref(c, params),
      ...(options.storeKind ? { storeKind: options.storeKind } : {}),
      ...(options.shutdown ? { shutdown: options.shutdown } : {}),
    };
  }

  function send(c: Context, view: ConsoleView, output: PageOutput): Response {
    const html = (
      <Page view={view} title={output.title} nav={output.nav} noDateControl={output.noDateControl}>
        {output.body}
      </Page>
    );
    return c.html(`<!doctype html>${html}`, (output.status ?? 200) as 200, { 'cache-control': 'no-store' });
  }

  async function serve(c: Context, page: ConsolePage): Promise<Response> {
    const { principal, ended } = await principalOf(c);
    const time: TimeAxes = {};
    const view = viewOf(c, principal, time);
    try {
      for (const axis of ['validAt', 'asOf'] as const) {
        const value = c.req.query(axis);
        if (value === undefined || value === '') continue;
        if (!TimePoint.safeParse(value).success) {
          return send(c, view, {
            ...errorPage(
              view,
              400,
              '日期有误',
              `${axis === 'validAt' ? '查看日期' : '依据记录截至'}“${value.slice(0, 40)}”不是可识别的时间：请写 2023-06-30 这样的日期、带时区的时刻，或 now。`,
            ),
            noDateControl: true,
          });
        }
        time[axis] = value;
      }
      const planId = c.req.param('planId');
      if (page.access !== 'public') {
        if (!principal) return send(c, view, { ...errorPage(view, 401, '请先登录', ended ?? '此页面需要登录：请用令牌登录后查看。'), noDateControl: true });
        if (page.access === 'store-office' && (principal.role !== 'office' || principal.planIds !== undefined)) {
          return send(c, view, { ...errorPage(view, 403, '无权查看', '运维页面只对全库范围的领导小组办公室令牌开放。'), noDateControl: true });
        }
        if (page.access === 'read-plan') {
          const decision = await app.authorize(principal, { kind: 'read-plan' }, { planId });
          if (!decision.ok) return send(c, view, { ...errorPage(view, 403, '无权查看', textOf('forbidden', decision.reason, 'zh')), noDateControl: true });
        }
      }
      if (planId !== undefined) view.plan = await app.getPlan(planId, {});
      await loadCharts();
      const output = await page.render(view);
      if (output instanceof Response) return output;
      return send(c, view, output);
    } catch (error) {
      const output = errorOutput(view, error);
      if (output) return send(c, view, output);
      options.onBug?.(error, c.req.raw);
      return send(c, view, {
        ...errorPage(view, 500, statusTitle(500), '页面生成时出现意外错误，已记录。请稍后再试，或联系系统管理员。'),
        noDateControl: true,
      });
    }
  }

  for (const page of CONSOLE_PAGES) hono.get(page.path, (c) => serve(c, page));

  // Signing in: the token, pasted once, becomes a session; a failed attempt counts against the address.
  hono.get('/console/sign-in', async (c) => {
    const { principal } = await principalOf(c);
    return send(c, viewOf(c, principal, {}), signInPage({ next: safeNext(c.req.query('next')), signedIn: principal }));
  });
  hono.post('/console/sign-in', async (c) => {
    const form = await c.req.parseBody();
    const token = typeof form.token === 'string' ? form.token.trim() : '';
    const next = safeNext(typeof form.next === 'string' ? form.next : undefined);
    const view = viewOf(c, null, {});
    const address = options.addressOf(c);
    // As the API does: a valid token is never refused for its address's failures (an office behind one
    // NAT is not locked out by a guesser); a failure past the limit is 429.
    const result = token ? await app.signIn(token) : ({ ok: false, why: { because: 'no-token' } } as const);
    if (!result.ok) {
      const wait = await options.limiter.failureWait(address, maxFailures, Date.now());
      if (wait > 0) return send(c, view, signInPage({ next, error: `该地址登录失败次数过多，请 ${wait} 秒后再试。`, status: 429 }));
      await options.limiter.recordFailure(address, Date.now());
      return send(c, view, signInPage({ next, error: textOf('unauthorized', result.why, 'zh'), status: 401 }));
    }
    sessions.start(c, result.recordKey);
    return c.redirect(next, 303);
  });
  hono.post('/console/sign-out', (c) => {
    sessions.end(c);
    return c.redirect('/console/', 303);
  });

  // Anything else under /console/: a Chinese page that says so.
  hono.all('/console/*', async (c) => {
    const { principal } = await principalOf(c);
    const view = viewOf(c, principal, {});
    return send(c, view, { ...errorPage(view, 404, '未找到', `没有这个页面：${decodeURIComponentSafe(c.req.path).slice(0, 200)}`), noDateControl: true });
  });
  return { sessions };
}

/** Where to go after signing in: a console path only (no open redirect). */
function safeNext(next: string | undefined): string {
  return next?.startsWith('/console/') && !next.startsWith('//') ? next : '/console/';
}

function decodeURIComponentSafe(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
