// /plans/{planId}/leading-group: the leading group (领导小组) at any date, a member's replacement (递补),
// and a mistaken replacement withdrawn (撤回).
import { z } from 'zod';
import type { Application } from '../../app/application.ts';
import { LeadingGroupReading, ReplacementResult, ReplacementWithdrawalResult } from '../../app/leading-group/leading-group.ts';
import { SeatId } from '../../domain/events.ts';
import { schemaMessage } from '../../domain/messages.ts';
import { MultilineText, Name, Text } from '../../domain/text.ts';
import type { Api } from '../openapi/route.ts';
import { readQuery } from './query-params.ts';

const Params = z.strictObject({ planId: z.string().max(64).describe("The plan's id, e.g. wuhan-2023-p1.") });
const ReplacementParams = Params.extend({
  replacementId: z
    .string()
    .max(64)
    .describe("The replacement's id (replacementId in the replacement's answer and in the seat; r{N} for one recorded before ids were given)."),
});

export const ReplacementWithdrawal = z
  .strictObject({
    reason: MultilineText.describe('Why the replacement is withdrawn (at most 2000 characters).'),
    effectiveAt: z.iso
      .datetime({ offset: true })
      .max(35, schemaMessage('text-too-long', { max: 35 }))
      .optional()
      .describe(
        "When the withdrawal takes effect, if earlier than now; not in the future, not before the plan took effect, not before the leading group's latest change (409).",
      ),
  })
  .meta({
    id: 'ReplacementWithdrawalRequest',
    description: 'Withdraws (撤回) a mistaken replacement: the office only. History keeps both; from then on the seat shows its previous holder again.',
    examples: [{ reason: '误录：递补人员有误，撤回后重新录入' }],
  });

export const Replacement = z
  .strictObject({
    seat: SeatId,
    holder: Name.describe('Who holds the seat now, as the roster names them: the replacement goes through only if they still do (409 otherwise).'),
    successor: z
      .strictObject({
        name: Name.describe("The successor's name."),
        title: Text.optional().describe("The successor's title, when it differs from the seat's; by default the seat keeps its title."),
      })
      .describe('Who takes the seat: the person who took over the post in the same unit.'),
    reason: MultilineText.optional().describe('A note: why, or on what basis (at most 2000 characters).'),
    effectiveAt: z.iso
      .datetime({ offset: true })
      .max(35, schemaMessage('text-too-long', { max: 35 }))
      .optional()
      .describe(
        "When the successor took the seat, if earlier than now; not in the future, not before the plan took effect, not before the leading group's latest change.",
      ),
  })
  .meta({
    id: 'Replacement',
    description: "A member's replacement (递补): the successor in the same post takes the seat; the seat keeps its unit and title.",
    examples: [
      {
        seat: 'deputy-2',
        holder: '盛继亮',
        successor: { name: '王新民' },
        reason: '市科技局主要负责同志调整，由接任同志递补（不另行发文）',
        effectiveAt: '2024-03-01T09:00:00+08:00',
      },
    ],
  });

export function leadingGroupRoutes(api: Api, app: Application) {
  api.route({
    method: 'get',
    path: '/plans/{planId}/leading-group',
    operationId: 'getLeadingGroup',
    access: { kind: 'read-plan' },
    summary: 'Get the leading group (领导小组) with its office, on any date',
    description:
      "Each seat (leader, deputy-N, member-N in the plan's order) with who held it at `validAt`, as recorded by `asOf`; before any " +
      'replacement, the roster the plan adopted. The office director follows the seat they hold.',
    tag: 'leading-group',
    params: Params,
    query: z.strictObject(readQuery),
    responses: { 200: { description: 'The leading group at `validAt` as recorded by `asOf`.', schema: LeadingGroupReading } },
    problems: [404, 422, 503],
    handler: async (_c, { params, query }) => ({ body: await app.getLeadingGroup(params.planId, query) }),
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/leading-group/replacements',
    operationId: 'replaceLeadingGroupMember',
    access: { kind: 'write-office' },
    summary: "Record a member's replacement (递补)",
    description:
      'Appends a MemberReplaced event: the successor takes the seat, which keeps its unit and title. The office only. ' +
      'An unknown seat is 422; a holder who does not hold the seat (any more) is 409; a replacement back-dated before the ' +
      "leading group's latest change is 409 (valid time does not run backwards).",
    tag: 'leading-group',
    params: Params,
    body: Replacement,
    responses: { 200: { description: "The leading group after the replacement, and the event's store position.", schema: ReplacementResult } },
    problems: [400, 404, 409, 413, 415, 422],
    handler: async (_c, { params, body, principal }) => ({
      body: await app.replaceMember({
        ...(principal ? { actor: principal.actor } : {}),
        planId: params.planId,
        seat: body.seat,
        holder: body.holder,
        successor: { name: body.successor.name, ...(body.successor.title !== undefined ? { title: body.successor.title } : {}) },
        ...(body.reason !== undefined ? { reason: body.reason } : {}),
        ...(body.effectiveAt ? { effectiveAt: body.effectiveAt } : {}),
      }),
    }),
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/leading-group/replacements/{replacementId}/withdrawal',
    operationId: 'withdrawLeadingGroupReplacement',
    access: { kind: 'write-office' },
    summary: 'Withdraw a mistaken replacement (撤回)',
    description:
      "Appends a MemberReplacementWithdrawn event with the reason. The office only. Only a seat's latest replacement standing is withdrawn " +
      "(409 replacement-not-latest otherwise, naming the later one; an unknown id is 404). From the withdrawal's effectiveAt the seat shows its " +
      'previous holder again (and the office director, when the seat carries it); the seat lists the withdrawn holder under `withdrawn`, and ' +
      "reads at an earlier validAt still show the replacement. A withdrawal back-dated before the leading group's latest change is 409.",
    tag: 'leading-group',
    params: ReplacementParams,
    body: ReplacementWithdrawal,
    responses: {
      200: { description: "The replacement withdrawn, the leading group after it, and the event's store position.", schema: ReplacementWithdrawalResult },
    },
    problems: [400, 404, 409, 413, 415, 422],
    handler: async (_c, { params, body, principal }) => ({
      body: await app.withdrawReplacement({
        ...(principal ? { actor: principal.actor } : {}),
        planId: params.planId,
        replacementId: params.replacementId,
        reason: body.reason,
        ...(body.effectiveAt ? { effectiveAt: body.effectiveAt } : {}),
      }),
    }),
  });
}
