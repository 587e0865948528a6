// The sections of the quarterly bulletin (情况季通报) and of the year's summary material (总结材料).
// Each section is a pure function of what the app read at one reading (BulletinSources): its JSON
// (a zod schema, documented) and the tables the Markdown, CSV and Excel renderers print. A section
// added later is one more entry in SECTIONS and one more field in BulletinSections: the renderers
// (bulletin-render.ts) walk the list and never name a section.
import { z } from 'zod';
import type { ActionItemRecord } from '../../../projections/action-item.ts';
import type { InspectionRecord } from '../../../projections/inspection.ts';
import type { MeetingRecord } from '../../../projections/meeting.ts';
import type { AdoptedPlan } from '../../../projections/plan.ts';
import type { TaskStatusRecord } from '../../../projections/task.ts';
import type { Span } from '../../domain/bulletin.ts';
import { HANDLING_PLAN_STATUSES } from '../../domain/handling-plan.ts';
import { inspectionKindLabels, inspectorRoleLabels } from '../../domain/inspection.ts';
import { statusLabels } from '../../domain/labels.ts';
import { lightAt, lightLabels } from '../../domain/light.ts';
import { MeetingKind, meetingKindLabels, meetingStatusLabels } from '../../domain/meeting.ts';
import { expandUnits, type PlanDefinition } from '../../domain/plan.ts';
import { AlertKind, alertKindLabels } from '../../domain/reminder.ts';
import { SCORECARD_COMPONENTS, type ScorecardComponent, type ScorecardFacts, scorecardComponentLabels } from '../../domain/scorecard.ts';
import { TaskStatus } from '../../domain/task-status.ts';
import { IdString, MAX_LISTED, ShownText } from '../../domain/text.ts';
import { lightRulesOf, type Owed, taskLight } from '../alert/alert.ts';
import type { HandlingPlanItem } from '../handling-plan/handling-plan.ts';
import type { IndicatorView } from '../indicator/indicator-queries.ts';
import { countsOf } from '../owed-document.ts';
import { groupOf, unitName } from '../plan/plan-views.ts';
import type { MonthlyDispatch } from '../progress/monthly-dispatch.ts';
import { UnitBrief } from '../progress/progress.ts';
import type { Reading } from '../reading.ts';
import { cardsOf } from '../scorecard/scorecard.ts';
import { localTime } from '../time.ts';
import { Instant } from '../views.ts';

/** What every section is built from: read once, at one reading. */
export interface BulletinSources {
  plan: AdoptedPlan;
  reading: Reading;
  span: Span;
  /** The span's first instant and its last (the end of its last day, in the plan's time zone). */
  start: string;
  end: string;
  /** Each task's status at the reading, by task code. */
  statuses: Map<string, TaskStatusRecord>;
  /** The indicators at validAt, and just before the span began. */
  indicators: IndicatorView[];
  indicatorsAtStart: IndicatorView[];
  /** The monthly dispatch of each month of the span monthly reports were owed for. */
  dispatches: MonthlyDispatch[];
  handlingPlans: z.output<typeof HandlingPlanItem>[];
  /** Everything owed at validAt, with its light. */
  owed: Owed[];
  /** The plan's meetings, action items and inspections at the reading (withdrawn ones included). */
  meetings: MeetingRecord[];
  actionItems: ActionItemRecord[];
  inspections: InspectionRecord[];
  /** Every unit's scorecard facts at the reading (src/app/scorecard/scorecard.ts factsAt). */
  scorecardFacts: Map<string, ScorecardFacts>;
}

/** A printable table: a section prints one or more. Cells are text or whole numbers (exact decimals stay text). */
export interface Table {
  title?: string;
  columns: string[];
  rows: (string | number)[][];
}

export interface SectionSpec<S extends z.ZodType> {
  key: keyof BulletinSections;
  /** The Chinese heading (numbered by the renderers, in the list's order) and sheet name. */
  title: string;
  schema: S;
  build(src: BulletinSources): z.output<S>;
  tables(data: z.output<S>, timeZone: string): Table[];
}

const brief = (def: PlanDefinition, id: string): z.output<typeof UnitBrief> => {
  const group = groupOf(def, id);
  return group ? { id, name: group.name, kind: 'group' } : { id, name: unitName(def, id) ?? id, kind: 'unit' };
};

const yesNo = (b: boolean | null) => (b === null ? '' : b ? '是' : '否');
const within = (at: string, src: { start: string; end: string }) => at >= src.start && at <= src.end;

// ---- 任务进展: tasks by status and light ---------------------------------------------------------

const Light = z.enum(['red', 'yellow', 'green']);

const TasksSection = z
  .object({
    counts: z.object({
      byStatus: z.object(Object.fromEntries(TaskStatus.options.map((s) => [s, z.number().int()])) as Record<TaskStatus, z.ZodNumber>),
      byLight: z.object({
        red: z.number().int(),
        yellow: z.number().int(),
        green: z.number().int(),
        none: z.number().int().describe('Cancelled, or with no deadline.'),
      }),
      changedInPeriod: z.number().int().describe('Tasks whose status last changed within the period (valid time).'),
    }),
    items: z
      .array(
        z.object({
          code: IdString,
          title: ShownText,
          leadUnits: z.array(UnitBrief).max(MAX_LISTED),
          status: TaskStatus,
          statusLabel: ShownText,
          since: Instant.describe('When the status took effect.'),
          changedInPeriod: z.boolean(),
          dueDate: ShownText.nullable(),
          light: Light.nullable().describe("The task's deadline light at validAt (src/app/alert/alert.ts taskLight); null when cancelled or with no deadline."),
          lightLabel: ShownText.nullable(),
          daysOverdue: z.number().int().nullable(),
        }),
      )
      .max(MAX_LISTED)
      .describe("Every task, in the plan's order."),
  })
  .describe('Tasks by status and deadline light (任务进展).');

const tasksSection: SectionSpec<typeof TasksSection> = {
  key: 'tasks',
  title: '任务进展情况',
  schema: TasksSection,
  build(src) {
    const def = src.plan.definition;
    const items = def.tasks.map((task) => {
      const status = src.statuses.get(task.code);
      const current = status?.status ?? 'not_started';
      const since = status?.since ?? src.plan.effectiveAt;
      const light = taskLight(def, task, status, src.reading.validAt);
      return {
        code: task.code,
        title: task.title,
        leadUnits: task.leadUnits.map((u) => brief(def, u)),
        status: current,
        statusLabel: statusLabels[current],
        since,
        changedInPeriod: !!status && status.revision > 0 && within(since, src),
        dueDate: light?.dueDate ?? null,
        light: light?.light ?? null,
        lightLabel: light?.lightLabel ?? null,
        daysOverdue: light ? light.daysOverdue : null,
      };
    });
    const byStatus = Object.fromEntries(TaskStatus.options.map((s) => [s, items.filter((i) => i.status === s).length])) as Record<TaskStatus, number>;
    const lightCount = (l: 'red' | 'yellow' | 'green' | null) => items.filter((i) => i.light === l).length;
    return {
      counts: {
        byStatus,
        byLight: { red: lightCount('red'), yellow: lightCount('yellow'), green: lightCount('green'), none: lightCount(null) },
        changedInPeriod: items.filter((i) => i.changedInPeriod).length,
      },
      items,
    };
  },
  tables(data, timeZone) {
    return [
      {
        title: '按状态统计',
        columns: ['状态', '任务数'],
        rows: TaskStatus.options.map((s) => [statusLabels[s], data.counts.byStatus[s]]),
      },
      {
        title: '按灯号统计',
        columns: ['灯号', '任务数'],
        rows: [
          [lightLabels.red, data.counts.byLight.red],
          [lightLabels.yellow, data.counts.byLight.yellow],
          [lightLabels.green, data.counts.byLight.green],
          ['无期限或已取消', data.counts.byLight.none],
        ],
      },
      {
        title: '任务清单',
        columns: ['任务', '任务名称', '牵头单位', '状态', '状态起始', '本期变动', '完成期限', '灯号', '逾期天数'],
        rows: data.items.map((t) => [
          t.code,
          t.title,
          t.leadUnits.map((u) => u.name).join('、'),
          t.statusLabel,
          localTime(t.since, timeZone),
          yesNo(t.changedInPeriod),
          t.dueDate ?? '',
          t.lightLabel ?? '',
          t.daysOverdue ?? '',
        ]),
      },
    ];
  },
};

// ---- 指标进展: indicator progress ---------------------------------------------------------------

const comparatorLabels = { at_least: '不少于', about: '左右', at_most: '不超过', exactly: '等于' } as const;

const IndicatorsSection = z
  .object({
    counts: z.object({
      met: z.number().int(),
      onTrack: z.number().int().describe('On track, met included.'),
      offTrack: z.number().int(),
      noValue: z.number().int(),
    }),
    items: z
      .array(
        z.object({
          indicatorId: IdString,
          taskCode: IdString,
          name: ShownText,
          target: z.object({ value: ShownText, unit: IdString, comparator: z.enum(['at_least', 'about', 'at_most', 'exactly']) }),
          valueAtStart: ShownText.nullable().describe('The latest value in effect just before the period began.'),
          value: ShownText.nullable().describe('The latest value in effect at validAt.'),
          valueDate: Instant.nullable().describe('When that value took effect.'),
          percentOfTarget: ShownText.nullable(),
          met: z.boolean().nullable(),
          onTrack: z.boolean().nullable(),
          elapsedPercent: ShownText.nullable(),
        }),
      )
      .max(MAX_LISTED)
      .describe("Every indicator, in the plan's order (src/app/indicator/indicator-queries.ts indicatorsAt)."),
  })
  .describe('Indicator progress (指标进展).');

const indicatorsSection: SectionSpec<typeof IndicatorsSection> = {
  key: 'indicators',
  title: '指标进展情况',
  schema: IndicatorsSection,
  build(src) {
    const atStart = new Map(src.indicatorsAtStart.map((i) => [i.indicatorId, i.latest?.value ?? null]));
    const items = src.indicators.map((i) => ({
      indicatorId: i.indicatorId,
      taskCode: i.taskCode,
      name: i.name,
      target: { value: i.target.value, unit: i.target.unit, comparator: i.target.comparator },
      valueAtStart: atStart.get(i.indicatorId) ?? null,
      value: i.latest?.value ?? null,
      valueDate: i.latest?.effectiveAt ?? null,
      percentOfTarget: i.percentOfTarget,
      met: i.met,
      onTrack: i.onTrack,
      elapsedPercent: i.elapsedPercent,
    }));
    return {
      counts: {
        met: items.filter((i) => i.met === true).length,
        onTrack: items.filter((i) => i.onTrack === true).length,
        offTrack: items.filter((i) => i.onTrack === false).length,
        noValue: items.filter((i) => i.value === null).length,
      },
      items,
    };
  },
  tables(data, timeZone) {
    return [
      {
        columns: ['指标', '任务', '指标名称', '目标', '期初值', '最新值', '数值日期', '完成目标(%)', '达标', '进度正常', '时间进度(%)'],
        rows: data.items.map((i) => [
          i.indicatorId,
          i.taskCode,
          i.name,
          `${comparatorLabels[i.target.comparator]} ${i.target.value}${i.target.unit}`,
          i.valueAtStart ?? '',
          i.value ?? '',
          localTime(i.valueDate, timeZone),
          i.percentOfTarget ?? '',
          yesNo(i.met),
          yesNo(i.onTrack),
          i.elapsedPercent ?? '',
        ]),
      },
    ];
  },
};

// ---- 信息报送: reports submitted and missing per unit, each month ----------------------------------

const ReportsSection = z
  .object({
    months: z
      .array(
        z.object({
          period: IdString.describe('YYYY-MM.'),
          dueBy: Instant,
          overdue: z.boolean().describe('validAt is past dueBy: a missing report is late.'),
          totals: z.object({ submitted: z.number().int(), late: z.number().int(), missing: z.number().int() }),
          units: z
            .array(
              z.object({
                unit: UnitBrief,
                submitted: z.number().int().describe('Tasks the unit (lead or responsible) has a current report on for the month.'),
                late: z.number().int().describe("Of those, made after the month's report was due."),
                missing: z.array(ShownText).max(MAX_LISTED).describe('Codes of the tasks it leads with no report (required: not completed or cancelled).'),
              }),
            )
            .max(MAX_LISTED)
            .describe("Every unit that leads or shares a task (groups expanded), in the plan's unit order."),
        }),
      )
      .max(MAX_LISTED)
      .describe(
        "Each month of the period monthly reports are owed for (the plan's implementation period), from the monthly dispatch (src/app/progress/monthly-dispatch.ts).",
      ),
  })
  .describe('Progress reports submitted and missing (信息报送).');

const reportsSection: SectionSpec<typeof ReportsSection> = {
  key: 'reports',
  title: '信息报送情况',
  schema: ReportsSection,
  build(src) {
    const def = src.plan.definition;
    const unitIds = new Set(
      expandUnits(
        def,
        def.tasks.flatMap((t) => [...t.leadUnits, ...t.responsibleUnits]),
      ),
    );
    const units = def.units.filter((u) => unitIds.has(u.id)).map((u) => u.id);
    const months = src.dispatches.map((d) => {
      const submitted = new Map<string, number>();
      const late = new Map<string, number>();
      const count = (r: { unit: { id: string }; late: boolean }) => {
        submitted.set(r.unit.id, (submitted.get(r.unit.id) ?? 0) + 1);
        if (r.late) late.set(r.unit.id, (late.get(r.unit.id) ?? 0) + 1);
      };
      for (const task of d.items) {
        // A unit both leading and responsible for a task (through a group) counts its report once.
        const seen = new Set<string>();
        for (const r of [...task.leadUnits.flatMap((l) => (l.report ? [l.report] : [])), ...task.responsibleUnits.flatMap((x) => x.reports)]) {
          if (seen.has(r.reportId)) continue;
          seen.add(r.reportId);
          count(r);
        }
      }
      const missing = new Map(d.missing.map((m) => [m.unit.id, m.tasks]));
      const rows = units.map((id) => ({ unit: brief(def, id), submitted: submitted.get(id) ?? 0, late: late.get(id) ?? 0, missing: missing.get(id) ?? [] }));
      return {
        period: d.period,
        dueBy: d.dueBy,
        overdue: d.overdue,
        totals: {
          submitted: rows.reduce((n, r) => n + r.submitted, 0),
          late: rows.reduce((n, r) => n + r.late, 0),
          missing: rows.reduce((n, r) => n + r.missing.length, 0),
        },
        units: rows,
      };
    });
    return { months };
  },
  tables(data, timeZone) {
    return [
      {
        title: '按月汇总',
        columns: ['月份', '报送截止', '已过截止', '已报送', '逾期报送', '缺报'],
        rows: data.months.map((m) => [m.period, localTime(m.dueBy, timeZone), yesNo(m.overdue), m.totals.submitted, m.totals.late, m.totals.missing]),
      },
      {
        title: '分单位情况',
        columns: ['月份', '单位', '已报送', '逾期报送', '缺报', '缺报任务'],
        rows: data.months.flatMap((m) => m.units.map((u) => [m.period, u.unit.name, u.submitted, u.late, u.missing.length, u.missing.join('、')])),
      },
    ];
  },
};

// ---- 办理工作方案: handling plans' state -------------------------------------------------------

const HandlingPlansSection = z
  .object({
    counts: z.object({
      not_submitted: z.number().int(),
      submitted: z.number().int(),
      returned: z.number().int(),
      filed: z.number().int(),
      on_time: z.number().int(),
      late: z.number().int(),
      overdue: z.number().int(),
    }),
    items: z
      .array(
        z.object({
          unit: UnitBrief,
          status: z.enum(['not_submitted', 'submitted', 'returned', 'filed']),
          statusLabel: ShownText,
          timeliness: z.enum(['on_time', 'late', 'due', 'overdue']).nullable(),
          timelinessLabel: ShownText.nullable(),
          firstSubmittedAt: Instant.nullable(),
          filedAt: Instant.nullable(),
        }),
      )
      .max(MAX_LISTED)
      .describe("Every unit that owes a handling plan, in the plan's unit order."),
  })
  .describe('Handling plans (办理工作方案) at validAt.');

const handlingPlansSection: SectionSpec<typeof HandlingPlansSection> = {
  key: 'handlingPlans',
  title: '办理工作方案',
  schema: HandlingPlansSection,
  build(src) {
    const items = src.handlingPlans.map((h) => ({
      unit: { id: h.unit.id, name: h.unit.name, kind: h.unit.kind },
      status: h.status,
      statusLabel: h.statusLabel,
      timeliness: h.timeliness,
      timelinessLabel: h.timelinessLabel,
      firstSubmittedAt: h.firstSubmittedAt,
      filedAt: h.filedAt,
    }));
    return { counts: countsOf(items, HANDLING_PLAN_STATUSES), items };
  },
  tables(data, timeZone) {
    return [
      {
        columns: ['单位', '状态', '按时情况', '首次报送', '备案时间'],
        rows: data.items.map((i) => [
          i.unit.name,
          i.statusLabel,
          i.timelinessLabel ?? '',
          localTime(i.firstSubmittedAt, timeZone),
          localTime(i.filedAt, timeZone),
        ]),
      },
    ];
  },
};

// ---- 预警: alerts at the period's end ----------------------------------------------------------

const AlertsSection = z
  .object({
    counts: z.object({ red: z.number().int(), yellow: z.number().int() }),
    byKind: z.array(z.object({ kind: AlertKind, kindLabel: ShownText, red: z.number().int(), yellow: z.number().int() })).max(MAX_LISTED),
    units: z
      .array(z.object({ unit: UnitBrief, red: z.number().int(), yellow: z.number().int() }))
      .max(MAX_LISTED)
      .describe("Units with a red or yellow item at validAt, in the plan's unit order."),
  })
  .describe('Alerts (预警) at validAt: what is owed and red or yellow (src/app/alert/alert.ts owedAt).');

const alertsSection: SectionSpec<typeof AlertsSection> = {
  key: 'alerts',
  title: '预警情况',
  schema: AlertsSection,
  build(src) {
    const def = src.plan.definition;
    const lit = src.owed.filter((o) => o.reading.light !== 'green');
    const n = (f: (o: Owed) => boolean, light: 'red' | 'yellow') => lit.filter((o) => f(o) && o.reading.light === light).length;
    const kinds = AlertKind.options;
    return {
      counts: { red: n(() => true, 'red'), yellow: n(() => true, 'yellow') },
      byKind: kinds.map((kind) => ({
        kind,
        kindLabel: alertKindLabels[kind],
        red: n((o) => o.ref.kind === kind, 'red'),
        yellow: n((o) => o.ref.kind === kind, 'yellow'),
      })),
      units: def.units
        .filter((u) => lit.some((o) => o.ref.unitId === u.id))
        .map((u) => ({ unit: brief(def, u.id), red: n((o) => o.ref.unitId === u.id, 'red'), yellow: n((o) => o.ref.unitId === u.id, 'yellow') })),
    };
  },
  tables(data) {
    return [
      { title: '按类别', columns: ['类别', '红灯', '黄灯'], rows: data.byKind.map((k) => [k.kindLabel, k.red, k.yellow]) },
      { title: '按单位', columns: ['单位', '红灯', '黄灯'], rows: data.units.map((u) => [u.unit.name, u.red, u.yellow]) },
    ];
  },
};

// ---- 会议及议定事项: meetings held and cancelled in the period -------------------------------------

const TaskRef = z.object({ code: IdString, title: ShownText });
const AssignedItem = z.object({ itemId: IdString, unit: UnitBrief, text: ShownText, dueDate: ShownText.describe('As assigned.') });

const MeetingsSection = z
  .object({
    counts: z.object({
      held: z.number().int(),
      cancelled: z.number().int(),
      decisions: z.number().int().describe('Of the meetings held.'),
      actionItems: z.number().int().describe('Assigned by their decisions.'),
    }),
    items: z
      .array(
        z.object({
          meetingId: IdString,
          kind: MeetingKind,
          kindLabel: ShownText,
          title: ShownText,
          status: z.enum(['held', 'cancelled']),
          statusLabel: ShownText,
          at: Instant.describe('When it was held; for a cancelled one, when it was scheduled for.'),
          chair: z.object({ name: ShownText, title: ShownText }),
          place: ShownText,
          attendees: z.number().int().describe('How many attended (0 when cancelled).'),
          cancellation: z.object({ reason: ShownText, cancelledAt: Instant }).nullable(),
          decisions: z
            .array(
              z.object({ decisionId: IdString, text: ShownText, tasks: z.array(TaskRef).max(MAX_LISTED), actionItems: z.array(AssignedItem).max(MAX_LISTED) }),
            )
            .max(MAX_LISTED),
        }),
      )
      .max(MAX_LISTED)
      .describe(
        'Meetings held in the period, and those cancelled that were scheduled for it or cancelled in it, by time; withdrawn records left out (src/app/meeting/supervision-reads.ts meetingsAt).',
      ),
  })
  .describe('Meetings and their decisions (会议及议定事项): held or cancelled at validAt.');

const tasksOf = (def: PlanDefinition, codes: readonly string[]) =>
  codes.map((code) => ({ code, title: def.tasks.find((t) => t.code === code)?.title ?? code }));

const meetingsSection: SectionSpec<typeof MeetingsSection> = {
  key: 'meetings',
  title: '会议及议定事项',
  schema: MeetingsSection,
  build(src) {
    const def = src.plan.definition;
    const items = src.meetings
      .flatMap((m) => {
        if (m.status === 'held' && m.held && within(m.held.heldAt, src)) return [{ m, at: m.held.heldAt }];
        if (m.status === 'cancelled' && m.cancellation && (within(m.scheduledFor, src) || within(m.cancellation.cancelledAt, src)))
          return [{ m, at: m.scheduledFor }];
        return [];
      })
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
      .map(({ m, at }) => ({
        meetingId: m.meetingId,
        kind: m.kind,
        kindLabel: meetingKindLabels[m.kind],
        title: m.title,
        status: m.status as 'held' | 'cancelled',
        statusLabel: meetingStatusLabels[m.status],
        at,
        chair: { name: m.chair.name, title: m.chair.title },
        place: m.place,
        attendees: m.status === 'held' ? (m.held?.attendees.length ?? 0) : 0,
        cancellation: m.status === 'cancelled' && m.cancellation ? { reason: m.cancellation.reason, cancelledAt: m.cancellation.cancelledAt } : null,
        decisions:
          m.status === 'held' && m.held
            ? m.held.decisions.map((d) => ({
                decisionId: d.decisionId,
                text: d.text,
                tasks: tasksOf(def, d.taskCodes),
                actionItems: d.actionItems.map((a) => ({ itemId: a.itemId, unit: brief(def, a.unitId), text: a.text, dueDate: a.dueDate })),
              }))
            : [],
      }));
    const held = items.filter((i) => i.status === 'held');
    return {
      counts: {
        held: held.length,
        cancelled: items.length - held.length,
        decisions: held.reduce((n, m) => n + m.decisions.length, 0),
        actionItems: held.reduce((n, m) => n + m.decisions.reduce((k, d) => k + d.actionItems.length, 0), 0),
      },
      items,
    };
  },
  tables(data, timeZone) {
    return [
      {
        title: '会议',
        columns: ['会议', '类别', '状态', '时间', '主持', '地点', '出席人数', '议定事项数', '取消原因'],
        rows: data.items.map((m) => [
          m.title,
          m.kindLabel,
          m.statusLabel,
          localTime(m.at, timeZone),
          m.chair.title ? `${m.chair.name}（${m.chair.title}）` : m.chair.name,
          m.place,
          m.attendees,
          m.decisions.length,
          m.cancellation?.reason ?? '',
        ]),
      },
      {
        title: '议定事项',
        columns: ['会议', '序号', '议定事项', '涉及任务', '交办事项', '承办单位', '期限'],
        rows: data.items.flatMap((m) =>
          m.decisions.flatMap((d) => {
            const head = [m.title, d.decisionId, d.text, d.tasks.map((t) => t.code).join('、')];
            return d.actionItems.length ? d.actionItems.map((a) => [...head, a.text, a.unit.name, a.dueDate]) : [[...head, '', '', '']];
          }),
        ),
      },
    ];
  },
};

// ---- 督办事项: action items opened, closed and overdue in the period; inspections held in it ---------

const sourceKindLabels = { meeting: '会议', inspection: '检查' } as const;

const ActionItemEntry = z.object({
  itemId: IdString,
  unit: UnitBrief.describe('The unit it is assigned to.'),
  text: ShownText,
  source: z
    .object({
      kind: z.enum(['meeting', 'inspection']),
      kindLabel: ShownText,
      id: IdString,
      title: ShownText,
      partId: IdString.describe('The decision (d1 …) or finding (f1 …) that assigned it.'),
      taskCodes: z.array(ShownText).max(MAX_LISTED),
    })
    .describe('What assigned it.'),
  assignedAt: Instant,
  dueDate: ShownText.describe('The due date in force at validAt (as extended by then).'),
  originalDueDate: ShownText,
  extended: z.boolean().describe('Its due date was extended (延期) by validAt.'),
  status: z.enum(['open', 'closed']),
  statusLabel: ShownText,
  closedAt: Instant.nullable(),
  closedOnTime: z.boolean().nullable().describe('Closed by the end of its due date in force then; null while open.'),
  daysOverdue: z.number().int().nullable().describe('Open and past its due date at validAt: calendar days past it.'),
});

const ActionItemsSection = z
  .object({
    counts: z.object({
      opened: z.number().int(),
      closed: z.number().int(),
      closedOnTime: z.number().int(),
      closedLate: z.number().int(),
      overdue: z.number().int(),
      openAtEnd: z.number().int().describe('Every item open at validAt, overdue or not.'),
    }),
    opened: z.array(ActionItemEntry).max(MAX_LISTED).describe('Assigned in the period.'),
    closed: z.array(ActionItemEntry).max(MAX_LISTED).describe('Closed in the period, on time or late.'),
    overdue: z.array(ActionItemEntry).max(MAX_LISTED).describe('Open at validAt and past their due date in force then.'),
    inspections: z
      .array(
        z.object({
          inspectionId: IdString,
          kind: z.enum(['inspection', 'supervision', 'visit']),
          kindLabel: ShownText,
          title: ShownText,
          at: Instant,
          who: z.array(z.object({ name: ShownText, title: ShownText, roleLabel: ShownText })).max(MAX_LISTED),
          units: z.array(UnitBrief).max(MAX_LISTED),
          findings: z
            .array(
              z.object({
                findingId: IdString,
                text: ShownText,
                taskCodes: z.array(ShownText).max(MAX_LISTED),
                actionItems: z.array(AssignedItem).max(MAX_LISTED),
              }),
            )
            .max(MAX_LISTED),
        }),
      )
      .max(MAX_LISTED)
      .describe('Inspections and supervision visits (检查, 督办, 视察) in the period, by date; withdrawn ones left out.'),
  })
  .describe(
    'Action items (督办事项) at validAt — withdrawn ones left out — and the inspections of the period (src/app/meeting/supervision-reads.ts actionItemsAt, inspectionsAt).',
  );

type ActionItemEntry = z.output<typeof ActionItemEntry>;

const actionItemsSection: SectionSpec<typeof ActionItemsSection> = {
  key: 'actionItems',
  title: '督办事项',
  schema: ActionItemsSection,
  build(src) {
    const def = src.plan.definition;
    const rules = lightRulesOf(def);
    const entries = src.actionItems
      .filter((r) => r.status !== 'withdrawn')
      // By when assigned; the same meeting's or inspection's items in their order (the index's, kept by a stable sort).
      .sort((a, b) => Date.parse(a.assignedAt) - Date.parse(b.assignedAt))
      .map((r): ActionItemEntry => {
        const closure = r.status === 'closed' ? r.closure : null;
        const reading = lightAt({ dueDate: r.dueDate, doneAt: closure?.closedAt ?? null }, src.reading.validAt, rules);
        return {
          itemId: r.itemId,
          unit: brief(def, r.unitId),
          text: r.text,
          source: {
            kind: r.source.kind,
            kindLabel: sourceKindLabels[r.source.kind],
            id: r.source.id,
            title: r.source.title,
            partId: r.source.partId,
            taskCodes: r.source.taskCodes,
          },
          assignedAt: r.assignedAt,
          dueDate: r.dueDate,
          originalDueDate: r.originalDueDate,
          extended: r.extensions.length > 0,
          status: closure ? 'closed' : 'open',
          statusLabel: closure ? '已办结' : '未办结',
          closedAt: closure?.closedAt ?? null,
          closedOnTime: closure ? closure.onTime : null,
          daysOverdue: !closure && reading.light === 'red' ? reading.daysOverdue : null,
        };
      });
    const opened = entries.filter((e) => within(e.assignedAt, src));
    const closed = entries.filter((e) => e.closedAt !== null && within(e.closedAt, src));
    const overdue = entries.filter((e) => e.daysOverdue !== null);
    const inspections = src.inspections
      .filter((i) => !i.withdrawal && within(i.at, src))
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
      .map((i) => ({
        inspectionId: i.inspectionId,
        kind: i.kind,
        kindLabel: inspectionKindLabels[i.kind],
        title: i.title,
        at: i.at,
        who: i.who.map((w) => ({ name: w.name, title: w.title, roleLabel: inspectorRoleLabels[w.role] })),
        units: i.units.map((u) => brief(def, u)),
        findings: i.findings.map((f) => ({
          findingId: f.findingId,
          text: f.text,
          taskCodes: f.taskCodes,
          actionItems: f.actionItems.map((a) => ({ itemId: a.itemId, unit: brief(def, a.unitId), text: a.text, dueDate: a.dueDate })),
        })),
      }));
    return {
      counts: {
        opened: opened.length,
        closed: closed.length,
        closedOnTime: closed.filter((e) => e.closedOnTime === true).length,
        closedLate: closed.filter((e) => e.closedOnTime === false).length,
        overdue: overdue.length,
        openAtEnd: entries.filter((e) => e.status === 'open').length,
      },
      opened,
      closed,
      overdue,
      inspections,
    };
  },
  tables(data, timeZone) {
    const source = (i: ActionItemEntry) => `${i.source.kindLabel}：${i.source.title}（${i.source.partId}）`;
    const due = (i: ActionItemEntry) => (i.extended ? `${i.dueDate}（原 ${i.originalDueDate}）` : i.dueDate);
    return [
      {
        title: '数量',
        columns: ['本期交办', '本期办结', '其中按时', '其中逾期', '逾期未办结', '期末未办结'],
        rows: [[data.counts.opened, data.counts.closed, data.counts.closedOnTime, data.counts.closedLate, data.counts.overdue, data.counts.openAtEnd]],
      },
      {
        title: '本期交办',
        columns: ['事项', '承办单位', '来源', '交办时间', '期限', '状态'],
        rows: data.opened.map((i) => [i.text, i.unit.name, source(i), localTime(i.assignedAt, timeZone), due(i), i.statusLabel]),
      },
      {
        title: '本期办结',
        columns: ['事项', '承办单位', '来源', '期限', '办结时间', '按时办结'],
        rows: data.closed.map((i) => [i.text, i.unit.name, source(i), due(i), localTime(i.closedAt, timeZone), yesNo(i.closedOnTime)]),
      },
      {
        title: '逾期未办结',
        columns: ['事项', '承办单位', '来源', '期限', '逾期天数'],
        rows: data.overdue.map((i) => [i.text, i.unit.name, source(i), due(i), i.daysOverdue ?? '']),
      },
      {
        title: '检查督办',
        columns: ['检查', '类别', '时间', '参加人员', '涉及单位', '序号', '发现问题', '交办事项'],
        rows: data.inspections.flatMap((x) => {
          const head = [
            x.title,
            x.kindLabel,
            localTime(x.at, timeZone),
            x.who.map((w) => `${w.name}（${w.roleLabel}）`).join('、'),
            x.units.map((u) => u.name).join('、'),
          ];
          if (!x.findings.length) return [[...head, '', '', '']];
          return x.findings.map((f) => [...head, f.findingId, f.text, f.actionItems.map((a) => `${a.unit.name}：${a.text}（${a.dueDate}）`).join('；')]);
        }),
      },
    ];
  },
};

// ---- 单位排名: the units ranked by their scorecards at validAt -------------------------------------

const RankingSection = z
  .object({
    weights: z
      .object(Object.fromEntries(SCORECARD_COMPONENTS.map((c) => [c, z.number().int()])) as Record<ScorecardComponent, z.ZodNumber>)
      .describe("Each component's weight (the plan's scorecardWeights over the defaults)."),
    items: z
      .array(
        z.object({
          rated: z.boolean().describe('False (未评) when the unit owed nothing in the period: no total, no rank.'),
          rank: z.number().int().min(1).nullable().describe('Among the rated units; equal totals share a rank; null when not rated.'),
          unit: UnitBrief,
          total: ShownText.nullable().describe(
            'Exact decimal: 100 × points / weightCounted, two places half-up; the sum of the contributions. Null when not rated.',
          ),
          points: ShownText,
          weightCounted: z.number().int(),
          components: z
            .array(
              z.object({
                component: z.enum(SCORECARD_COMPONENTS),
                label: ShownText,
                counted: z.boolean(),
                weight: z.number().int(),
                points: ShownText.describe("weight × ratio, two places; they sum to the unit's points."),
                contribution: ShownText.describe('Its share of the total, two places; they sum to the total.'),
              }),
            )
            .max(MAX_LISTED)
            .describe("In the formula's order (src/domain/scorecard.ts)."),
        }),
      )
      .max(MAX_LISTED)
      .describe(
        "Every unit that owes something, judged on what it owed in the period, the rated in rank order; the unrated (未评) last, in the plan's order (src/app/scorecard/scorecard.ts factsAt, src/domain/scorecard.ts score and rank).",
      ),
  })
  .describe('The ranking of units (单位排名) by their scorecards at validAt, on what each owed in the period.');

const rankingSection: SectionSpec<typeof RankingSection> = {
  key: 'ranking',
  title: '单位排名',
  schema: RankingSection,
  build(src) {
    const def = src.plan.definition;
    const { weights, ranked } = cardsOf(src.plan, src.scorecardFacts);
    return {
      weights,
      items: ranked.map((c) => ({
        rated: c.rated,
        rank: c.rank,
        unit: brief(def, c.unit.id),
        total: c.total,
        points: c.points,
        weightCounted: c.weightCounted,
        components: c.components.map((x) => ({
          component: x.component,
          label: x.label,
          counted: x.counted,
          weight: x.weight,
          points: x.points,
          contribution: x.contribution,
        })),
      })),
    };
  },
  tables(data) {
    return [
      {
        // Each component's column is its share of the total, so a row adds up to its 总分.
        columns: ['名次', '单位', '总分', ...SCORECARD_COMPONENTS.map((c) => `${scorecardComponentLabels[c]}（权重${data.weights[c]}）`)],
        rows: data.items.map((r) => [
          r.rated ? (r.rank ?? '') : '未评',
          r.unit.name,
          r.rated ? (r.total ?? '') : '未评',
          ...SCORECARD_COMPONENTS.map((c) => {
            const x = r.components.find((y) => y.component === c);
            return x?.counted ? x.contribution : '—';
          }),
        ]),
      },
    ];
  },
};

// ---- The list ---------------------------------------------------------------------------------

export const BulletinSections = z
  .object({
    tasks: TasksSection,
    indicators: IndicatorsSection,
    reports: ReportsSection,
    handlingPlans: HandlingPlansSection,
    alerts: AlertsSection,
    meetings: MeetingsSection,
    actionItems: ActionItemsSection,
    ranking: RankingSection,
  })
  .meta({ id: 'BulletinSections', description: "The report's sections, in the order the Markdown, CSV and Excel forms print them." });
export type BulletinSections = z.output<typeof BulletinSections>;

export const SECTIONS: readonly SectionSpec<z.ZodType>[] = [
  tasksSection,
  indicatorsSection,
  reportsSection,
  handlingPlansSection,
  alertsSection,
  meetingsSection,
  actionItemsSection,
  rankingSection,
];

export function buildSections(src: BulletinSources): BulletinSections {
  return Object.fromEntries(SECTIONS.map((s) => [s.key, s.build(src)])) as BulletinSections;
}
