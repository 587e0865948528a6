// The leading group over time (领导小组, 递补): the roster at a reading, a member's replacement and its
// withdrawal (撤回) (the leading group's stream → decide → append, through the command handler). Seats and the office director's rule are
// described in src/domain/leading-group.ts and projections/leading-group.ts.
import { z } from 'zod';
import { type LeadingGroupRecord, leadingGroup, type SeatRecord } from '../../../projections/leading-group.ts';
import type { AdoptedPlan } from '../../../projections/plan.ts';
import { PlanNotFound } from '../../domain/errors.ts';
import { SeatId, streams } from '../../domain/events.ts';
import { type LeadingGroupCommand, type LeadingGroupEvent, leadingGroupDecider } from '../../domain/leading-group.ts';
import { UnitId } from '../../domain/plan.ts';
import { IdString, MAX_LISTED, ShownText } from '../../domain/text.ts';
import type { Actor } from '../../store/event-store.ts';
import { handleCommand } from '../command-handler.ts';
import type { AppContext } from '../context.ts';
import { planAt } from '../plan/plan-queries.ts';
import { unitName } from '../plan/plan-views.ts';
import type { ReadQuery } from '../reading.ts';
import { toInstant } from '../time.ts';
import { ActorView, Instant, ReadingFields } from '../views.ts';

export const SeatView = z
  .object({
    seat: SeatId,
    role: z.enum(['leader', 'deputy', 'member']).describe('组长 leader, 副组长 deputy or 成员 member.'),
    name: ShownText.describe('Who holds the seat at validAt.'),
    title: ShownText.describe("The seat's title (the successor's, when a replacement gave one)."),
    unitId: UnitId,
    unitName: ShownText,
    since: Instant.describe("When the holder took the seat (valid time): the plan's start, or the replacement's effectiveAt."),
    replacementId: IdString.nullable().describe(
      "The replacement that put the holder in the seat (withdraw it with POST …/leading-group/replacements/{replacementId}/withdrawal); null for the plan's own holder.",
    ),
    predecessors: z
      .array(z.object({ name: ShownText, title: ShownText, until: Instant }))
      .max(MAX_LISTED)
      .describe('Earlier holders of the seat, oldest first, each until their successor took over.'),
    withdrawn: z
      .array(z.object({ replacementId: IdString, name: ShownText, title: ShownText, since: Instant, withdrawnAt: Instant, reason: ShownText }))
      .max(MAX_LISTED)
      .describe('Holders put in the seat by a replacement since withdrawn (撤回), oldest first: history keeps them.'),
  })
  .meta({
    id: 'Seat',
    description: 'A seat of the leading group and who holds it.',
    examples: [
      {
        seat: 'deputy-2',
        role: 'deputy',
        name: '王新民',
        title: '市科技局局长',
        unitId: 'kjj',
        unitName: '市科技局',
        since: '2024-03-01T00:00:00.000Z',
        replacementId: '0193a5c0-0000-7000-8000-000000000002',
        predecessors: [{ name: '盛继亮', title: '市科技局局长', until: '2024-03-01T00:00:00.000Z' }],
        withdrawn: [],
      },
    ],
  });

export const LeadingGroupView = z
  .object({
    planId: IdString,
    name: ShownText.describe("The group's name, e.g. …办理工作领导小组."),
    leader: SeatView,
    deputies: z.array(SeatView).max(MAX_LISTED),
    members: z.array(SeatView).max(MAX_LISTED),
    office: z
      .object({
        hostUnitId: UnitId.describe('The unit the office (办公室) sits in.'),
        hostUnitName: ShownText,
        directorName: ShownText.describe('The office director (办公室主任) at validAt.'),
        directorSeat: SeatId.nullable().describe(
          'The seat the director holds: whoever succeeds to it becomes director too. Null when the director holds no seat.',
        ),
      })
      .describe("The leading group's office (办公室) and its director."),
    replacementRule: ShownText.nullable().describe('What the plan says about replacing members (递补).'),
    since: Instant.describe("When the roster last changed (valid time): the plan's start before any replacement."),
    changedBy: ActorView,
    revision: z.number().int().min(0).describe("Replacements recorded in the leading group's stream by asOf."),
  })
  .meta({ id: 'LeadingGroupView', description: 'The leading group (领导小组): its seats, holders and office.' });

export const LeadingGroupReading = LeadingGroupView.extend(ReadingFields).meta({
  id: 'LeadingGroupReading',
  description: 'The leading group as it stood at `validAt`, as recorded by `asOf`.',
});

export const ReplacementResult = z
  .object({
    leadingGroup: LeadingGroupView,
    replacementId: IdString.describe("The replacement's id: withdraw it (撤回) with POST …/leading-group/replacements/{replacementId}/withdrawal."),
    globalPosition: z.number().int().describe('Store position of the MemberReplaced event.'),
  })
  .meta({ id: 'ReplacementResult' });

export const ReplacementWithdrawalResult = z
  .object({
    replacementId: IdString,
    seat: SeatId,
    withdrawn: z.object({ name: ShownText, title: ShownText }).describe('Who the withdrawn replacement had put in the seat.'),
    restored: z.object({ name: ShownText, title: ShownText }).describe('Who holds the seat again.'),
    reason: ShownText,
    withdrawnAt: Instant.describe('When the withdrawal takes effect (valid time): from then on the seat shows its previous holder again.'),
    leadingGroup: LeadingGroupView,
    globalPosition: z.number().int().describe('Store position of the MemberReplacementWithdrawn event.'),
  })
  .meta({ id: 'ReplacementWithdrawal', description: 'A withdrawn (撤回) replacement of a leading-group member.' });

function noGroup(planId: string): never {
  throw new PlanNotFound(planId, { because: 'no-leading-group' });
}

function view(plan: AdoptedPlan, record: LeadingGroupRecord): z.output<typeof LeadingGroupView> {
  const nameOf = (id: string) => unitName(plan.definition, id) ?? id;
  const seat = (s: SeatRecord) => ({
    seat: s.seat,
    role: s.role,
    name: s.name,
    title: s.title,
    unitId: s.unitId,
    unitName: nameOf(s.unitId),
    since: s.since,
    replacementId: s.replacementId,
    predecessors: s.predecessors.map(({ name, title, until }) => ({ name, title, until })),
    withdrawn: s.withdrawn,
  });
  const seats = record.seats.map(seat);
  return {
    planId: record.planId,
    name: record.name,
    leader: seats.find((s) => s.role === 'leader')!,
    deputies: seats.filter((s) => s.role === 'deputy'),
    members: seats.filter((s) => s.role === 'member'),
    office: { ...record.office, hostUnitName: nameOf(record.office.hostUnitId) },
    replacementRule: record.replacementRule,
    since: record.since,
    changedBy: record.changedBy,
    revision: record.revision,
  };
}

export async function getLeadingGroup(ctx: AppContext, planId: string, query: ReadQuery) {
  const { plan, reading } = await planAt(ctx, planId, query);
  if (!plan.definition.leadingGroup) noGroup(planId);
  const record = (await ctx.states.at<LeadingGroupRecord>(ctx.readModel, leadingGroup.name, [planId], reading.position, reading.validAt)).get(planId);
  if (!record) noGroup(planId);
  return { ...view(plan, record), ...reading };
}

export interface ReplaceMemberInput {
  planId: string;
  seat: string;
  holder: string;
  successor: { name: string; title?: string };
  reason?: string;
  effectiveAt?: string;
  actor?: Actor;
}

/** A command on the leading group's stream, through the command handler; the roster read after (valid time now). */
async function write<R>(
  ctx: AppContext,
  planId: string,
  actor: Actor | undefined,
  command: (plan: AdoptedPlan) => LeadingGroupCommand,
  respond: (after: Omit<Awaited<ReturnType<typeof getLeadingGroup>>, 'asOf' | 'validAt' | 'position'>, event: LeadingGroupEvent, globalPosition: number) => R,
) {
  const { plan } = await planAt(ctx, planId, {});
  const group = plan.definition.leadingGroup ?? noGroup(planId);
  return handleCommand(
    ctx,
    { decider: leadingGroupDecider(group), streamId: streams.leadingGroup(planId), planId, actor, command: () => command(plan) },
    async ({ decided, position }) => {
      const { asOf: _a, validAt: _v, position: _p, ...after } = await getLeadingGroup(ctx, planId, { minPosition: position });
      return respond(after, decided[0]!, position);
    },
  );
}

export interface WithdrawReplacementInput {
  planId: string;
  replacementId: string;
  reason: string;
  effectiveAt?: string;
  actor?: Actor;
}

/** A seat's latest replacement withdrawn (撤回): the seat's previous holder holds it again from the withdrawal's effectiveAt. */
export async function withdrawReplacement(ctx: AppContext, input: WithdrawReplacementInput): Promise<z.output<typeof ReplacementWithdrawalResult>> {
  return write(
    ctx,
    input.planId,
    input.actor,
    (plan) => ({
      type: 'WithdrawReplacement',
      planId: input.planId,
      replacementId: input.replacementId,
      reason: input.reason,
      ...(input.effectiveAt ? { effectiveAt: toInstant(input.effectiveAt) } : {}),
      now: toInstant(ctx.clock()),
      planEffectiveAt: plan.effectiveAt,
    }),
    (after, event, globalPosition) => {
      if (event.type !== 'MemberReplacementWithdrawn') throw new Error('unreachable');
      const { replacementId, seat, withdrawn, restored, reason } = event.data;
      const seats = [after.leader, ...after.deputies, ...after.members];
      const withdrawnAt = seats.find((s) => s.seat === seat)!.withdrawn.find((w) => w.replacementId === replacementId)!.withdrawnAt;
      return { replacementId, seat, withdrawn, restored, reason, withdrawnAt, leadingGroup: after, globalPosition };
    },
  );
}

export async function replaceMember(ctx: AppContext, input: ReplaceMemberInput) {
  const replacementId = ctx.newId();
  return write(
    ctx,
    input.planId,
    input.actor,
    (plan) => ({
      type: 'ReplaceMember',
      replacementId,
      seat: input.seat,
      holder: input.holder,
      successor: input.successor,
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
      ...(input.effectiveAt ? { effectiveAt: toInstant(input.effectiveAt) } : {}),
      now: toInstant(ctx.clock()),
      planEffectiveAt: plan.effectiveAt,
    }),
    (after, _event, globalPosition) => ({ leadingGroup: after, replacementId, globalPosition }),
  );
}
