// /plans: the adopted plans, now or as of a past date.
import { z } from 'zod';
import type { Application } from '../../app/application.ts';
import { eventScope, scopeCovers } from '../../app/event-scope.ts';
import { PlanList, PlanView } from '../../app/views.ts';
import type { Api } from '../openapi/route.ts';
import { readQuery } from './query-params.ts';

const PlanParams = z.strictObject({ planId: z.string().max(64).describe("The plan's id, e.g. wuhan-2023-p1.") });

export function planRoutes(api: Api, app: Application) {
  api.route({
    method: 'get',
    path: '/plans',
    operationId: 'listPlans',
    access: { kind: 'signed-in' },
    summary: 'List adopted plans',
    description: 'The plans the token is bound to, or every plan for a store-wide token.',
    tag: 'plan',
    query: z.strictObject(readQuery),
    responses: { 200: { description: 'The plans recorded by `asOf` and in effect at `validAt`.', schema: PlanList } },
    problems: [422, 503],
    handler: async (_c, { query, principal }) => {
      // A token bound to plans lists only those: a token sees only its plans, the list of them included.
      const list = await app.listPlans(query);
      const scope = eventScope(principal ?? null);
      return { body: { ...list, items: list.items.filter((p) => scopeCovers(scope, p.id)) } };
    },
  });

  api.route({
    method: 'get',
    path: '/plans/{planId}',
    operationId: 'getPlan',
    access: { kind: 'read-plan' },
    summary: 'Get a plan with its units, tasks, indicators, phases and leading group',
    tag: 'plan',
    params: PlanParams,
    query: z.strictObject(readQuery),
    responses: { 200: { description: 'The plan.', schema: PlanView } },
    problems: [404, 422, 503],
    handler: async (_c, { params, query }) => ({ body: await app.getPlan(params.planId, query) }),
  });
}
