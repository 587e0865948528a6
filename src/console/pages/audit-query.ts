// The audit page's filters as the URL carries them, checked as the REST /audit checks them, and
// turned into the one application read both the page and its CSV make (app.readAudit).
import { eventScope } from '../../app/event-scope.ts';
import { TimePoint } from '../../http/routes/query-params.ts';
import { ConsolePageError } from '../console-page.ts';
import type { ConsoleView } from '../view.ts';

/** The filter parameters, in the order the form shows them; with their Chinese names for a refusal. */
export const AUDIT_FILTERS = ['from', 'to', 'effectiveFrom', 'effectiveTo', 'unit', 'task', 'type', 'actor'] as const;
export type AuditFilter = (typeof AUDIT_FILTERS)[number];
const TIME_FILTERS: Partial<Record<AuditFilter, string>> = {
  from: '记录时间起',
  to: '记录时间止',
  effectiveFrom: '生效时间起',
  effectiveTo: '生效时间止',
};

export const PAGE_ROWS = 50;

/** The filters the URL gives (empty ones dropped). */
export function auditFiltersOf(view: ConsoleView): Partial<Record<AuditFilter, string>> {
  const out: Partial<Record<AuditFilter, string>> = {};
  for (const name of AUDIT_FILTERS) {
    const value = view.c.req.query(name)?.trim();
    if (!value) continue;
    const label = TIME_FILTERS[name];
    if (label && !TimePoint.safeParse(value).success) {
      throw new ConsolePageError(400, '筛选条件有误', `${label}“${value.slice(0, 40)}”不是可识别的时间：请写 2023-06-30 这样的日期或带时区的时刻。`);
    }
    if (value.length > 200) throw new ConsolePageError(400, '筛选条件有误', '筛选条件过长。');
    out[name] = value;
  }
  return out;
}

/** The read the REST /audit makes for the same filters, scoped to what the token may read. */
export function readAuditFor(view: ConsoleView, filters: Partial<Record<AuditFilter, string>>, page: { cursor?: string; limit: number }) {
  const { type, ...rest } = filters;
  const cursor = page.cursor;
  if (cursor !== undefined && cursor.length > 200) throw new ConsolePageError(400, '翻页参数有误', '翻页参数过长。');
  return view.app.readAudit({
    ...view.query,
    ...rest,
    ...(type ? { type: type.split(',').map((t) => t.trim()) } : {}),
    planId: view.plan!.id,
    scope: eventScope(view.principal),
    limit: page.limit,
    ...(cursor ? { cursor } : {}),
  });
}

/**
 * A cursor that starts a page right at `position` (the application's cursor is {after} as base64url
 * JSON): the event page and the compare page open the trail at one event.
 */
export const cursorBefore = (position: number) => Buffer.from(JSON.stringify({ after: position - 1 })).toString('base64url');
