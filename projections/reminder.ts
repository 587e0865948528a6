// The office's reminders (催办) to each unit, keyed `{planId}:{unitId}`, oldest first: what was
// chased, its light then, the note, and both times. The unit's record and the alerts show them.
import type { ReminderSentData } from '../src/domain/reminder.ts';
import type { Actor } from '../src/store/event-store.ts';
import type { KeyedProjection } from './projection.ts';

export interface ReminderRecord extends Omit<ReminderSentData, 'unitId'> {
  effectiveAt: string;
  recordedAt: string;
  actor: Actor;
  globalPosition: number;
}

export interface UnitRemindersRecord {
  planId: string;
  unitId: string;
  reminders: ReminderRecord[];
}

export const remindersKey = (planId: string, unitId: string) => `${planId}:${unitId}`;

export const reminders: KeyedProjection<UnitRemindersRecord> = {
  name: 'reminders',
  keysOf(event) {
    if (event.type !== 'ReminderSent') return [];
    return [remindersKey(event.planId, event.data.unitId)];
  },
  evolve(state, event) {
    if (event.type !== 'ReminderSent') return undefined;
    const { unitId, ...data } = event.data;
    const record: ReminderRecord = {
      ...data,
      effectiveAt: event.effectiveAt,
      recordedAt: event.recordedAt,
      actor: event.actor,
      globalPosition: event.globalPosition,
    };
    return { planId: event.planId, unitId, reminders: [...(state?.reminders ?? []), record] };
  },
};
