// Unit scorecards (考评):
//   GET /plans/{planId}/scorecards                 every unit's scorecard, ranked
//   GET /plans/{planId}/units/{unitId}/scorecard   one unit's, with its rank
import { z } from 'zod';
import type { Application } from '../../app/application.ts';
import { ScorecardList, ScorecardReading } from '../../app/scorecard/scorecard.ts';
import { schemaMessage } from '../../domain/messages.ts';
import { UnitId } from '../../domain/plan.ts';
import type { Api } from '../openapi/route.ts';
import { readQuery } from './query-params.ts';

const PlanId = z.string().max(64).describe("The plan's id, e.g. wuhan-2023-p1.");
const FORMULA =
  'The formula is one pure function (src/domain/scorecard.ts): each component — handling plan, monthly reports, led tasks, indicators, action items, ' +
  'annual summary, evaluation — has a ratio 0…1, a weight (plan data scorecardWeights, defaults 10/25/25/15/15/5/5) and points = weight × ratio; ' +
  'a component with nothing due at validAt is not counted; total = 100 × Σ points / Σ counted weights. A unit is scored only on what it owes; ' +
  'one with nothing counted — nothing owed yet, or nothing in `period` — is not rated (rated false, 未评: no total, no rank), and ranks are among the rated. ' +
  "Each counted component's `points` sum to the card's points and its `contribution` (its share of the total) to the total, to the cent.";

const ScorecardQuery = z.strictObject({
  period: z
    .string()
    .regex(/^(19|20)\d{2}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, schemaMessage('period-form', { example: '2023-Q2' }))
    .max(7, schemaMessage('text-too-long', { max: 7 }))
    .optional()
    .describe(
      "Judge only what fell due in this month, quarter or year (YYYY-MM, YYYY-Qn, YYYY, in the plan's time zone), as the quarterly bulletin does: a unit that owed nothing in it is not rated. " +
        "validAt defaults to the period's end (or now, while it runs). Within the plan's span. Default: everything since the plan began.",
    ),
  ...readQuery,
});

export function scorecardRoutes(api: Api, app: Application) {
  api.route({
    method: 'get',
    path: '/plans/{planId}/scorecards',
    operationId: 'listScorecards',
    access: { kind: 'read-plan' },
    summary: "Every unit's scorecard (考评), ranked",
    description: `At \`validAt\` as recorded by \`asOf\`. ${FORMULA}`,
    tag: 'scorecard',
    params: z.strictObject({ planId: PlanId }),
    query: ScorecardQuery,
    responses: { 200: { description: 'The scorecards, ranked.', schema: ScorecardList } },
    problems: [404, 422, 503],
    handler: async (_c, { params, query }) => ({ body: await app.listScorecards(params.planId, query) }),
  });

  api.route({
    method: 'get',
    path: '/plans/{planId}/units/{unitId}/scorecard',
    operationId: 'getScorecard',
    access: { kind: 'read-plan' },
    summary: "One unit's scorecard: each component, its weight and its points, and the unit's rank",
    description: `At \`validAt\` as recorded by \`asOf\`. ${FORMULA}`,
    tag: 'scorecard',
    params: z.strictObject({ planId: PlanId, unitId: UnitId.describe('The unit, e.g. jxj.') }),
    query: ScorecardQuery,
    responses: { 200: { description: "The unit's scorecard.", schema: ScorecardReading } },
    problems: [404, 422, 503],
    handler: async (_c, { params, query }) => ({ body: await app.getScorecard(params.planId, params.unitId, query) }),
  });
}
