// What meetings (协调会议), action items (督办事项) and inspections (检查, 督办, 视察) look like on the wire.
import { z } from 'zod';
import type { ActionItemRecord } from '../../../projections/action-item.ts';
import type { InspectionRecord } from '../../../projections/inspection.ts';
import type { MeetingRecord } from '../../../projections/meeting.ts';
import { InspectionKind, InspectorRole, inspectionKindLabels, inspectorRoleLabels } from '../../domain/inspection.ts';
import { lightAt } from '../../domain/light.ts';
import { MeetingKind, meetingKindLabels, meetingStatusLabels } from '../../domain/meeting.ts';
import { PlanDate, type PlanDefinition } from '../../domain/plan.ts';
import { IdString, MAX_LISTED, ShownText } from '../../domain/text.ts';
import { deadlineLightView, lightRulesOf } from '../alert/alert.ts';
import { DeadlineLight } from '../alert/alert-views.ts';
import { unitRef } from '../plan/plan-views.ts';
import { UnitBrief } from '../progress/progress.ts';
import { ActorView, Instant, ReadingFields } from '../views.ts';
import { inspectionExample, meetingExample } from './meeting-examples.ts';

const TaskBrief = z.object({ code: IdString, title: ShownText }).meta({ id: 'TaskBrief' });

export const ActionItemStatusName = z
  .enum(['open', 'closed', 'withdrawn'])
  .describe('open 未办结, closed 已办结, withdrawn 已撤回 (its minutes or inspection withdrawn: owes nothing).');
const itemStatusLabels = { open: '未办结', closed: '已办结', withdrawn: '已撤回' } as const;

export const ActionItemView = z
  .object({
    itemId: IdString,
    source: z
      .object({
        kind: z.enum(['meeting', 'inspection']),
        id: IdString.describe("The meeting's or inspection's id."),
        title: ShownText,
        partId: IdString.describe('The decision (d1 …) or finding (f1 …) that assigned it.'),
        text: ShownText.describe("The decision's or finding's text."),
        tasks: z.array(TaskBrief).max(MAX_LISTED),
        href: ShownText,
      })
      .describe("What assigned it: a meeting's decision or an inspection's finding."),
    unit: UnitBrief.describe('The unit it is assigned to.'),
    text: ShownText,
    assignedAt: Instant.describe("When it was assigned: the meeting's or inspection's time (valid time)."),
    dueDate: PlanDate.describe('The due date in force at validAt (as extended by then).'),
    originalDueDate: PlanDate,
    dueDateHistory: z
      .array(z.object({ previousDueDate: PlanDate, dueDate: PlanDate, reason: ShownText, from: Instant, recordedAt: Instant, extendedBy: ActorView }))
      .max(MAX_LISTED)
      .describe('Extensions (延期) in effect by validAt, oldest first.'),
    status: ActionItemStatusName,
    statusLabel: ShownText,
    resolution: z
      .object({
        text: ShownText,
        closedAt: Instant,
        recordedAt: Instant,
        closedBy: ActorView,
        dueDate: PlanDate.describe('The due date in force when closed.'),
        onTime: z.boolean(),
      })
      .nullable()
      .describe('How it was closed (办结), when closed by validAt.'),
    closedOnTime: z.boolean().nullable().describe('Closed by the end of its due date in force then; null while open or withdrawn.'),
    light: DeadlineLight.nullable().describe('Its deadline light at validAt; null when withdrawn.'),
    withdrawal: z.object({ reason: ShownText, withdrawnAt: Instant, recordedAt: Instant, withdrawnBy: ActorView }).nullable(),
    href: ShownText,
    globalPosition: z.number().int(),
  })
  .meta({
    id: 'ActionItem',
    description: 'An action item (督办事项) at validAt.',
    examples: [
      {
        itemId: '0193a5c0-0000-7000-8000-000000000003',
        source: {
          kind: 'meeting',
          id: '0193a5c0-0000-7000-8000-000000000001',
          title: '科技创新供应链工作协调会',
          partId: 'd1',
          text: '加快专精特新企业梯度培育',
          tasks: [{ code: '4.2', title: '健全产业链协调机制' }],
          href: '/plans/wuhan-2023-p1/meetings/0193a5c0-0000-7000-8000-000000000001',
        },
        unit: { id: 'jxj', name: '市经信局', kind: 'unit' },
        text: '牵头制定专精特新企业梯度培育方案',
        assignedAt: '2023-05-10T01:00:00.000Z',
        dueDate: '2023-06-30',
        originalDueDate: '2023-06-30',
        dueDateHistory: [],
        status: 'open',
        statusLabel: '未办结',
        resolution: null,
        closedOnTime: null,
        light: {
          light: 'yellow',
          lightLabel: '黄灯',
          dueDate: '2023-06-30',
          dueAt: '2023-06-30T15:59:59.999Z',
          since: '2023-06-26T16:00:00.000Z',
          daysLeft: 2,
          daysOverdue: null,
          done: false,
          countsWorkingDays: false,
        },
        withdrawal: null,
        href: '/plans/wuhan-2023-p1/action-items/0193a5c0-0000-7000-8000-000000000003',
        globalPosition: 40,
      },
    ],
  });
export type ActionItemView = z.output<typeof ActionItemView>;

export const ActionItemList = z
  .object({
    planId: IdString,
    counts: z
      .object({ open: z.number().int(), closed: z.number().int(), overdue: z.number().int().describe('Open and red at validAt.') })
      .describe('Over the items listed.'),
    items: z.array(ActionItemView).max(MAX_LISTED).describe('In the order assigned.'),
    ...ReadingFields,
  })
  .meta({ id: 'ActionItemList', description: "A plan's action items (督办事项) at `validAt`, as recorded by `asOf`." });

export const AssignedItemView = z
  .object({ itemId: IdString, unit: UnitBrief, dueDate: PlanDate, text: ShownText, href: ShownText })
  .meta({ id: 'AssignedActionItem' });

export const MeetingView = z
  .object({
    meetingId: IdString,
    kind: MeetingKind,
    kindLabel: ShownText,
    title: ShownText,
    chair: z.object({ name: ShownText, title: ShownText }),
    scheduledFor: Instant,
    place: ShownText,
    status: z.enum(['scheduled', 'held', 'cancelled', 'withdrawn']).describe('scheduled 已安排, held 已召开, cancelled 已取消, withdrawn 已撤回.'),
    statusLabel: ShownText,
    scheduledAt: Instant.describe('When it was scheduled (valid time).'),
    held: z
      .object({
        heldAt: Instant,
        recordedAt: Instant,
        recordedBy: ActorView,
        attendees: z.array(z.object({ name: ShownText, title: ShownText.nullable(), unit: UnitBrief })).max(MAX_LISTED),
        minutes: ShownText,
        decisions: z
          .array(
            z.object({
              decisionId: IdString,
              text: ShownText,
              tasks: z.array(TaskBrief).max(MAX_LISTED),
              actionItems: z.array(AssignedItemView).max(MAX_LISTED),
            }),
          )
          .max(MAX_LISTED),
      })
      .nullable()
      .describe('The minutes, once held.'),
    cancellation: z.object({ reason: ShownText, cancelledAt: Instant, recordedAt: Instant, cancelledBy: ActorView }).nullable(),
    withdrawals: z
      .array(
        z.object({
          withdrawn: z.enum(['minutes', 'cancellation', 'schedule']),
          reason: ShownText,
          withdrawnAt: Instant,
          recordedAt: Instant,
          withdrawnBy: ActorView,
          actionItemIds: z.array(ShownText).max(MAX_LISTED),
        }),
      )
      .max(MAX_LISTED)
      .describe('Records withdrawn (撤回) by validAt, oldest first.'),
    href: ShownText,
    globalPosition: z.number().int(),
  })
  .meta({ id: 'Meeting', description: 'A meeting (协调会议制度) at validAt.', examples: [meetingExample] });
export type MeetingView = z.output<typeof MeetingView>;

export const MeetingList = z
  .object({ planId: IdString, items: z.array(MeetingView).max(MAX_LISTED).describe('By scheduled time.'), ...ReadingFields })
  .meta({ id: 'MeetingList' });

export const InspectionView = z
  .object({
    inspectionId: IdString,
    kind: InspectionKind,
    kindLabel: ShownText,
    title: ShownText,
    at: Instant.describe('When it took place (valid time).'),
    who: z.array(z.object({ name: ShownText, title: ShownText, role: InspectorRole, roleLabel: ShownText })).max(MAX_LISTED),
    tasks: z.array(TaskBrief).max(MAX_LISTED),
    units: z.array(UnitBrief).max(MAX_LISTED),
    findings: z
      .array(
        z.object({ findingId: IdString, text: ShownText, tasks: z.array(TaskBrief).max(MAX_LISTED), actionItems: z.array(AssignedItemView).max(MAX_LISTED) }),
      )
      .max(MAX_LISTED),
    status: z.enum(['recorded', 'withdrawn']),
    withdrawal: z.object({ reason: ShownText, withdrawnAt: Instant, recordedAt: Instant, withdrawnBy: ActorView }).nullable(),
    recordedAt: Instant,
    recordedBy: ActorView,
    href: ShownText,
    globalPosition: z.number().int(),
  })
  .meta({ id: 'Inspection', description: 'An inspection or supervision visit (检查, 督办, 视察) at validAt.', examples: [inspectionExample] });
export type InspectionView = z.output<typeof InspectionView>;

export const InspectionList = z
  .object({ planId: IdString, items: z.array(InspectionView).max(MAX_LISTED).describe('By date.'), ...ReadingFields })
  .meta({ id: 'InspectionList' });

const brief = (def: PlanDefinition, id: string) => {
  const { name, kind } = unitRef(def, id);
  return { id, name, kind };
};
const tasksOf = (def: PlanDefinition, codes: readonly string[]) =>
  codes.map((code) => ({ code, title: def.tasks.find((t) => t.code === code)?.title ?? code }));
const planPath = (def: PlanDefinition) => `/plans/${encodeURIComponent(def.id)}`;
const itemHref = (def: PlanDefinition, id: string) => `${planPath(def)}/action-items/${encodeURIComponent(id)}`;

const assignedView = (def: PlanDefinition, a: { itemId: string; unitId: string; dueDate: string; text: string }) => ({
  itemId: a.itemId,
  unit: brief(def, a.unitId),
  dueDate: a.dueDate,
  text: a.text,
  href: itemHref(def, a.itemId),
});

export function actionItemView(def: PlanDefinition, r: ActionItemRecord, validAt: string): ActionItemView {
  const sourceHref = `${planPath(def)}/${r.source.kind === 'meeting' ? 'meetings' : 'inspections'}/${encodeURIComponent(r.source.id)}`;
  const light =
    r.status === 'withdrawn'
      ? null
      : deadlineLightView(def, r.dueDate, lightAt({ dueDate: r.dueDate, doneAt: r.closure?.closedAt ?? null }, validAt, lightRulesOf(def)));
  return {
    itemId: r.itemId,
    source: {
      kind: r.source.kind,
      id: r.source.id,
      title: r.source.title,
      partId: r.source.partId,
      text: r.source.partText,
      tasks: tasksOf(def, r.source.taskCodes),
      href: sourceHref,
    },
    unit: brief(def, r.unitId),
    text: r.text,
    assignedAt: r.assignedAt,
    dueDate: r.dueDate,
    originalDueDate: r.originalDueDate,
    dueDateHistory: r.extensions,
    status: r.status,
    statusLabel: itemStatusLabels[r.status],
    resolution: r.closure
      ? {
          text: r.closure.resolution,
          closedAt: r.closure.closedAt,
          recordedAt: r.closure.recordedAt,
          closedBy: r.closure.closedBy,
          dueDate: r.closure.dueDate,
          onTime: r.closure.onTime,
        }
      : null,
    closedOnTime: r.status === 'closed' && r.closure ? r.closure.onTime : null,
    light,
    withdrawal: r.withdrawal,
    href: itemHref(def, r.itemId),
    globalPosition: r.globalPosition,
  };
}

export function meetingView(def: PlanDefinition, r: MeetingRecord): MeetingView {
  return {
    meetingId: r.meetingId,
    kind: r.kind,
    kindLabel: meetingKindLabels[r.kind],
    title: r.title,
    chair: r.chair,
    scheduledFor: r.scheduledFor,
    place: r.place,
    status: r.status,
    statusLabel: meetingStatusLabels[r.status],
    scheduledAt: r.scheduledAt,
    held: r.held
      ? {
          heldAt: r.held.heldAt,
          recordedAt: r.held.recordedAt,
          recordedBy: r.held.recordedBy,
          attendees: r.held.attendees.map((a) => ({ name: a.name, title: a.title ?? null, unit: brief(def, a.unitId) })),
          minutes: r.held.minutes,
          decisions: r.held.decisions.map((d) => ({
            decisionId: d.decisionId,
            text: d.text,
            tasks: tasksOf(def, d.taskCodes),
            actionItems: d.actionItems.map((a) => assignedView(def, a)),
          })),
        }
      : null,
    cancellation: r.cancellation,
    withdrawals: r.withdrawals,
    href: `${planPath(def)}/meetings/${encodeURIComponent(r.meetingId)}`,
    globalPosition: r.globalPosition,
  };
}

export function inspectionView(def: PlanDefinition, r: InspectionRecord): InspectionView {
  return {
    inspectionId: r.inspectionId,
    kind: r.kind,
    kindLabel: inspectionKindLabels[r.kind],
    title: r.title,
    at: r.at,
    who: r.who.map((w) => ({ ...w, roleLabel: inspectorRoleLabels[w.role] })),
    tasks: tasksOf(def, r.tasks),
    units: r.units.map((u) => brief(def, u)),
    findings: r.findings.map((f) => ({
      findingId: f.findingId,
      text: f.text,
      tasks: tasksOf(def, f.taskCodes),
      actionItems: f.actionItems.map((a) => assignedView(def, a)),
    })),
    status: r.withdrawal ? 'withdrawn' : 'recorded',
    withdrawal: r.withdrawal,
    recordedAt: r.recordedAt,
    recordedBy: r.recordedBy,
    href: `${planPath(def)}/inspections/${encodeURIComponent(r.inspectionId)}`,
    globalPosition: r.globalPosition,
  };
}
