// A store found damaged at start (truncated, forged: src/app/integrity.ts) is served read-only: every
// request that could write is refused with 503 and the reason, before anything runs (no idempotency
// entry either). Reads, /health and /audit/verify answer as usual.
import type { MiddlewareHandler } from 'hono';
import type { Application } from '../../app/application.ts';
import { preferredLanguage } from '../language.ts';
import { ProblemError } from '../problem.ts';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Signing in and out of the console records nothing in the store. */
const WRITES_NOTHING = new Set(['/console/sign-in', '/console/sign-out']);

export function readOnlyGuard(application: Pick<Application, 'integrity'>): MiddlewareHandler {
  return async (c, next) => {
    const integrity = application.integrity();
    if (!integrity.readOnly || READS.has(c.req.method) || WRITES_NOTHING.has(c.req.path)) return next();
    const problem = new ProblemError(503, 'store-read-only', {
      en: `writes are refused: ${integrity.reason}`,
      zh: `存储完整性受损，只读服务，拒绝写入：${integrity.reason}`,
    });
    return problem.toResponse(c.req.path, preferredLanguage(c.req.header('accept-language')));
  };
}
