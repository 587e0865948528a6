// What every console page is handed: the application (the same functions the REST routes call, in
// process), who is signed in, the two time axes as the URL gives them, and links that keep them.
import type { Context } from 'hono';
import type { Application } from '../app/application.ts';
import type { Principal } from '../app/token/token-queries.ts';
import type { PlanDefinition } from '../domain/plan.ts';

/** The two time axes as the URL writes them (the API's own forms): a date, a date-time or `now`; absent: now. */
export interface TimeAxes {
  validAt?: string;
  asOf?: string;
}

export interface ConsoleView {
  app: Application;
  c: Context;
  /** Who is signed in; null for an anonymous visitor (public pages only). */
  principal: Principal | null;
  time: TimeAxes;
  /** The read query every application read takes: the URL's axes. */
  query: TimeAxes;
  /** The plan the page is about, as it stands now (its span, phases and units for the date control and the nav); undefined off a plan. */
  plan?: PlanDefinition;
  /** A console link that keeps the page's validAt and asOf; `params` adds or (with undefined) drops others. */
  href(path: string, params?: Record<string, string | undefined>): string;
  /** The store's kind as the server names it (sqlite, postgres…), for 运维. */
  storeKind?: string;
  /** Aborted when the server stops: the console's live streams end with it. */
  shutdown?: AbortSignal;
  /** The current URL with some query parameters changed (undefined drops one); the axes stay unless changed. */
  self(params: Record<string, string | undefined>): string;
}

export function hrefKeeping(time: TimeAxes, path: string, params: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams();
  const all: Record<string, string | undefined> = { validAt: time.validAt, asOf: time.asOf, ...params };
  for (const [name, value] of Object.entries(all)) if (value !== undefined && value !== '') search.set(name, value);
  const q = search.toString();
  return q ? `${path}?${q}` : path;
}

export function selfHref(c: Context, params: Record<string, string | undefined>): string {
  const url = new URL(c.req.url);
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === '') url.searchParams.delete(name);
    else url.searchParams.set(name, value);
  }
  const q = url.searchParams.toString();
  return q ? `${url.pathname}?${q}` : url.pathname;
}

/** Plan pages live under /console/plans/{planId}. */
export const planPath = (planId: string, rest = '') => `/console/plans/${encodeURIComponent(planId)}${rest}`;
