// The hono app: every resource's routes, Problem Details for every error, and the OpenAPI document.
import { type Context, Hono } from 'hono';
import { methodNotAllowed } from 'hono/method-not-allowed';
import type { Logger } from 'pino';
import type { Application } from '../app/application.ts';
import { type ConsoleOptions, consoleRoutes } from '../console/console-routes.tsx';
import { version } from '../version.ts';
import { preferredLanguage } from './language.ts';
import { accessLog } from './middleware/access-log.ts';
import { type AuthOptions, accessControl } from './middleware/auth.ts';
import { bodyLimit } from './middleware/body-limit.ts';
import { browserPolicy, corsOriginsFromEnv } from './middleware/browser-policy.ts';
import { clientAddressOf, trustedProxiesFromEnv, trustedProxyList } from './middleware/client-address.ts';
import { idempotency } from './middleware/idempotency.ts';
import type { LiveFeedLimits } from './middleware/live-feed-limit.ts';
import { noStore } from './middleware/no-store.ts';
import { readOnlyGuard } from './middleware/read-only.ts';
import { withBudget } from './middleware/request-budget.ts';
import { closeOnUnreadBody } from './middleware/unread-body.ts';
import { buildOpenApiDocument } from './openapi/openapi-builder.ts';
import { Api, MAX_BODY_BYTES, type RouteOptions } from './openapi/route.ts';
import { ProblemError, toProblem } from './problem.ts';
import { actionItemRoutes } from './routes/action-item.ts';
import { alertRoutes } from './routes/alert.ts';
import { annualSummaryRoutes } from './routes/annual-summary.ts';
import { auditRoutes } from './routes/audit.ts';
import { bulletinRoutes } from './routes/bulletin.ts';
import { docsRoutes } from './routes/docs.ts';
import { evaluationRoutes } from './routes/evaluation.ts';
import { eventRoutes } from './routes/event-feed.ts';
import { handlingPlanRoutes } from './routes/handling-plan.ts';
import { healthRoutes } from './routes/health.ts';
import { indicatorRoutes } from './routes/indicator.ts';
import { inspectionRoutes } from './routes/inspection.ts';
import { leadingGroupRoutes } from './routes/leading-group.ts';
import { meetingRoutes } from './routes/meeting.ts';
import { planRoutes } from './routes/plan.ts';
import { planAmendmentRoutes } from './routes/plan-amendment.ts';
import { progressRoutes } from './routes/progress.ts';
import { scorecardRoutes } from './routes/scorecard.ts';
import { taskRoutes } from './routes/task.ts';
import { verifyRoutes } from './routes/verify.ts';

export interface HttpOptions extends RouteOptions {
  /** Names the store in /health, e.g. "sqlite". */
  storeKind?: string;
  /** Where a 500's cause is reported (it is never shown to the client). */
  onBug?: (error: unknown, request: Request) => void;
  /** How often an event stream sends a heartbeat, in ms (default 15 000). */
  heartbeatMs?: number;
  /** Abort when the server stops: open event streams end, so it can close. */
  shutdown?: AbortSignal;
  /** Throttling of failed authentications and each token's request budget. */
  auth?: AuthOptions;
  /** Origins allowed to call from a browser (CORS); default from DUBAN_CORS_ORIGINS, none when unset. */
  corsOrigins?: string[];
  /** Proxies (addresses, CIDR ranges) whose Forwarded / X-Forwarded-For name the client; default from DUBAN_TRUSTED_PROXIES, none when unset. */
  trustedProxies?: string[];
  /** Live feeds (/events/stream) open at once, per token and in all. */
  liveFeeds?: LiveFeedLimits;
  /** Where the access log goes, a JSON line per request (./middleware/access-log.ts); none when absent. */
  accessLog?: Logger;
  /** The web console's sessions (src/console/session.ts); its own when absent. */
  console?: Pick<ConsoleOptions, 'sessions'>;
}

export function createHttpApp(application: Application, options: HttpOptions = {}) {
  const hono = new Hono();
  // Problems answer in the caller's language.
  const lang = (c: Context) => preferredLanguage(c.req.header('accept-language'));
  const proxies = options.trustedProxies ?? trustedProxiesFromEnv();
  const trusted = trustedProxyList(proxies);
  // First, so its line sees the final status and its time covers the rest.
  hono.use('*', ...accessLog(options.accessLog, (c) => clientAddressOf(c, trusted)));
  hono.use('*', noStore);
  hono.use('*', ...browserPolicy(options.corsOrigins ?? corsOriginsFromEnv()));
  hono.use('*', closeOnUnreadBody);
  // A path that exists, asked with a method it does not take: 405 naming what it takes. OPTIONS
  // without an Origin (not a CORS preflight, which the policy above answered) is told the same, as 204.
  hono.use(
    '*',
    methodNotAllowed({
      app: hono,
      onMethodNotAllowed: (c, methods) => {
        const allow = [...methods, 'OPTIONS'].join(', ');
        if (c.req.method === 'OPTIONS') return new Response(null, { status: 204, headers: { allow } });
        const detail = { en: `${c.req.path} does not take ${c.req.method}; it takes ${allow}`, zh: `${c.req.path} 不支持 ${c.req.method}，支持 ${allow}` };
        return new ProblemError(405, 'method-not-allowed', detail, {}, { allow }).toResponse(c.req.path, lang(c));
      },
    }),
  );
  // No request body of this API comes near 1 MiB; a larger one is refused before it is read whole.
  hono.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      // Checked from Content-Length before reading when it is sent. The rest of the body may still be
      // on its way: the connection closes after the answer (server.ts drains it, then closes).
      onError: (c) =>
        new ProblemError(
          413,
          'body-too-large',
          { en: `a request body may be at most ${MAX_BODY_BYTES} bytes`, zh: `请求体最多 ${MAX_BODY_BYTES} 字节` },
          {},
          { connection: 'close' },
        ).toResponse(c.req.path, lang(c)),
    }),
  );
  // A store damaged at start takes no writes (src/http/middleware/read-only.ts).
  hono.use('*', readOnlyGuard(application));
  // Every POST honours Idempotency-Key, its keys kept per token (src/http/middleware/idempotency.ts).
  hono.use('*', idempotency(application.idempotency));
  // One limiter counts failed sign-ins of the API and of the console alike.
  const limiter = options.auth?.limiter ?? application.openRateLimiter();
  const api = new Api(hono, { ...options, access: options.access ?? accessControl(application, { trustedProxies: proxies, ...options.auth, limiter }) });
  healthRoutes(api, application, { version, store: options.storeKind ?? 'unknown' });
  planRoutes(api, application);
  taskRoutes(api, application);
  leadingGroupRoutes(api, application);
  indicatorRoutes(api, application);
  handlingPlanRoutes(api, application);
  planAmendmentRoutes(api, application);
  progressRoutes(api, application);
  alertRoutes(api, application);
  scorecardRoutes(api, application);
  annualSummaryRoutes(api, application);
  evaluationRoutes(api, application);
  bulletinRoutes(api, application);
  meetingRoutes(api, application);
  actionItemRoutes(api, application);
  inspectionRoutes(api, application);
  auditRoutes(api, application);
  verifyRoutes(api, application);
  eventRoutes(api, application.store, options);

  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  const openapi = () => (document ??= buildOpenApiDocument(api.routes, version));
  docsRoutes(hono, openapi);
  const web = consoleRoutes(hono, application, {
    ...options.console,
    limiter,
    addressOf: (c) => clientAddressOf(c, trusted),
    ...(options.auth?.failuresPerMinute !== undefined ? { failuresPerMinute: options.auth.failuresPerMinute } : {}),
    ...(options.onBug ? { onBug: options.onBug } : {}),
    ...(options.storeKind ? { storeKind: options.storeKind } : {}),
    ...(options.shutdown ? { shutdown: options.shutdown } : {}),
  });

  hono.notFound((c) => {
    const detail = { en: `no resource at ${c.req.method} ${c.req.path}`, zh: `没有资源 ${c.req.method} ${c.req.path}` };
    return new ProblemError(404, 'not-found', detail).toResponse(c.req.path, lang(c));
  });
  hono.onError((error, c) => {
    const problem = toProblem(error);
    // A refusal after the request was counted tells the budget too (src/http/middleware/request-budget.ts).
    if (problem) return withBudget(c, problem.toResponse(c.req.path, lang(c)));
    options.onBug?.(error, c.req.raw);
    return new ProblemError(500, 'internal', { en: 'an unexpected error; it has been logged', zh: '意外错误，已记录' }).toResponse(c.req.path, lang(c));
  });
  return { hono, openapi, sessions: web.sessions };
}
