// /audit: the audit trail across plans, filtered by plan and recorded time, paged by cursor.
import { z } from 'zod';
import type { Application } from '../app/application.ts';
import { AuditPage } from '../app/views.ts';
import { AsOf } from './query-params.ts';
import type { Api } from './route.ts';

export function auditRoutes(api: Api, app: Application) {
  api.route({
    method: 'get',
    path: '/audit',
    operationId: 'listAudit',
    summary: 'The audit trail: a row per recorded event',
    tag: 'audit',
    query: z.object({
      planId: z.string().optional().describe('Only this plan\'s events.'),
      from: AsOf.optional().describe('Recorded at or after this (a bare date: from the start of that day).'),
      to: AsOf.optional().describe('Recorded at or before this (a bare date: to the end of that day).'),
      limit: z.coerce.number().int().min(1).max(1000).optional().describe('Rows per page (default 100).'),
      cursor: z.string().optional().describe('From the previous page\'s nextCursor.'),
    }),
    responses: { 200: { description: 'A page of audit rows in store order.', schema: AuditPage } },
    problems: [422],
    handler: async (_c, { query }) => ({ body: await app.readAudit(query) }),
  });
}
