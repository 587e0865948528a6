// Deadlines and lights (临近提醒, 到期催办) at a reading: everything the plan's units owe, each with
// its light (src/domain/light.ts), read from the handling-plan, progress, task-status and reminders
// projections at (asOf, validAt). What falls due:
//  - a handling plan: every unit that owes one, by the plan's handlingPlanDeadline; done while a
//    submission stands (a return by the office, or withdrawing the only submission, makes it owed
//    again: red no earlier than that);
//  - a month's progress report: each lead unit of a task (groups expanded), for every month of the
//    implementation period up to validAt's month, due on monthlyReportDueDay of the next month;
//    only where the plan's reporting rhythm has something monthly; none for a task completed or
//    cancelled at validAt (as in the monthly dispatch);
//  - a task: each lead unit, by the task's deadline (its own or amended) or the end of the
//    implementation period; done once completed, owed by nobody once cancelled;
//  - an annual summary (年度总结): every unit that owes a handling plan, by the plan's
//    annualSummaryDeadline, for the year it falls in; done from the first summary still standing
//    (withdrawing the only one makes it owed again).
//  - an action item (督办事项): the unit it is assigned to, by its due date as extended by validAt;
//    done once closed; a withdrawn item (its minutes or inspection withdrawn) owes nothing.
import { DateTime } from 'luxon';
import { type AnnualSummaryRecord, annualSummary, annualSummaryKey } from '../../../projections/annual-summary.ts';
import { type HandlingPlanRecord, handlingPlan, handlingPlanKey } from '../../../projections/handling-plan.ts';
import type { AdoptedPlan } from '../../../projections/plan.ts';
import { type MonthlyProgressRecord, progress, progressKey } from '../../../projections/progress.ts';
import { type ReminderRecord, reminders, remindersKey, type UnitRemindersRecord } from '../../../projections/reminder.ts';
import { type TaskStatusRecord, taskKey, taskStatus } from '../../../projections/task.ts';
import { RuleViolated } from '../../domain/errors.ts';
import { unitsOwing } from '../../domain/handling-plan.ts';
import { type Light, type LightReading, type LightRules, lightAt, lightLabels } from '../../domain/light.ts';
import { expandUnits, implementationPeriod, type PlanDefinition, taskDueDate, yellowLightDaysOf } from '../../domain/plan.ts';
import { AlertNotFound, type AlertRef, alertIdOf, alertKindLabels, parseAlertId } from '../../domain/reminder.ts';
import type { AppContext } from '../context.ts';
import { actionItemsAt } from '../meeting/supervision-reads.ts';
import { planAt } from '../plan/plan-queries.ts';
import { unitRef } from '../plan/plan-views.ts';
import { reportDueDate } from '../progress/progress.ts';
import type { Reading, ReadQuery } from '../reading.ts';
import type { AlertView } from './alert-views.ts';

/** Something a unit owes, with its light at the reading. */
export interface Owed {
  ref: AlertRef;
  dueDate: string;
  reading: LightReading;
  /** What is owed, in words, when the ref alone does not say (an action item's text). */
  what?: string;
}

export const lightRulesOf = (plan: PlanDefinition): LightRules => ({
  timeZone: plan.timeZone,
  window: yellowLightDaysOf(plan),
  calendar: plan.workingDayCalendar,
});

/** Does the plan's reporting rhythm ask for something every month? */
const reportsMonthly = (plan: PlanDefinition) => plan.reporting.some((r) => r.cadence === 'monthly');

/** The months monthly reports are owed for at validAt: the implementation period's, none after validAt's month. */
export function reportMonths(plan: PlanDefinition, validAt: string): string[] {
  const period = implementationPeriod(plan);
  if (!period || !reportsMonthly(plan)) return [];
  const zone = plan.timeZone;
  const first = DateTime.fromISO(period.startDate, { zone }).startOf('month');
  const end = DateTime.fromISO(period.endDate, { zone }).startOf('month');
  const now = DateTime.fromISO(validAt, { zone }).startOf('month');
  const last = DateTime.min(now, end);
  const months: string[] = [];
  for (let m = first; m <= last; m = m.plus({ months: 1 })) months.push(m.toFormat('yyyy-MM'));
  return months;
}

interface Scope {
  /** Only these units' items (undefined: every unit's). */
  units?: ReadonlySet<string>;
  /** Only this item. */
  only?: AlertRef;
}

/** Everything owed at the reading, with its light (green included). */
export async function owedAt(ctx: AppContext, plan: AdoptedPlan, reading: Reading, scope: Scope = {}): Promise<Owed[]> {
  const def = plan.definition;
  const planId = def.id;
  const rules = lightRulesOf(def);
  const wants = (ref: AlertRef) => (!scope.units || scope.units.has(ref.unitId)) && (!scope.only || alertIdOf(scope.only) === alertIdOf(ref));
  const kind = scope.only?.kind;
  const out: Owed[] = [];
  const judge = (ref: AlertRef, dueDate: string, doneAt: string | null, owedSince: string | null = null, what?: string) => {
    out.push({ ref, dueDate, reading: lightAt({ dueDate, doneAt, owedSince }, reading.validAt, rules), ...(what !== undefined ? { what } : {}) });
  };

  if (def.handlingPlanDeadline && (!kind || kind === 'handling_plan')) {
    const units = unitsOwing(def).filter((unitId) => wants({ kind: 'handling_plan', unitId }));
    const records = await ctx.states.at<HandlingPlanRecord>(
      ctx.readModel,
      handlingPlan.name,
      units.map((u) => handlingPlanKey(planId, u)),
      reading.position,
      reading.validAt,
    );
    for (const unitId of units) {
      const record = records.get(handlingPlanKey(planId, unitId));
      // Done while a submission stands (submitted or filed); returned, or withdrawn to none, it is owed again.
      const standing = record && (record.status === 'submitted' || record.status === 'filed') ? record.current : null;
      const owedAgain = record && record.status !== 'submitted' && record.status !== 'filed' ? record.since : null;
      judge({ kind: 'handling_plan', unitId }, def.handlingPlanDeadline, standing?.submittedAt ?? null, owedAgain);
    }
  }

  if (def.annualSummaryDeadline && (!kind || kind === 'annual_summary')) {
    const year = Number(def.annualSummaryDeadline.slice(0, 4));
    const units = unitsOwing(def).filter((unitId) => wants({ kind: 'annual_summary', unitId }));
    const records = await ctx.states.at<AnnualSummaryRecord>(
      ctx.readModel,
      annualSummary.name,
      units.map((u) => annualSummaryKey(planId, u, year)),
      reading.position,
      reading.validAt,
    );
    for (const unitId of units) {
      const record = records.get(annualSummaryKey(planId, unitId, year));
      // Withdrawn to none, it is owed again from then.
      const owedAgain = record && !record.standing.length ? record.since : null;
      judge({ kind: 'annual_summary', unitId }, def.annualSummaryDeadline, record?.firstSubmittedAt ?? null, owedAgain);
    }
  }

  const needStatus = !kind || kind === 'task' || kind === 'monthly_report';
  const tasks = def.tasks.filter((t) => !scope.only?.taskCode || t.code === scope.only.taskCode);
  const statuses = needStatus
    ? await ctx.states.at<TaskStatusRecord>(
        ctx.readModel,
        taskStatus.name,
        tasks.map((t) => taskKey(planId, t.code)),
        reading.position,
        reading.validAt,
      )
    : new Map<string, TaskStatusRecord>();
  const statusOf = (code: string) => statuses.get(taskKey(planId, code))?.status;

  if (!kind || kind === 'monthly_report') {
    const months = reportMonths(def, reading.validAt).filter((m) => !scope.only?.period || m === scope.only.period);
    const open = tasks.filter((t) => statusOf(t.code) !== 'completed' && statusOf(t.code) !== 'cancelled');
    const keys = open.flatMap((t) => months.map((m) => progressKey(planId, t.code, m)));
    const records = await ctx.states.at<MonthlyProgressRecord>(ctx.readModel, progress.name, keys, reading.position, reading.validAt);
    for (const period of months) {
      const dueDate = reportDueDate(def, period);
      for (const task of open) {
        const month = records.get(progressKey(planId, task.code, period));
        for (const unitId of expandUnits(def, task.leadUnits)) {
          const ref: AlertRef = { kind: 'monthly_report', unitId, taskCode: task.code, period };
          if (wants(ref)) judge(ref, dueDate, month?.current[unitId]?.reportedAt ?? null);
        }
      }
    }
  }

  if (!kind || kind === 'action_item') {
    const items = await actionItemsAt(ctx, planId, reading, scope.only?.itemId !== undefined ? [scope.only.itemId] : undefined);
    for (const item of items) {
      if (item.status === 'withdrawn') continue;
      const ref: AlertRef = { kind: 'action_item', unitId: item.unitId, itemId: item.itemId };
      if (wants(ref)) judge(ref, item.dueDate, item.closure?.closedAt ?? null, null, item.text);
    }
  }

  if (!kind || kind === 'task') {
    for (const task of tasks) {
      const dueDate = taskDueDate(def, task);
      const status = statuses.get(taskKey(planId, task.code));
      if (!dueDate || status?.status === 'cancelled') continue;
      for (const unitId of expandUnits(def, task.leadUnits)) {
        const ref: AlertRef = { kind: 'task', unitId, taskCode: task.code };
        if (wants(ref)) judge(ref, dueDate, status?.status === 'completed' ? status.since : null);
      }
    }
  }
  return out;
}

/** The unit's reminders at the reading, by alert id. */
export async function remindersAt(ctx: AppContext, planId: string, unitIds: readonly string[], reading: Reading): Promise<Map<string, ReminderRecord[]>> {
  const records = await ctx.states.at<UnitRemindersRecord>(
    ctx.readModel,
    reminders.name,
    unitIds.map((u) => remindersKey(planId, u)),
    reading.position,
    reading.validAt,
  );
  return byAlert([...records.values()]);
}

/** Reminders by the alert they chased, oldest first. */
export function byAlert(records: readonly UnitRemindersRecord[]): Map<string, ReminderRecord[]> {
  const out = new Map<string, ReminderRecord[]>();
  for (const record of records) {
    for (const r of record.reminders) out.set(r.alertId, [...(out.get(r.alertId) ?? []), r]);
  }
  return out;
}

export const reminderView = (r: ReminderRecord) => ({
  reminderId: r.reminderId,
  alertId: r.alertId,
  kind: r.kind,
  light: r.light,
  note: r.note ?? null,
  effectiveAt: r.effectiveAt,
  recordedAt: r.recordedAt,
  actor: r.actor,
  globalPosition: r.globalPosition,
});

function owedText(def: PlanDefinition, ref: AlertRef, what?: string): string {
  const task = def.tasks.find((t) => t.code === ref.taskCode);
  switch (ref.kind) {
    case 'handling_plan':
      return '具体办理工作方案（报送备案）';
    case 'monthly_report':
      return `${task!.code} ${task!.title}：${ref.period} 进展情况`;
    case 'task':
      return `${task!.code} ${task!.title}：完成任务`;
    case 'annual_summary':
      return `${def.annualSummaryDeadline?.slice(0, 4) ?? ''}年度办理工作总结`;
    case 'action_item':
      return `督办事项：${what ?? ref.itemId}`;
  }
}

function hrefOf(def: PlanDefinition, ref: AlertRef): string {
  const plan = `/plans/${encodeURIComponent(def.id)}`;
  switch (ref.kind) {
    case 'handling_plan':
      return `${plan}/units/${ref.unitId}/handling-plan`;
    case 'monthly_report':
      return `${plan}/reports/monthly/${ref.period}`;
    case 'task':
      return `${plan}/tasks/${encodeURIComponent(ref.taskCode!)}`;
    case 'annual_summary':
      return `${plan}/units/${ref.unitId}/annual-summary`;
    case 'action_item':
      return `${plan}/action-items/${encodeURIComponent(ref.itemId!)}`;
  }
}

export function alertView(def: PlanDefinition, owed: Owed, reminded: readonly ReminderRecord[]): AlertView {
  const { ref, dueDate, reading } = owed;
  const task = ref.taskCode ? def.tasks.find((t) => t.code === ref.taskCode) : undefined;
  return {
    id: alertIdOf(ref),
    kind: ref.kind,
    kindLabel: alertKindLabels[ref.kind],
    unit: unitRef(def, ref.unitId),
    owed: owedText(def, ref, owed.what),
    task: task ? { code: task.code, title: task.title } : null,
    period: ref.period ?? null,
    ...deadlineLightView(def, dueDate, reading),
    reminders: reminded.map(reminderView),
    href: hrefOf(def, ref),
  };
}

const LIGHT_ORDER: Record<Light, number> = { red: 0, yellow: 1, green: 2 };

/** Red first, then yellow, each by due date, then by the plan's task order. */
export function byUrgency(def: PlanDefinition) {
  const taskOrder = new Map(def.tasks.map((t, i) => [t.code, i]));
  return (a: AlertView, b: AlertView) =>
    LIGHT_ORDER[a.light] - LIGHT_ORDER[b.light] ||
    a.dueAt.localeCompare(b.dueAt) ||
    (taskOrder.get(a.task?.code ?? '') ?? -1) - (taskOrder.get(b.task?.code ?? '') ?? -1);
}

export interface AlertQuery extends ReadQuery {
  unit?: string;
  light?: 'yellow' | 'red';
}

export async function listAlerts(ctx: AppContext, planId: string, query: AlertQuery) {
  const { plan, reading } = await planAt(ctx, planId, query);
  const def = plan.definition;
  let units: Set<string> | undefined;
  if (query.unit !== undefined) {
    if (!def.units.some((u) => u.id === query.unit) && !def.groups.some((g) => g.id === query.unit)) {
      throw new RuleViolated('unit', { rule: 'unit-or-group-unknown', planId, unitId: query.unit }, 'query');
    }
    units = new Set(expandUnits(def, [query.unit]));
  }
  const owed = (await owedAt(ctx, plan, reading, units ? { units } : {})).filter(
    (o) => o.reading.light !== 'green' && (!query.light || o.reading.light === query.light),
  );
  const unitIds = [...new Set(owed.map((o) => o.ref.unitId))];
  const reminded = await remindersAt(ctx, planId, unitIds, reading);
  const order = byUrgency(def);
  const items = def.units
    .filter((u) => unitIds.includes(u.id))
    .map((u) => {
      const alerts = owed
        .filter((o) => o.ref.unitId === u.id)
        .map((o) => alertView(def, o, reminded.get(alertIdOf(o.ref)) ?? []))
        .sort(order);
      return {
        unit: unitRef(def, u.id),
        red: alerts.filter((a) => a.light === 'red').length,
        yellow: alerts.filter((a) => a.light === 'yellow').length,
        alerts,
      };
    });
  return {
    planId,
    yellowLightDays: yellowLightDaysOf(def),
    countsWorkingDays: !!def.workingDayCalendar,
    counts: { red: items.reduce((n, i) => n + i.red, 0), yellow: items.reduce((n, i) => n + i.yellow, 0) },
    items,
    ...reading,
  };
}

/** One owed item at the reading, any light; AlertNotFound when the plan's units owe no such thing. */
export async function owedItemAt(ctx: AppContext, plan: AdoptedPlan, reading: Reading, alertId: string): Promise<Owed> {
  const ref = parseAlertId(alertId);
  if (!ref) {
    throw new AlertNotFound(alertId, { because: 'malformed' });
  }
  const def = plan.definition;
  if (ref.kind !== 'action_item' && !def.units.some((u) => u.id === ref.unitId))
    throw new AlertNotFound(alertId, { because: 'no-unit', planId: def.id, unitId: ref.unitId });
  if (ref.taskCode && !def.tasks.some((t) => t.code === ref.taskCode))
    throw new AlertNotFound(alertId, { because: 'no-task', planId: def.id, taskCode: ref.taskCode });
  const [found] = await owedAt(ctx, plan, reading, { only: ref });
  if (!found && ref.kind === 'action_item')
    throw new AlertNotFound(alertId, { because: 'no-action-item', planId: def.id, itemId: ref.itemId!, at: reading.validAt });
  if (!found) throw new AlertNotFound(alertId, { because: 'owes-nothing', unitId: ref.unitId, at: reading.validAt });
  return found;
}

/** A deadline light as the wire shows it. */
export function deadlineLightView(def: PlanDefinition, dueDate: string, reading: LightReading) {
  return {
    light: reading.light,
    lightLabel: lightLabels[reading.light],
    dueDate,
    dueAt: reading.dueAt,
    since: reading.since,
    daysLeft: reading.daysLeft,
    daysOverdue: reading.daysOverdue,
    done: reading.done,
    countsWorkingDays: !!def.workingDayCalendar,
  };
}

/** A task's own light: due on its deadline (own or amended) or the end of the implementation period; null when it has neither, or is cancelled. */
export function taskLight(def: PlanDefinition, task: PlanDefinition['tasks'][number], status: { status: string; since: string } | undefined, validAt: string) {
  const dueDate = taskDueDate(def, task);
  if (!dueDate || status?.status === 'cancelled') return null;
  const doneAt = status?.status === 'completed' ? status.since : null;
  return deadlineLightView(def, dueDate, lightAt({ dueDate, doneAt }, validAt, lightRulesOf(def)));
}
