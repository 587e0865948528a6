// A unit's record (单位台账): GET /plans/{planId}/units/{unitId} — the tasks it leads or shares with
// their status and light, its handling plan, its annual summary, what it owes that is yellow or red,
// and the office's reminders (催办) to it, all at (asOf, validAt).
import { z } from 'zod';
import { reminders, remindersKey, type UnitRemindersRecord } from '../../../projections/reminder.ts';
import { type TaskStatusRecord, taskKey, taskStatus } from '../../../projections/task.ts';
import { UnitNotFound } from '../../domain/errors.ts';
import { statusLabel } from '../../domain/labels.ts';
import { expandUnits } from '../../domain/plan.ts';
import { alertIdOf } from '../../domain/reminder.ts';
import { TaskStatus } from '../../domain/task-status.ts';
import { IdString, MAX_LISTED, ShownText } from '../../domain/text.ts';
import { alertView, byAlert, byUrgency, deadlineLightView, owedAt, reminderView, taskLight } from '../alert/alert.ts';
import { AlertView, DeadlineLight, ReminderView } from '../alert/alert-views.ts';
import { getAnnualSummary } from '../annual-summary/annual-summary.ts';
import type { AppContext } from '../context.ts';
import { getHandlingPlan } from '../handling-plan/handling-plan.ts';
import { ActionItemView, actionItemView } from '../meeting/meeting-views.ts';
import { actionItemsAt } from '../meeting/supervision-reads.ts';
import { planAt } from '../plan/plan-queries.ts';
import { unitRef } from '../plan/plan-views.ts';
import { ReadMemo } from '../read-model/state-cache.ts';
import type { ReadQuery } from '../reading.ts';
import { ReadingFields, UnitRef } from '../views.ts';

const UnitTask = z
  .object({
    code: IdString,
    title: ShownText,
    role: z.enum(['lead', 'responsible']).describe('lead 牵头 or responsible 责任 (directly or through a group).'),
    status: TaskStatus,
    statusLabel: ShownText,
    light: DeadlineLight.nullable().describe("The task's own deadline light; null when cancelled or without a due date."),
  })
  .meta({ id: 'UnitTask' });

export const UnitRecord = z
  .object({
    planId: IdString,
    unit: UnitRef,
    tasks: z.array(UnitTask).max(MAX_LISTED).describe("The tasks the unit leads or shares, in the plan's order."),
    handlingPlan: z
      .object({
        status: IdString,
        statusLabel: ShownText,
        timeliness: ShownText.nullable(),
        light: DeadlineLight.nullable().describe('Null when the plan sets no handling-plan deadline.'),
        href: ShownText,
      })
      .nullable()
      .describe("The unit's own handling plan; null when it owes none."),
    annualSummary: z
      .object({
        year: z.number().int(),
        status: IdString,
        statusLabel: ShownText,
        timeliness: ShownText.nullable(),
        light: DeadlineLight.nullable().describe('Null when the plan sets no annual-summary deadline.'),
        href: ShownText,
      })
      .nullable()
      .describe("The unit's annual summary (年度总结) of the year the plan's annualSummaryDeadline falls in (else validAt's); null when it owes none."),
    alerts: z.array(AlertView).max(MAX_LISTED).describe('What the unit owes that is yellow or red at validAt: red first.'),
    reminders: z.array(ReminderView).max(MAX_LISTED).describe("The office's reminders (催办) to the unit by validAt, newest first."),
    actionItems: z
      .array(ActionItemView)
      .max(MAX_LISTED)
      .describe('The action items (督办事项) assigned to the unit by validAt, open and closed, in the order assigned.'),
    ...ReadingFields,
  })
  .meta({ id: 'UnitRecord', description: "A unit's record (单位台账) at `validAt`, as recorded by `asOf`." });

export async function getUnitRecord(shared: AppContext, planId: string, unitId: string, query: ReadQuery): Promise<z.output<typeof UnitRecord>> {
  // The record reads the unit's handling plan, summary, statuses and items through several views
  // (the alerts, the lists): one lookup each, as for a bulletin.
  const ctx: AppContext = { ...shared, states: new ReadMemo(shared.states) };
  const { plan, reading } = await planAt(ctx, planId, query);
  const def = plan.definition;
  if (!def.units.some((u) => u.id === unitId)) throw new UnitNotFound(planId, unitId);
  const mine = def.tasks
    .map((t) => ({
      task: t,
      role: expandUnits(def, t.leadUnits).includes(unitId)
        ? ('lead' as const)
        : expandUnits(def, t.responsibleUnits).includes(unitId)
          ? ('responsible' as const)
          : null,
    }))
    .filter((m) => m.role !== null);
  const statuses = await ctx.states.at<TaskStatusRecord>(
    ctx.readModel,
    taskStatus.name,
    mine.map((m) => taskKey(planId, m.task.code)),
    reading.position,
    reading.validAt,
  );
  const owed = await owedAt(ctx, plan, reading, { units: new Set([unitId]) });
  const all = (await ctx.states.at<UnitRemindersRecord>(ctx.readModel, reminders.name, [remindersKey(planId, unitId)], reading.position, reading.validAt)).get(
    remindersKey(planId, unitId),
  );
  const reminded = byAlert(all ? [all] : []);
  const handling = owed.find((o) => o.ref.kind === 'handling_plan');
  let handlingPlan: z.output<typeof UnitRecord>['handlingPlan'] = null;
  if (mine.length) {
    const hp = await getHandlingPlan(ctx, planId, unitId, { asOf: reading.asOf, validAt: reading.validAt });
    handlingPlan = {
      status: hp.status,
      statusLabel: hp.statusLabel,
      timeliness: hp.timeliness,
      light: handling ? deadlineLightView(def, handling.dueDate, handling.reading) : null,
      href: `/plans/${encodeURIComponent(planId)}/units/${unitId}/handling-plan`,
    };
  }
  let annualSummary: z.output<typeof UnitRecord>['annualSummary'] = null;
  if (mine.length) {
    const summary = owed.find((o) => o.ref.kind === 'annual_summary');
    const as = await getAnnualSummary(ctx, planId, unitId, { asOf: reading.asOf, validAt: reading.validAt });
    annualSummary = {
      year: as.year,
      status: as.status,
      statusLabel: as.statusLabel,
      timeliness: as.timeliness,
      light: summary ? deadlineLightView(def, summary.dueDate, summary.reading) : null,
      href: `/plans/${encodeURIComponent(planId)}/units/${unitId}/annual-summary?year=${as.year}`,
    };
  }
  return {
    planId,
    unit: unitRef(def, unitId),
    tasks: mine.map(({ task, role }) => {
      const status = statuses.get(taskKey(planId, task.code))!;
      return {
        code: task.code,
        title: task.title,
        role: role!,
        status: status.status,
        statusLabel: statusLabel(status.status),
        light: taskLight(def, task, status, reading.validAt),
      };
    }),
    handlingPlan,
    annualSummary,
    alerts: owed
      .filter((o) => o.reading.light !== 'green')
      .map((o) => alertView(def, o, reminded.get(alertIdOf(o.ref)) ?? []))
      .sort(byUrgency(def)),
    reminders: [...(all?.reminders ?? [])].reverse().map(reminderView),
    actionItems: (await actionItemsAt(ctx, planId, reading))
      .filter((i) => i.unitId === unitId && i.status !== 'withdrawn')
      .map((i) => actionItemView(def, i, reading.validAt)),
    ...reading,
  };
}
