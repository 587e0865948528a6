// /audit: the audit trail across plans — filtered by plan, task, unit, actor, event type and a range
// on either time axis, paged by cursor; JSON, or CSV for Excel.
import { z } from 'zod';
import type { Application } from '../../app/application.ts';
import { auditCsv } from '../../app/audit-csv.ts';
import { eventScope } from '../../app/event-scope.ts';
import { AuditPage } from '../../app/views.ts';
import { UnitId } from '../../domain/plan.ts';
import type { Api } from '../openapi/route.ts';
import { readQuery, TimePoint } from './query-params.ts';

/** Filters /audit and a task's history share. */
export const AuditFilters = {
  time: {
    from: TimePoint.optional().describe('Recorded (transaction time) at or after this; a bare date from the start of that day.'),
    to: TimePoint.optional().describe('Recorded at or before this; a bare date to the end of that day.'),
    effectiveFrom: TimePoint.optional().describe('In effect (valid time) at or after this; a bare date from the start of that day.'),
    effectiveTo: TimePoint.optional().describe('In effect at or before this; a bare date to the end of that day.'),
  },
  page: {
    limit: z.coerce.number().int().min(1).max(1000).optional().describe('Rows per page (default 100).'),
    cursor: z.string().max(200).optional().describe("From the previous page's nextCursor."),
  },
};

export function auditRoutes(api: Api, app: Application) {
  api.route({
    method: 'get',
    path: '/audit',
    operationId: 'listAudit',
    access: { kind: 'read-store', scoped: true },
    summary: 'The audit trail: a row per recorded event',
    description:
      "Every recorded event the token may read (its plans; the store's own `_system` events for a store-wide office token only) as a readable row, with before → after for every change of state and the envelope one link away. " +
      'Filters combine (AND). `?format=csv` gives the same page as CSV (UTF-8 with BOM) for Excel; `nextCursor` then comes in the `Link` header.',
    tag: 'audit',
    query: z.strictObject({
      planId: z.string().max(64).optional().describe("Only this plan's events."),
      task: z.string().max(16).optional().describe("Only this task's events — its status and its indicators' values (needs planId), e.g. 1.1."),
      unit: UnitId.optional().describe('Events recorded for this unit, and events on tasks it leads or shares (needs planId).'),
      actor: z.string().max(200).optional().describe('Only events this actor recorded (its id).'),
      type: z.array(z.string().max(64)).max(100).optional().describe('Only these event types (repeat the parameter or separate with commas).'),
      ...AuditFilters.time,
      ...AuditFilters.page,
      format: z.enum(['json', 'csv']).optional().describe('json (default) or csv.'),
      ...readQuery,
    }),
    responses: {
      200: {
        description: 'A page of audit rows in store order.',
        schema: AuditPage,
        also: { 'text/csv': { description: 'With format=csv: the page as CSV, UTF-8 with a BOM.' } },
      },
    },
    problems: [404, 422, 503],
    handler: async (_c, { query, principal }) => {
      const { format, ...filters } = query;
      // Without planId, the trail of what the token may read: its plans (and the store's own events for a store-wide office token).
      const page = await app.readAudit({ ...filters, scope: eventScope(principal ?? null) });
      if (format !== 'csv') return { body: page };
      const headers: Record<string, string> = {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="duban-audit.csv"',
      };
      if (page.nextCursor) {
        const next = new URLSearchParams(_c.req.query());
        next.set('cursor', page.nextCursor);
        headers.link = `</audit?${next}>; rel="next"`;
      }
      return new Response(auditCsv(page.items), { headers });
    },
  });
}
