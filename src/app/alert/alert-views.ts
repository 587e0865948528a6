// What an alert (yellow or red: 临近提醒, 到期催办) and a reminder (催办) look like on the wire.
import { z } from 'zod';
import { Period } from '../../domain/events.ts';
import { PlanDate } from '../../domain/plan.ts';
import { AlertKind } from '../../domain/reminder.ts';
import { IdString, MAX_LISTED, ShownText } from '../../domain/text.ts';
import { ActorView, Instant, ReadingFields, UnitRef } from '../views.ts';

export const LightName = z
  .enum(['green', 'yellow', 'red'])
  .describe("green 绿灯, yellow 黄灯 (due within the plan's yellowLightDays), red 红灯 (overdue and not done).");

export const DeadlineLight = z
  .object({
    light: LightName,
    lightLabel: ShownText,
    dueDate: PlanDate.describe("The day it is due, in the plan's time zone."),
    dueAt: Instant.describe("The end of the due date in the plan's time zone: on time up to this instant."),
    since: Instant.nullable().describe('When the current light began (for green: when it was done; null when green and never yet yellow).'),
    daysLeft: z
      .number()
      .int()
      .nullable()
      .describe(
        "Days after validAt's date up to the due date (working days when the plan has a working-day calendar); 0 on the due day; null once done or overdue.",
      ),
    daysOverdue: z.number().int().nullable().describe('Calendar days past the due date, when red.'),
    done: z.boolean().describe('Done by validAt (green for good).'),
    countsWorkingDays: z.boolean().describe('True when the window is counted in working days (the plan has a working-day calendar).'),
  })
  .meta({ id: 'DeadlineLight', description: 'Where something that falls due stands at validAt: green, yellow or red.' });

export const ReminderView = z
  .object({
    reminderId: IdString,
    alertId: IdString,
    kind: AlertKind,
    light: z.enum(['yellow', 'red']).describe("The alert's light when it was chased."),
    note: ShownText.nullable(),
    effectiveAt: Instant.describe('When the office chased it.'),
    recordedAt: Instant,
    actor: ActorView,
    globalPosition: z.number().int(),
  })
  .meta({
    id: 'Reminder',
    description: 'The office chased (催办) something a unit owed.',
    examples: [
      {
        reminderId: '01JD8ZQ6F1M0S3V6Q9H2K4T7XA',
        alertId: 'handling-plan:jxj',
        kind: 'handling_plan',
        light: 'red',
        note: '请于4月7日前报送具体办理工作方案',
        effectiveAt: '2023-04-04T01:30:00.000Z',
        recordedAt: '2023-04-04T01:31:02.000Z',
        actor: { id: 'tok_office', role: 'office', name: '领导小组办公室' },
        globalPosition: 912,
      },
    ],
  });

export const AlertView = z
  .object({
    id: IdString.describe(
      'Stable id of what is owed: handling-plan:{unitId}, monthly-report:{YYYY-MM}:{taskCode}:{unitId}, task:{taskCode}:{unitId} or action-item:{itemId}.',
    ),
    kind: AlertKind,
    kindLabel: ShownText,
    unit: UnitRef.describe('Who owes it.'),
    owed: ShownText.describe('What is owed, in words.'),
    task: z.object({ code: IdString, title: ShownText }).nullable(),
    period: Period.nullable().describe('For a monthly report: the month.'),
    ...DeadlineLight.shape,
    reminders: z.array(ReminderView).max(MAX_LISTED).describe("The office's reminders (催办) about it by validAt, oldest first."),
    href: ShownText.describe('Where the thing owed is read.'),
  })
  .meta({
    id: 'Alert',
    description: 'Something a unit owes that is yellow or red at validAt.',
    examples: [
      {
        id: 'monthly-report:2023-05:4.2:jxj',
        kind: 'monthly_report',
        kindLabel: '月度信息报送',
        unit: { id: 'jxj', name: '市经信局', kind: 'unit' },
        owed: '4.2 健全产业链协调机制：2023-05 进展情况',
        task: { code: '4.2', title: '健全产业链协调机制' },
        period: '2023-05',
        light: 'red',
        lightLabel: '红灯',
        dueDate: '2023-06-10',
        dueAt: '2023-06-10T15:59:59.999Z',
        since: '2023-06-10T16:00:00.000Z',
        daysLeft: null,
        daysOverdue: 5,
        done: false,
        countsWorkingDays: false,
        reminders: [],
        href: '/plans/wuhan-2023-p1/reports/monthly/2023-05',
      },
    ],
  });
export type AlertView = z.output<typeof AlertView>;

export const UnitAlerts = z
  .object({
    unit: UnitRef,
    red: z.number().int(),
    yellow: z.number().int(),
    alerts: z.array(AlertView).max(MAX_LISTED).describe('Red first, then yellow; each by due date.'),
  })
  .meta({ id: 'UnitAlerts' });

export const AlertList = z
  .object({
    planId: IdString,
    yellowLightDays: z.number().int().describe('The yellow-light window in force at validAt.'),
    countsWorkingDays: z.boolean(),
    counts: z.object({ red: z.number().int(), yellow: z.number().int() }),
    items: z.array(UnitAlerts).max(MAX_LISTED).describe("Per unit that owes something yellow or red, in the plan's unit order."),
    ...ReadingFields,
  })
  .meta({ id: 'AlertList', description: 'Everything yellow or red at `validAt`, per unit, as recorded by `asOf`.' });

export const ReminderResult = z
  .object({ reminder: ReminderView, alert: AlertView.describe('The alert as it stood when chased.'), globalPosition: z.number().int() })
  .meta({ id: 'ReminderResult' });
