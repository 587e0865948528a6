// What a console page declares: its path, who may open it, and how it renders from a view.
import type { Child } from 'hono/jsx';
import type { ConsoleView } from './view.ts';

/**
 * Who may open a page (the same rules the API's routes use, src/app/access.ts):
 *   public      anyone, signed in or not (公开);
 *   read-plan   a signed-in token that may read the page's plan (a unit its own plan only);
 *   signed-in   any signed-in token (the plan list);
 *   store-office an office token for the whole store (运维).
 */
export type PageAccess = 'public' | 'signed-in' | 'read-plan' | 'store-office';

export interface PageOutput {
  title: string;
  /** The nav item it belongs to (layout.tsx PLAN_NAV keys, or 'public', 'ops'). */
  nav?: string;
  body: Child;
  status?: number;
  /** Pages that are not about a date (sign-in) leave the date control out. */
  noDateControl?: boolean;
}

export interface ConsolePage {
  /** A hono path, e.g. /console/plans/:planId/tasks; a :planId parameter makes it a plan's page. */
  path: string;
  access: PageAccess;
  render(view: ConsoleView): Promise<PageOutput | Response> | PageOutput | Response;
}

/** A refusal a page raises itself, shown as a Chinese page with its status. */
export class ConsolePageError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}
