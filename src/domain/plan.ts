// The plan definition: everything a work plan says, as data. A plan file (plans/*.json) is parsed
// by PlanDefinition; nothing elsewhere in the code may assume a particular plan.
import { z } from 'zod';
import type { RuleText } from './messages.ts';
import { schemaMessage } from './messages.ts';
import { IdString, LongText, MAX_LISTED, MultilineText, Name, Text, text } from './text.ts';

// The text rules live in text.ts; re-exported for the modules that took Text from here.
export { Text };

export const UnitId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'a unit id is lower-case ASCII: letters, digits and -')
  .max(40, schemaMessage('text-too-long', { max: 40 }))
  .meta({ id: 'UnitId', description: 'Stable ASCII id of a unit or of a group of units.' });

/** An exact decimal, kept as a string so no binary float ever touches it. */
export const Decimal = z
  .string()
  .regex(/^-?(0|[1-9]\d*)(\.\d+)?$/, 'an exact decimal such as "13000" or "2.5"')
  .max(40, schemaMessage('text-too-long', { max: 40 }))
  .meta({ id: 'Decimal', description: 'An exact decimal number written as a string.' });

/** A calendar date in the plan's time zone. */
export const PlanDate = z.iso
  .date()
  .max(10, schemaMessage('text-too-long', { max: 10 }))
  .meta({ id: 'PlanDate', description: "A calendar date (YYYY-MM-DD) in the plan's time zone." });

export const Unit = z
  .strictObject({
    id: UnitId,
    name: Name.describe("The unit's short name as the plan writes it, e.g. 市科技局."),
    aliases: z.array(Name).max(MAX_LISTED).default([]).describe('Other names the documents use for the unit.'),
    level: z.enum(['government', 'department', 'district', 'legislature', 'other']).describe('What kind of body the unit is.'),
  })
  .meta({ id: 'Unit' });

export const UnitGroup = z
  .strictObject({
    id: UnitId,
    name: Name.describe('The group as the plan names it, e.g. 各区人民政府.'),
    aliases: z.array(Name).max(MAX_LISTED).default([]),
    note: Text.optional().describe('What the plan says the group includes.'),
    members: z.array(UnitId).max(MAX_LISTED).min(1),
  })
  .meta({ id: 'UnitGroup', description: 'A named set of units the plan assigns work to as one, expanded to its members where a per-unit view needs it.' });

export const Comparator = z
  .enum(['at_least', 'about', 'at_most', 'exactly'])
  .meta({ id: 'Comparator', description: 'How a value is held against the target: 以上/突破/plain = at_least; 左右 = about.' });

export const IndicatorDefinition = z
  .strictObject({
    id: IdString.regex(/^\d+\.\d+-\d+$/, 'an indicator id is {taskCode}-{n}'),
    taskCode: IdString.regex(/^\d+\.\d+$/),
    name: Text.describe('What is counted, e.g. 科技重大专项.'),
    target: z.strictObject({
      value: Decimal,
      unit: text({ max: 20 }).describe('The unit of measure as the text uses it, e.g. 个, 家, 亿元, 名.'),
      comparator: Comparator,
    }),
    sourcePhrase: Text.describe('The phrase of the document that states the target.'),
  })
  .meta({ id: 'IndicatorDefinition', description: 'A quantitative target of a task.' });

export const TaskDefinition = z
  .strictObject({
    code: IdString.regex(/^\d+\.\d+$/, 'a task code is {section}.{item}'),
    section: z.number().int().min(1),
    item: z.number().int().min(1),
    title: Text,
    text: MultilineText.describe("The task's full text as the document gives it."),
    leadUnits: z.array(UnitId).max(MAX_LISTED).min(1).describe("牵头单位: unit or group ids, in the document's order."),
    responsibleUnits: z.array(UnitId).max(MAX_LISTED).default([]).describe("责任单位: unit or group ids, in the document's order."),
    deadline: PlanDate.optional().describe('When the task is due, where the plan sets a date of its own.'),
  })
  .meta({ id: 'TaskDefinition' });

export const SectionDefinition = z.strictObject({ number: z.number().int().min(1), title: Text }).meta({ id: 'SectionDefinition' });

export const PhaseDefinition = z
  .strictObject({
    id: IdString.regex(/^[a-z][a-z0-9_-]*$/),
    name: Name,
    startDate: PlanDate,
    endDate: PlanDate,
    description: MultilineText,
  })
  .meta({ id: 'PhaseDefinition' });

export const ReportingDefinition = z
  .strictObject({
    kind: z.enum(['progress_report', 'monthly_dispatch', 'quarterly_bulletin', 'coordination_meeting', 'report_to_cppcc', 'annual_summary']),
    name: Name,
    cadence: z.enum(['as_needed', 'monthly', 'quarterly', 'annually', 'periodic']),
    description: MultilineText.optional(),
  })
  .meta({ id: 'ReportingDefinition', description: "One part of the plan's reporting rhythm." });

export const GroupMember = z
  .strictObject({
    name: Name.describe("The person's name as printed, without padding spaces."),
    title: Text.describe('The title as the roster gives it, e.g. 市科技局局长.'),
    unitId: UnitId,
  })
  .meta({ id: 'GroupMember' });

export const LeadingGroup = z
  .strictObject({
    name: Text,
    leader: GroupMember,
    deputies: z.array(GroupMember).max(MAX_LISTED),
    members: z.array(GroupMember).max(MAX_LISTED),
    office: z.strictObject({
      hostUnitId: UnitId.describe('The unit the office sits in.'),
      directorName: Name,
    }),
    replacementRule: MultilineText.optional().describe('What the plan says about replacing members (递补).'),
  })
  .meta({ id: 'LeadingGroup' });

export const WorkingDayCalendar = z
  .strictObject({
    weekendDays: z
      .array(z.number().int().min(1).max(7))
      .max(6)
      .default([6, 7])
      .describe('ISO weekdays that are rest days (1 Monday … 7 Sunday); Saturday and Sunday when absent.'),
    holidays: z.array(PlanDate).max(400).default([]).describe('Rest days that would be working days: public holidays (法定节假日).'),
    workingDays: z.array(PlanDate).max(400).default([]).describe('Weekend days made working days (调休上班).'),
  })
  .meta({
    id: 'WorkingDayCalendar',
    description: 'A working-day calendar (工作日历): which days count when a window is counted in working days.',
    examples: [{ weekendDays: [6, 7], holidays: ['2023-05-01', '2023-05-02', '2023-05-03'], workingDays: ['2023-04-23', '2023-05-06'] }],
  });

/** The plan's fields without the cross-checks (views extend this). */
export const PlanFields = z.strictObject({
  id: IdString.regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'a plan id is lower-case ASCII: letters, digits and -'),
  title: Text,
  subject: Text.optional().describe("What the plan handles, e.g. the proposal's full title."),
  issuer: UnitId,
  issuedOn: PlanDate,
  timeZone: IdString.refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'an IANA time zone such as Asia/Shanghai'),
  addressees: z.array(Name).max(MAX_LISTED).default([]),
  generalRequirements: LongText.optional(),
  units: z.array(Unit).max(MAX_LISTED).min(1),
  groups: z.array(UnitGroup).max(MAX_LISTED).default([]),
  sections: z.array(SectionDefinition).max(MAX_LISTED).min(1),
  tasks: z.array(TaskDefinition).max(MAX_LISTED).min(1),
  indicators: z.array(IndicatorDefinition).max(MAX_LISTED).default([]),
  phases: z.array(PhaseDefinition).max(MAX_LISTED).default([]),
  handlingPlanDeadline: PlanDate.optional().describe("When each unit's own handling plan is due for filing (备案)."),
  annualSummaryDeadline: PlanDate.optional().describe(
    "When each unit's annual summary (年度总结) of the year it falls in is due; the units that owe one are those that owe a handling plan.",
  ),
  reporting: z.array(ReportingDefinition).max(MAX_LISTED).default([]),
  leadingGroup: LeadingGroup.optional(),
  maxBackdateDays: z
    .number()
    .int()
    .min(0)
    .max(3660)
    .optional()
    .describe('How many days a unit token may back-date a write (effectiveAt before now); the office may go further. Default 2.'),
  indicatorTolerancePercent: Decimal.optional().describe(
    'How far, in percent of the target, a value may lie from an `about` (左右) target and still meet it. Default "5" (±5%).',
  ),
  monthlyReportDueDay: z
    .number()
    .int()
    .min(1)
    .max(28)
    .optional()
    .describe("The monthly report on month M is due by this day of month M+1 (in the plan's time zone); 10 when absent. The office may amend it (分工调整)."),
  yellowLightDays: z
    .number()
    .int()
    .min(1)
    .max(31)
    .optional()
    .describe('The yellow-light window: days before a deadline or due day from which an item shows yellow; 3 when absent. The office may amend it.'),
  implementationPhase: z
    .string()
    .regex(/^[a-z][a-z0-9_-]*$/)
    .max(200, schemaMessage('text-too-long', { max: 200 }))
    .optional()
    .describe(
      "The id of the phase in which the tasks are carried out (e.g. 具体办理阶段): a task without a deadline of its own is due at its end, and monthly reports are owed for its months. When absent, the span from the first phase's start to the last phase's end.",
    ),
  scorecardWeights: z
    .strictObject({
      handlingPlan: z.number().int().min(0).max(100),
      monthlyReports: z.number().int().min(0).max(100),
      tasks: z.number().int().min(0).max(100),
      indicators: z.number().int().min(0).max(100),
      actionItems: z.number().int().min(0).max(100),
      annualSummary: z.number().int().min(0).max(100),
      evaluation: z.number().int().min(0).max(100),
    })
    .partial()
    .optional()
    .describe("The scorecard's weights (src/domain/scorecard.ts); each absent one takes its default: 10, 25, 25, 15, 15, 5, 5."),
  workingDayCalendar: WorkingDayCalendar.optional().describe(
    'When present, the yellow-light window and "due within" count working days by it; calendar days otherwise.',
  ),
});

export const DEFAULT_MAX_BACKDATE_DAYS = 2;
export const DEFAULT_INDICATOR_TOLERANCE_PERCENT = '5';

export const PlanDefinition = PlanFields.superRefine((plan, ctx) => {
  const unitIds = new Set(plan.units.map((u) => u.id));
  const refIds = new Set([...unitIds]);
  const dup = (what: string, ids: string[], path: (string | number)[]) => {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id)) ctx.addIssue({ code: 'custom', message: `duplicate ${what} ${id}`, path: [...path, i] });
      seen.add(id);
    });
  };
  dup('unit id', [...plan.units.map((u) => u.id), ...plan.groups.map((g) => g.id)], ['units']);
  dup(
    'task code',
    plan.tasks.map((t) => t.code),
    ['tasks'],
  );
  dup(
    'indicator id',
    plan.indicators.map((i) => i.id),
    ['indicators'],
  );
  plan.groups.forEach((g, gi) => {
    refIds.add(g.id);
    g.members.forEach((m, mi) => {
      if (!unitIds.has(m)) ctx.addIssue({ code: 'custom', message: `unknown unit ${m}`, path: ['groups', gi, 'members', mi] });
    });
  });
  const sections = new Set(plan.sections.map((s) => s.number));
  const codes = new Set(plan.tasks.map((t) => t.code));
  plan.tasks.forEach((t, ti) => {
    if (t.code !== `${t.section}.${t.item}`) ctx.addIssue({ code: 'custom', message: `code ${t.code} is not section.item`, path: ['tasks', ti, 'code'] });
    if (!sections.has(t.section)) ctx.addIssue({ code: 'custom', message: `unknown section ${t.section}`, path: ['tasks', ti, 'section'] });
    for (const key of ['leadUnits', 'responsibleUnits'] as const) {
      t[key].forEach((u, ui) => {
        if (!refIds.has(u)) ctx.addIssue({ code: 'custom', message: `unknown unit or group ${u}`, path: ['tasks', ti, key, ui] });
      });
    }
  });
  plan.indicators.forEach((ind, ii) => {
    if (!codes.has(ind.taskCode)) ctx.addIssue({ code: 'custom', message: `unknown task ${ind.taskCode}`, path: ['indicators', ii, 'taskCode'] });
    if (!ind.id.startsWith(`${ind.taskCode}-`))
      ctx.addIssue({ code: 'custom', message: `indicator id must start with ${ind.taskCode}-`, path: ['indicators', ii, 'id'] });
  });
  if (!unitIds.has(plan.issuer)) ctx.addIssue({ code: 'custom', message: `unknown unit ${plan.issuer}`, path: ['issuer'] });
  if (plan.indicatorTolerancePercent?.startsWith('-')) {
    ctx.addIssue({ code: 'custom', message: 'a tolerance is not negative', path: ['indicatorTolerancePercent'] });
  }
  plan.phases.forEach((p, pi) => {
    if (p.endDate < p.startDate) ctx.addIssue({ code: 'custom', message: 'a phase ends before it starts', path: ['phases', pi, 'endDate'] });
  });
  if (plan.implementationPhase && !plan.phases.some((p) => p.id === plan.implementationPhase)) {
    ctx.addIssue({ code: 'custom', message: `unknown phase ${plan.implementationPhase}`, path: ['implementationPhase'] });
  }
  const lg = plan.leadingGroup;
  if (lg) {
    const people = [
      ['leader', lg.leader] as const,
      ...lg.deputies.map((d, i) => [`deputies.${i}`, d] as const),
      ...lg.members.map((m, i) => [`members.${i}`, m] as const),
    ];
    for (const [where, person] of people) {
      if (!unitIds.has(person.unitId))
        ctx.addIssue({ code: 'custom', message: `unknown unit ${person.unitId}`, path: ['leadingGroup', ...where.split('.'), 'unitId'] });
    }
    if (!unitIds.has(lg.office.hostUnitId))
      ctx.addIssue({ code: 'custom', message: `unknown unit ${lg.office.hostUnitId}`, path: ['leadingGroup', 'office', 'hostUnitId'] });
  }
}).meta({ id: 'PlanDefinition', description: 'A whole work plan as data: units, tasks, indicators, phases, reporting rhythm and leading group.' });

export type PlanDefinition = z.output<typeof PlanDefinition>;
export type PlanDefinitionInput = z.input<typeof PlanDefinition>;
export type TaskDefinition = z.output<typeof TaskDefinition>;
export type IndicatorDefinition = z.output<typeof IndicatorDefinition>;
export type Unit = z.output<typeof Unit>;
export type UnitGroup = z.output<typeof UnitGroup>;

/** Defaults of the plan's optional rules (the plan data may set each). */
export const planRuleDefaults = { maxBackdateDays: DEFAULT_MAX_BACKDATE_DAYS, monthlyReportDueDay: 10, yellowLightDays: 3 } as const;
export const maxBackdateDaysOf = (plan: Pick<PlanDefinition, 'maxBackdateDays'>) => plan.maxBackdateDays ?? planRuleDefaults.maxBackdateDays;
export const monthlyReportDueDayOf = (plan: Pick<PlanDefinition, 'monthlyReportDueDay'>) => plan.monthlyReportDueDay ?? planRuleDefaults.monthlyReportDueDay;
export const yellowLightDaysOf = (plan: Pick<PlanDefinition, 'yellowLightDays'>) => plan.yellowLightDays ?? planRuleDefaults.yellowLightDays;

/** Expands unit and group ids to the member units (a unit stands for itself), keeping order, without repeats. */
export function expandUnits(plan: Pick<PlanDefinition, 'groups'>, ids: readonly string[]): string[] {
  const out: string[] = [];
  for (const id of ids) {
    const group = plan.groups.find((g) => g.id === id);
    for (const member of group ? group.members : [id]) if (!out.includes(member)) out.push(member);
  }
  return out;
}

/** Defaults of optional plan data. */

/**
 * The implementation period as plan dates: the implementationPhase, or the first phase's start to
 * the last phase's end; null for a plan without phases.
 */
export function implementationPeriod(plan: Pick<PlanDefinition, 'phases' | 'implementationPhase'>): { startDate: string; endDate: string } | null {
  const named = plan.implementationPhase ? plan.phases.find((p) => p.id === plan.implementationPhase) : undefined;
  if (named) return { startDate: named.startDate, endDate: named.endDate };
  if (!plan.phases.length) return null;
  return {
    startDate: plan.phases.map((p) => p.startDate).sort()[0]!,
    endDate: plan.phases
      .map((p) => p.endDate)
      .sort()
      .at(-1)!,
  };
}

/**
 * The months a plan's reports may be for (信息报送, 月调度, 季通报), YYYY-MM: from the month it was issued
 * or its first phase began, whichever is earlier, to the month its last phase ends or its latest task
 * deadline falls (an amended deadline included), whichever is later; `last` is null for a plan with
 * neither (open-ended).
 */
export function reportSpan(plan: Pick<PlanDefinition, 'issuedOn' | 'phases' | 'tasks'>): { first: string; last: string | null } {
  const starts = [plan.issuedOn, ...plan.phases.map((p) => p.startDate)].sort();
  const ends = [...plan.phases.map((p) => p.endDate), ...plan.tasks.flatMap((t) => (t.deadline ? [t.deadline] : []))].sort();
  return { first: starts[0]!.slice(0, 7), last: ends.length ? ends.at(-1)!.slice(0, 7) : null };
}

/** Whether a month (YYYY-MM) lies within the span; the rule it breaks when not, or null. */
export function outsideReportSpan(span: { first: string; last: string | null }, months: { first: string; last: string }, what: string): RuleText | null {
  if (months.last < span.first || (span.last !== null && months.first > span.last))
    return { rule: 'outside-plan-span', what, first: span.first, last: span.last };
  return null;
}

/** When a task falls due: its own (or amended) deadline, else the end of the implementation period; null when neither exists. */
export const taskDueDate = (plan: Pick<PlanDefinition, 'phases' | 'implementationPhase'>, task: Pick<TaskDefinition, 'deadline'>): string | null =>
  task.deadline ?? implementationPeriod(plan)?.endDate ?? null;

export type WorkingDayCalendar = z.output<typeof WorkingDayCalendar>;
