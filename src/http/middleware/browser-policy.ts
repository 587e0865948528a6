// What browsers are told: security headers on every response, and CORS for an allow-list of
// origins only (none by default: the API is for the office's own pages and for servers).
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';

/** DUBAN_CORS_ORIGINS: comma-separated origins such as https://oa.example.gov.cn; empty or unset allows none. */
export function corsOriginsFromEnv(value: string | undefined = process.env.DUBAN_CORS_ORIGINS): string[] {
  return (value ?? '')
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean);
}

export function browserPolicy(corsOrigins: readonly string[]): MiddlewareHandler[] {
  const allowed = new Set(corsOrigins);
  const corsHeaders = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Content-Type', 'Authorization', 'If-Match', 'Idempotency-Key', 'Last-Event-ID', 'Accept-Language', 'X-Request-Id'],
    exposeHeaders: ['ETag', 'Link', 'Location', 'Retry-After', 'Content-Language', 'X-Request-Id', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
    maxAge: 600,
  });
  const apiHeaders = secureHeaders({
    // /docs is Swagger UI: its scripts are files under /docs (init.js included, no inline script);
    // it sets inline styles and draws icons from data: URIs.
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    // The service may run over plain HTTP on an intranet; HSTS belongs to the TLS proxy in front.
    strictTransportSecurity: false,
    xFrameOptions: 'DENY',
  });
  // The web console (src/console/) is stricter: no inline style either (its charts' SVG carries none).
  const consoleHeaders = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    strictTransportSecurity: false,
    xFrameOptions: 'DENY',
  });
  return [
    (c, next) => (c.req.path === '/console' || c.req.path.startsWith('/console/') ? consoleHeaders(c, next) : apiHeaders(c, next)),
    // Only a request that names its Origin is a CORS request; others pass untouched (the cors
    // middleware would otherwise build the response early, and headers a handler sets could be lost).
    (c, next) => (c.req.header('origin') ? corsHeaders(c, next) : next()),
  ];
}
