// The reminder decider (催办): given the unit's reminders, when the office chases an alert whose
// light the app read at effectiveAt, then ReminderSent — or a refusal.
import { describe, expect, it } from 'vitest';
import { ValidTimeConflict } from '../../src/domain/errors.ts';
import { AlertNotDue, alertIdOf, parseAlertId, reminderDecider, type SendReminder } from '../../src/domain/reminder.ts';
import { deciderSpec } from '../support/decider-spec.ts';

const reminders = deciderSpec(reminderDecider);

const base: SendReminder = {
  type: 'SendReminder',
  reminderId: 'r1',
  alert: { kind: 'monthly_report', unitId: 'jxj', taskCode: '4.2', period: '2023-05' },
  light: 'red',
  note: '请尽快报送5月进展情况',
  now: '2023-06-20T02:00:00.000Z',
  planEffectiveAt: '2023-03-22T16:00:00.000Z',
};

describe('alert ids', () => {
  it('round-trip for every kind, and nothing else parses', () => {
    for (const ref of [base.alert, { kind: 'handling_plan' as const, unitId: 'jxj' }, { kind: 'task' as const, unitId: 'fgw', taskCode: '1.1' }]) {
      expect(parseAlertId(alertIdOf(ref))).toEqual(ref);
    }
    expect(alertIdOf(base.alert)).toBe('monthly-report:2023-05:4.2:jxj');
    for (const bad of ['', 'task:1.1', 'task:1.1:JXJ', 'monthly-report:2023-13:4.2:jxj', 'handling-plan:jxj:x', 'handling-plan:'])
      expect(parseAlertId(bad)).toBeNull();
  });
});

describe('SendReminder', () => {
  it('given no reminders, when a red item is chased, then ReminderSent with the light and the note', () => {
    reminders
      .given()
      .when({ ...base, effectiveAt: '2023-06-15T02:00:00.000Z' })
      .then([
        {
          type: 'ReminderSent',
          data: {
            reminderId: 'r1',
            alertId: 'monthly-report:2023-05:4.2:jxj',
            kind: 'monthly_report',
            unitId: 'jxj',
            taskCode: '4.2',
            period: '2023-05',
            light: 'red',
            note: '请尽快报送5月进展情况',
          },
          effectiveAt: '2023-06-15T02:00:00.000Z',
        },
      ]);
  });

  it('refuses a green item (done, or not yet within the window)', () => {
    reminders
      .given()
      .when({ ...base, light: 'green' })
      .thenThrows(AlertNotDue);
  });

  it('given a reminder on 6-15, refuses one back-dated to 6-14 and accepts one on 6-15', () => {
    const given = reminders.given({ type: 'ReminderSent', data: {}, effectiveAt: '2023-06-15T02:00:00.000Z' });
    given.when({ ...base, effectiveAt: '2023-06-14T02:00:00.000Z' }).thenThrows(ValidTimeConflict);
    expect(given.when({ ...base, effectiveAt: '2023-06-15T02:00:00.000Z' }).events()).toHaveLength(1);
  });

  it('refuses an effectiveAt in the future or before the plan, naming the field', () => {
    reminders
      .given()
      .when({ ...base, effectiveAt: '2023-06-21T00:00:00.000Z' })
      .thenThrows(Error, /future/);
    reminders
      .given()
      .when({ ...base, effectiveAt: '2023-03-01T00:00:00.000Z' })
      .thenThrows(Error, /before the plan took effect/);
  });
});
