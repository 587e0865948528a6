// Unit scorecards (考评):
//   GET /plans/{planId}/scorecards                 every unit's scorecard, ranked
//   GET /plans/{planId}/units/{unitId}/scorecard   one unit's, with its rank
import { z } from 'zod';
import type { Application } from '../app/application.ts';
import { ScorecardList, ScorecardReading } from '../app/scorecard/scorecards.ts';
import { UnitId } from '../domain/plan.ts';
import { readQuery } from './query-params.ts';
import type { Api } from './route.ts';

const PlanId = z.string().max(64).describe('The plan\'s id, e.g. wuhan-2023-p1.');
const FORMULA =
  'The formula is one pure function (src/domain/scorecard.ts): each component — handling plan, monthly reports, led tasks, indicators, action items, ' +
  'annual summary, evaluation — has a ratio 0…1, a weight (plan data scorecardWeights, defaults 10/25/25/15/15/5/5) and points = weight × ratio; ' +
  'a component with nothing due at validAt is not counted; total = 100 × Σ points / Σ counted weights. A unit is scored only on what it owes.';

export function scorecardRoutes(api: Api, app: Application) {
  api.route({
    method: 'get',
    path: '/plans/{planId}/scorecards',
    operationId: 'listScorecards',
    access: { kind: 'read-plan' },
    summary: 'Every unit\'s scorecard (考评), ranked',
    description: `At \`validAt\` as recorded by \`asOf\`. ${FORMULA}`,
    tag: 'plans',
    params: z.strictObject({ planId: PlanId }),
    query: z.strictObject(readQuery),
    responses: { 200: { description: 'The scorecards, ranked.', schema: ScorecardList } },
    problems: [404, 422, 503],
    handler: async (_c, { params, query }) => ({ body: await app.listScorecards(params.planId, query) }),
  });

  api.route({
    method: 'get',
    path: '/plans/{planId}/units/{unitId}/scorecard',
    operationId: 'getScorecard',
    access: { kind: 'read-plan' },
    summary: 'One unit\'s scorecard: each component, its weight and its points, and the unit\'s rank',
    description: `At \`validAt\` as recorded by \`asOf\`. ${FORMULA}`,
    tag: 'plans',
    params: z.strictObject({ planId: PlanId, unitId: UnitId.describe('The unit, e.g. jxj.') }),
    query: z.strictObject(readQuery),
    responses: { 200: { description: 'The unit\'s scorecard.', schema: ScorecardReading } },
    problems: [404, 422, 503],
    handler: async (_c, { params, query }) => ({ body: await app.getScorecard(params.planId, params.unitId, query) }),
  });
}
