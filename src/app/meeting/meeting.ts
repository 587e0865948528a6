// Meetings (协调会议制度): schedule, minutes (with the action items their decisions assign), cancellation
// and withdrawal (撤回), each the meeting's stream → decide (src/domain/meeting.ts) → append through the command handler; and
// the meetings at a reading. Action items are folded out of MeetingHeld by projections/action-item.ts.
import { streams } from '../../domain/events.ts';
import { type MeetingCommand, type MeetingEvent, type MeetingKind, MeetingNotFound, meetingDecider } from '../../domain/meeting.ts';
import type { Actor } from '../../store/event-store.ts';
import { handleCommand } from '../command-handler.ts';
import type { AppContext } from '../context.ts';
import { localActor } from '../context.ts';
import { planAt } from '../plan/plan-queries.ts';
import type { ReadQuery } from '../reading.ts';
import { toInstant } from '../time.ts';
import { actionItemView, meetingView } from './meeting-views.ts';
import { actionItemsAt, latest, meetingsAt } from './supervision-reads.ts';

export const laterOf = (instants: readonly string[]): string | null =>
  instants.reduce<string | null>((max, at) => (max === null || Date.parse(at) > Date.parse(max) ? at : max), null);

/** A meeting's command without its address: the meeting and its plan are added by write. */
type Unaddressed<C> = C extends unknown ? Omit<C, 'planId' | 'meetingId'> : never;

async function write<R>(
  ctx: AppContext,
  planId: string,
  meetingId: string,
  actor: Actor,
  command: (now: string, planEffectiveAt: string) => Promise<Unaddressed<MeetingCommand>>,
  respond: (position: number, events: MeetingEvent[]) => Promise<R>,
) {
  const { plan } = await planAt(ctx, planId, {});
  return handleCommand(
    ctx,
    {
      decider: meetingDecider,
      streamId: streams.meeting(planId, meetingId),
      planId,
      actor,
      command: async () => ({ ...(await command(toInstant(ctx.clock()), plan.effectiveAt)), planId, meetingId }) as MeetingCommand,
    },
    ({ decided, position }) => respond(position, decided),
  );
}

/** The meeting, and the items it assigned, as they stand after the write at `position` (its latest version). */
async function after(ctx: AppContext, planId: string, meetingId: string, position: number) {
  const { plan } = await planAt(ctx, planId, { minPosition: position });
  const [record] = await meetingsAt(ctx, planId, { position, validAt: latest.validAt }, [meetingId]);
  return { def: plan.definition, record: record! };
}

const timing = (effectiveAt: string | undefined) => (effectiveAt ? { effectiveAt: toInstant(effectiveAt) } : {});

export interface ScheduleMeetingInput {
  planId: string;
  kind: MeetingKind;
  title: string;
  chair: { name: string; title: string };
  scheduledFor: string;
  place: string;
  effectiveAt?: string;
  actor?: Actor;
}

export async function scheduleMeeting(ctx: AppContext, input: ScheduleMeetingInput) {
  const meetingId = ctx.newId();
  return write(
    ctx,
    input.planId,
    meetingId,
    input.actor ?? localActor,
    async (now, planEffectiveAt) => ({
      type: 'ScheduleMeeting',
      meetingId,
      kind: input.kind,
      title: input.title,
      chair: input.chair,
      scheduledFor: toInstant(input.scheduledFor),
      place: input.place,
      ...timing(input.effectiveAt),
      now,
      planEffectiveAt,
    }),
    async (position) => {
      const { def, record } = await after(ctx, input.planId, meetingId, position);
      return { meetingId, meeting: meetingView(def, record), globalPosition: position };
    },
  );
}

export interface RecordMinutesInput {
  planId: string;
  meetingId: string;
  attendees: { name: string; title?: string; unitId: string }[];
  minutes: string;
  decisions: { text: string; taskCodes: string[]; actionItems: { unitId: string; dueDate: string; text: string }[] }[];
  effectiveAt?: string;
  actor?: Actor;
}

export async function recordMinutes(ctx: AppContext, input: RecordMinutesInput) {
  const { plan } = await planAt(ctx, input.planId, {});
  // Ids for the items, made once: a retried pass assigns the same ones.
  const decisions = input.decisions.map((d) => ({ ...d, actionItems: d.actionItems.map((a) => ({ itemId: ctx.newId(), ...a })) }));
  return write(
    ctx,
    input.planId,
    input.meetingId,
    input.actor ?? localActor,
    async (now, planEffectiveAt) => ({
      type: 'RecordMinutes',
      plan: plan.definition,
      attendees: input.attendees,
      minutes: input.minutes,
      decisions,
      ...timing(input.effectiveAt),
      now,
      planEffectiveAt,
    }),
    async (position) => {
      const { def, record } = await after(ctx, input.planId, input.meetingId, position);
      const ids = decisions.flatMap((d) => d.actionItems.map((a) => a.itemId));
      const items = await actionItemsAt(ctx, input.planId, { position, validAt: latest.validAt }, ids);
      return { meeting: meetingView(def, record), actionItems: items.map((i) => actionItemView(def, i, toInstant(ctx.clock()))), globalPosition: position };
    },
  );
}

export interface CancelMeetingInput {
  planId: string;
  meetingId: string;
  reason: string;
  effectiveAt?: string;
  actor?: Actor;
}

export async function cancelMeeting(ctx: AppContext, input: CancelMeetingInput) {
  return write(
    ctx,
    input.planId,
    input.meetingId,
    input.actor ?? localActor,
    async (now, planEffectiveAt) => ({
      type: 'CancelMeeting',
      reason: input.reason,
      ...timing(input.effectiveAt),
      now,
      planEffectiveAt,
    }),
    async (position) => {
      const { def, record } = await after(ctx, input.planId, input.meetingId, position);
      return { meeting: meetingView(def, record), globalPosition: position };
    },
  );
}

export async function withdrawMeetingRecord(ctx: AppContext, input: CancelMeetingInput) {
  return write(
    ctx,
    input.planId,
    input.meetingId,
    input.actor ?? localActor,
    async (now, planEffectiveAt) => {
      // The minutes' items' latest changes (closures, extensions): a withdrawal takes effect after them.
      const [current] = await meetingsAt(ctx, input.planId, latest, [input.meetingId]);
      const ids = current?.held?.decisions.flatMap((d) => d.actionItems.map((a) => a.itemId)) ?? [];
      const items = ids.length ? await actionItemsAt(ctx, input.planId, latest, ids) : [];
      return {
        type: 'WithdrawMeetingRecord',
        reason: input.reason,
        itemsLastEffectiveAt: laterOf(items.map((i) => i.lastEffectiveAt)),
        ...timing(input.effectiveAt),
        now,
        planEffectiveAt,
      };
    },
    async (position, events) => {
      const { def, record } = await after(ctx, input.planId, input.meetingId, position);
      const withdrawal = events[0]!;
      const withdrawnActionItems = withdrawal.type === 'MeetingRecordWithdrawn' ? withdrawal.data.actionItemIds : [];
      return { meeting: meetingView(def, record), withdrawnActionItems, globalPosition: position };
    },
  );
}

export interface MeetingQuery extends ReadQuery {
  kind?: MeetingKind;
  status?: 'scheduled' | 'held' | 'cancelled' | 'withdrawn';
}

export async function listMeetings(ctx: AppContext, planId: string, query: MeetingQuery) {
  const { plan, reading } = await planAt(ctx, planId, query);
  const records = (await meetingsAt(ctx, planId, reading))
    .filter((m) => (!query.kind || m.kind === query.kind) && (!query.status || m.status === query.status))
    .sort((a, b) => Date.parse(a.held?.heldAt ?? a.scheduledFor) - Date.parse(b.held?.heldAt ?? b.scheduledFor));
  return { planId, items: records.map((r) => meetingView(plan.definition, r)), ...reading };
}

export async function getMeeting(ctx: AppContext, planId: string, meetingId: string, query: ReadQuery) {
  const { plan, reading } = await planAt(ctx, planId, query);
  const [record] = await meetingsAt(ctx, planId, reading, [meetingId]);
  if (!record) throw new MeetingNotFound(planId, meetingId);
  return { ...meetingView(plan.definition, record), ...reading };
}
