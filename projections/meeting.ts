// Coordination meetings (协调会议), keyed `{planId}:{meetingId}`: the schedule, the minutes when held
// (attendees, decisions and the action items they assigned), a cancellation, and withdrawals (撤回).
// Valid time per key runs forwards because the decider refuses a record back-dated before the
// meeting's latest change (src/domain/meeting.ts).
import type { MeetingHeldData, MeetingRecordWithdrawnData, MeetingScheduledData, MeetingStatus } from '../src/domain/meeting.ts';
import type { Actor } from '../src/store/event-store.ts';
import type { KeyedProjection } from './projection.ts';

export interface MeetingRecord {
  planId: string;
  meetingId: string;
  kind: MeetingScheduledData['kind'];
  title: string;
  chair: MeetingScheduledData['chair'];
  scheduledFor: string;
  place: string;
  status: MeetingStatus;
  /** When it was scheduled (valid time), recorded, and by whom. */
  scheduledAt: string;
  recordedAt: string;
  scheduledBy: Actor;
  held: (Omit<MeetingHeldData, 'meetingId' | 'kind' | 'title'> & { heldAt: string; recordedAt: string; recordedBy: Actor }) | null;
  cancellation: { reason: string; cancelledAt: string; recordedAt: string; cancelledBy: Actor } | null;
  withdrawals: {
    withdrawn: MeetingRecordWithdrawnData['withdrawn'];
    reason: string;
    withdrawnAt: string;
    recordedAt: string;
    withdrawnBy: Actor;
    actionItemIds: string[];
  }[];
  globalPosition: number;
}

export const meetingKey = (planId: string, meetingId: string) => `${planId}:${meetingId}`;

export const meetings: KeyedProjection<MeetingRecord> = {
  name: 'meetings',
  keysOf(event) {
    switch (event.type) {
      case 'MeetingScheduled':
      case 'MeetingHeld':
      case 'MeetingCancelled':
      case 'MeetingRecordWithdrawn':
        return [meetingKey(event.planId, event.data.meetingId)];
      default:
        return [];
    }
  },
  evolve(state, event) {
    if (event.type === 'MeetingScheduled') {
      const data = event.data;
      return {
        planId: event.planId,
        meetingId: data.meetingId,
        kind: data.kind,
        title: data.title,
        chair: data.chair,
        scheduledFor: data.scheduledFor,
        place: data.place,
        status: 'scheduled',
        scheduledAt: event.effectiveAt,
        recordedAt: event.recordedAt,
        scheduledBy: event.actor,
        held: null,
        cancellation: null,
        withdrawals: [],
        globalPosition: event.globalPosition,
      };
    }
    if (!state) return undefined;
    const base = { ...state, globalPosition: event.globalPosition };
    if (event.type === 'MeetingHeld') {
      const { meetingId: _m, kind: _k, title: _t, ...held } = event.data;
      return { ...base, status: 'held', held: { ...held, heldAt: event.effectiveAt, recordedAt: event.recordedAt, recordedBy: event.actor } };
    }
    if (event.type === 'MeetingCancelled') {
      const data = event.data;
      return {
        ...base,
        status: 'cancelled',
        cancellation: { reason: data.reason, cancelledAt: event.effectiveAt, recordedAt: event.recordedAt, cancelledBy: event.actor },
      };
    }
    if (event.type === 'MeetingRecordWithdrawn') {
      const data = event.data;
      return {
        ...base,
        status: data.restores,
        held: data.withdrawn === 'minutes' ? null : state.held,
        cancellation: data.withdrawn === 'cancellation' ? null : state.cancellation,
        withdrawals: [
          ...state.withdrawals,
          {
            withdrawn: data.withdrawn,
            reason: data.reason,
            withdrawnAt: event.effectiveAt,
            recordedAt: event.recordedAt,
            withdrawnBy: event.actor,
            actionItemIds: data.actionItemIds,
          },
        ],
      };
    }
    return undefined;
  },
};
