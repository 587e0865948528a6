// Reading a plan's meetings, inspections and action items at a reading: the supervision index as
// recorded by the reading's position (whatever its valid time), then each record at (position, validAt).
import { type ActionItemRecord, actionItemKey, actionItems } from '../../../projections/action-item.ts';
import { type InspectionRecord, inspectionKey, inspections } from '../../../projections/inspection.ts';
import { type MeetingRecord, meetingKey, meetings } from '../../../projections/meeting.ts';
import { type SupervisionIndex, supervisionIndex } from '../../../projections/supervision-index.ts';
import type { AppContext } from '../context.ts';
import type { Reading } from '../reading.ts';

/** Any valid time: the index lists what was recorded by a position, whenever it takes effect. */
export const END_OF_TIME = '9999-12-31T23:59:59.999Z';

export async function indexAt(ctx: AppContext, planId: string, position: number): Promise<SupervisionIndex> {
  const found = (await ctx.states.at<SupervisionIndex>(ctx.readModel, supervisionIndex.name, [planId], position, END_OF_TIME)).get(planId);
  return found ?? { planId, meetings: [], inspections: [], actionItems: [] };
}

type At = Pick<Reading, 'position' | 'validAt'>;

/** The plan's action items in effect at the reading (withdrawn ones included), in the order recorded; or only `ids`. */
export async function actionItemsAt(ctx: AppContext, planId: string, reading: At, ids?: readonly string[]): Promise<ActionItemRecord[]> {
  const wanted = ids ?? (await indexAt(ctx, planId, reading.position)).actionItems;
  const found = await ctx.states.at<ActionItemRecord>(
    ctx.readModel,
    actionItems.name,
    wanted.map((id) => actionItemKey(planId, id)),
    reading.position,
    reading.validAt,
  );
  return wanted.map((id) => found.get(actionItemKey(planId, id))).filter((r): r is ActionItemRecord => r !== undefined);
}

export async function meetingsAt(ctx: AppContext, planId: string, reading: At, ids?: readonly string[]): Promise<MeetingRecord[]> {
  const wanted = ids ?? (await indexAt(ctx, planId, reading.position)).meetings;
  const found = await ctx.states.at<MeetingRecord>(
    ctx.readModel,
    meetings.name,
    wanted.map((id) => meetingKey(planId, id)),
    reading.position,
    reading.validAt,
  );
  return wanted.map((id) => found.get(meetingKey(planId, id))).filter((r): r is MeetingRecord => r !== undefined);
}

export async function inspectionsAt(ctx: AppContext, planId: string, reading: At, ids?: readonly string[]): Promise<InspectionRecord[]> {
  const wanted = ids ?? (await indexAt(ctx, planId, reading.position)).inspections;
  const found = await ctx.states.at<InspectionRecord>(
    ctx.readModel,
    inspections.name,
    wanted.map((id) => inspectionKey(planId, id)),
    reading.position,
    reading.validAt,
  );
  return wanted.map((id) => found.get(inspectionKey(planId, id))).filter((r): r is InspectionRecord => r !== undefined);
}

/** Each record's latest version, whenever it takes effect (what a write decides on). */
export const latest: At = { position: Number.MAX_SAFE_INTEGER, validAt: END_OF_TIME };
