// GET /health: is the service up, and how far have its projections read.
import { z } from 'zod';
import type { Application } from '../app/application.ts';
import type { Api } from './route.ts';

export const Health = z
  .object({
    status: z.literal('ok'),
    version: z.string(),
    store: z.string().describe('Which event store adapter serves the data.'),
    position: z.number().int().describe('The last store position the read model has applied.'),
    plans: z.number().int().describe('Adopted plans.'),
  })
  .meta({ id: 'Health' });

export function healthRoutes(api: Api, app: Application, info: { version: string; store: string }) {
  api.route({
    method: 'get',
    path: '/health',
    operationId: 'getHealth',
    access: { kind: 'public' },
    summary: 'Service health',
    tag: 'service',
    responses: { 200: { description: 'The service is up.', schema: Health } },
    problems: [422], // an unknown query parameter
    handler: async () => ({
      body: { status: 'ok' as const, version: info.version, store: info.store, position: app.position(), plans: await app.planCount() },
    }),
  });
}
