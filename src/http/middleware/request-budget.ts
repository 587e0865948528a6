// Every request's budget told in its answer: RateLimit-Limit, -Remaining and -Reset, from the take
// src/http/middleware/auth.ts made for it (its token's bucket, or its address's without one).
import type { Context } from 'hono';
import type { TakeOutcome } from '../../store/rate-limiter.ts';

// The request budget as the IETF draft "RateLimit header fields for HTTP" first named them (the names
// the OWASP API Security ruleset looks for): the bucket's size, what is left, and when it is full again.
const budgetHeader = (description: string, required: boolean) => ({
  description,
  required,
  schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 2_147_483_647 },
});
const documented = (required: boolean, when: string) => ({
  'RateLimit-Limit': budgetHeader(`The requests that may come at once: the caller's budget, its token's or, without one, its address's.${when}`, required),
  'RateLimit-Remaining': budgetHeader(`Requests left in the budget after this one.${when}`, required),
  'RateLimit-Reset': budgetHeader(`Whole seconds until the budget is full again.${when}`, required),
});

/** The OpenAPI headers of the budget: every call that reached its route was counted. */
export const RATE_LIMIT_HEADERS = {
  counted: documented(true, ''),
  maybe: documented(false, ' Absent when the request was refused before it was counted (a body too large, say).'),
};

/** The headers of a take, as sent. */
export function rateLimitHeaders(outcome: TakeOutcome, burst: number): Record<string, string> {
  return { 'ratelimit-limit': String(Math.floor(burst)), 'ratelimit-remaining': String(outcome.remaining), 'ratelimit-reset': String(outcome.resetS) };
}

/** A request's take from its budget, for the headers of whatever answers it. */
export interface Budget {
  outcome: TakeOutcome;
  burst: number;
}

const budgets = new WeakMap<Context, Budget>();

export function recordBudget(c: Context, budget: Budget): void {
  budgets.set(c, budget);
}

export function budgetOf(c: Context): Budget | undefined {
  return budgets.get(c);
}

/**
 * Puts the budget's headers on an answer the route binder did not build as JSON (a problem, a stream,
 * CSV), in place: no middleware around every request for the few answers that need it.
 */
export function withBudget(c: Context, response: Response): Response {
  const budget = budgets.get(c);
  if (!budget) return response;
  for (const [name, value] of Object.entries(rateLimitHeaders(budget.outcome, budget.burst))) {
    try {
      response.headers.set(name, value);
    } catch {
      return response; // immutable headers (a fetched response): it goes out as it is
    }
  }
  return response;
}
