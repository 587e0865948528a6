// The event catalogue: each event type's data, as zod schemas. Names keep the plan's language
// (docs/architecture.md, The event envelope); the envelope around them is src/store/event-store.ts.
import { z } from 'zod';
import type { ActionItemClosedData, ActionItemExtendedData } from './action-item.ts';
import type { BulletinPublishedData } from './bulletin.ts';
import type { DigestRecordedData } from './digest.ts';
import { type EventEnvelope, type Narrowed, narrowTo } from './event-envelope.ts';
import type { InspectionRecordedData, InspectionWithdrawnData } from './inspection.ts';
import type { MeetingCancelledData, MeetingHeldData, MeetingRecordWithdrawnData, MeetingScheduledData } from './meeting.ts';
import { schemaMessage } from './messages.ts';
import { Comparator, Decimal, PlanDate, PlanDefinition } from './plan.ts';
import type { ReminderSentData } from './reminder.ts';
import { TaskStatus } from './task-status.ts';
import { IdString, Link, LongText, MAX_LISTED, MultilineText, Name, RecordedLink, ShownText, Text } from './text.ts';
import type { TokenIssuedData, TokenRevokedData } from './token.ts';

export const Evidence = z
  .strictObject({
    summary: MultilineText.describe('What shows the change happened: a document, a figure, an inspection.'),
    links: z.array(Link).max(20).optional().describe('References to the evidence: http(s) URLs or document numbers, at most 20.'),
  })
  .meta({ id: 'Evidence' });
export type Evidence = z.output<typeof Evidence>;
/** Evidence as recorded, in a response (history may hold links recorded before today's rules). */
export const RecordedEvidence = z
  .object({ summary: ShownText, links: z.array(RecordedLink).max(MAX_LISTED).optional() })
  .meta({ id: 'RecordedEvidence', description: 'The evidence recorded with a change: a summary and references (http(s) URLs or document numbers).' });

export const PlanAdoptedData = z.object({ plan: PlanDefinition });
export type PlanAdoptedData = z.output<typeof PlanAdoptedData>;

export const TaskStatusChangedData = z.object({
  taskCode: IdString,
  from: TaskStatus,
  to: TaskStatus,
  reason: MultilineText,
  evidence: Evidence.optional(),
  /** A reopening (completed → in_progress) because the CPPCC rated the task 不满意: that evaluation (src/app/evaluation/). */
  evaluationId: IdString.optional(),
});
export type TaskStatusChangedData = z.output<typeof TaskStatusChangedData>;

// A seat of the leading group: leader, deputy-N or member-N (1-based, in the plan's order). The plan's
// roster never changes order, so a seat keeps its name while its holders change (src/domain/leading-group.ts).
export const SeatId = z
  .string()
  .regex(/^(leader|deputy-[1-9][0-9]{0,2}|member-[1-9][0-9]{0,2})$/, "a seat is leader, deputy-N or member-N (N from 1, in the plan's order)")
  .max(10, schemaMessage('text-too-long', { max: 10 }))
  .describe("The seat: leader, deputy-N or member-N, numbered from 1 in the plan's order (the roster of GET /plans/{planId}/leading-group names each).")
  .meta({ id: 'SeatId', examples: ['deputy-2', 'member-5'] });

export const MemberReplacedData = z.object({
  seat: SeatId,
  previous: z.object({ name: Name, title: Text, unitId: IdString }),
  successor: z.object({ name: Name, title: Text.optional() }),
  reason: MultilineText.optional(),
  /**
   * The replacement's id (the server makes it). Events recorded before ids were given carry none: their
   * id is derived from the event's revision in the leading group's stream, `r{streamRevision}`
   * (replacementIdOf in src/domain/leading-group.ts), which no store copy changes.
   */
  replacementId: IdString.optional(),
});
export type MemberReplacedData = z.output<typeof MemberReplacedData>;

/** A mistaken replacement withdrawn (撤回): from its effectiveAt the seat's previous holder holds it again. */
export const MemberReplacementWithdrawnData = z.object({
  replacementId: IdString,
  seat: SeatId,
  /** Who the withdrawn replacement had put in the seat, and who holds it again (copies, so the record reads alone). */
  withdrawn: z.object({ name: Name, title: Text }),
  restored: z.object({ name: Name, title: Text }),
  reason: MultilineText,
});
export type MemberReplacementWithdrawnData = z.output<typeof MemberReplacementWithdrawnData>;
export const IndicatorValueReportedData = z.object({
  indicatorId: IdString,
  valueId: IdString,
  value: Decimal,
  unit: IdString,
  source: Text.optional(),
  note: MultilineText.optional(),
});
export type IndicatorValueReportedData = z.output<typeof IndicatorValueReportedData>;

export const IndicatorValueCorrectedData = z.object({
  indicatorId: IdString,
  valueId: IdString,
  value: Decimal,
  /** The value it had before (so the event alone reads before → after, like a status change's from). */
  previousValue: Decimal,
  reason: MultilineText,
});
export type IndicatorValueCorrectedData = z.output<typeof IndicatorValueCorrectedData>;

/** A mistaken value withdrawn (撤回), with its corrections: from the withdrawal's effectiveAt views leave it out. */
export const IndicatorValueWithdrawnData = z.object({
  indicatorId: IdString,
  valueId: IdString,
  /** The value it had when withdrawn (corrections applied), so the record reads alone. */
  value: Decimal,
  reason: MultilineText,
});
export type IndicatorValueWithdrawnData = z.output<typeof IndicatorValueWithdrawnData>;

// A unit's own handling plan (具体办理工作方案) and the office's filing (备案) or return (退回), on the
// unit's stream (src/domain/handling-plan.ts).
export const HandlingPlanMeasure = z
  .strictObject({
    taskCode: IdString.regex(/^\d+\.\d+$/, 'a task code is {section}.{item}').describe('A task the unit leads or shares.'),
    text: MultilineText.describe('What the unit will do for the task.'),
  })
  .meta({ id: 'HandlingPlanMeasure', examples: [{ taskCode: '4.2', text: '制定专项扶持政策，培育科技型中小企业' }] });

export const HandlingPlanSubmittedData = z.object({
  unitId: IdString,
  title: Text,
  summary: MultilineText,
  measures: z.array(HandlingPlanMeasure).max(MAX_LISTED),
  documentNumber: Link.optional(),
});
export type HandlingPlanSubmittedData = z.output<typeof HandlingPlanSubmittedData>;

export const HandlingPlanFiledData = z.object({
  unitId: IdString,
  outcome: z.enum(['filed', 'returned']),
  reason: MultilineText.optional(),
});
export type HandlingPlanFiledData = z.output<typeof HandlingPlanFiledData>;

/**
 * A unit's latest submission withdrawn (撤回) before the office decided on it: its previous submission,
 * if any, is current again with the status it had (submitted or returned); with none left, not submitted.
 */
export const HandlingPlanWithdrawnData = z.object({
  unitId: IdString,
  reason: MultilineText,
  /** The submission withdrawn (a copy, so the record reads alone). */
  withdrawn: z.object({ title: Text, documentNumber: Link.optional(), submittedAt: IdString }),
  /** The status the handling plan has again. */
  restores: z.enum(['not_submitted', 'submitted', 'returned']),
});
export type HandlingPlanWithdrawnData = z.output<typeof HandlingPlanWithdrawnData>;

// The plan amended (分工调整, stream plan-{planId}): what each change was before and after, so the
// event reads alone (src/domain/plan-amendment.ts decides it; projections/plan.ts applies it).
export const IndicatorTarget = z.object({ value: Decimal, unit: IdString, comparator: Comparator });
export const TaskUnitsValue = z.object({ leadUnits: z.array(ShownText).max(MAX_LISTED), responsibleUnits: z.array(ShownText).max(MAX_LISTED) });
export const PlanChange = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('task-units'),
    taskCode: IdString,
    before: TaskUnitsValue,
    after: TaskUnitsValue,
    /** The names of the units and groups named before or after, for a record that reads alone. */
    unitNames: z.record(IdString, ShownText),
  }),
  z.object({ kind: z.literal('task-deadline'), taskCode: IdString, before: PlanDate.nullable(), after: PlanDate.nullable() }),
  z.object({ kind: z.literal('indicator-target'), indicatorId: IdString, indicatorName: ShownText, before: IndicatorTarget, after: IndicatorTarget }),
  z.object({ kind: z.literal('monthly-report-due-day'), before: z.number().int(), after: z.number().int() }),
  z.object({ kind: z.literal('yellow-window'), before: z.number().int(), after: z.number().int() }),
]);
export type PlanChange = z.output<typeof PlanChange>;
export const PlanAmendedData = z.object({ reason: MultilineText, changes: z.array(PlanChange).max(MAX_LISTED).min(1) });
export type PlanAmendedData = z.output<typeof PlanAmendedData>;
/** A mistaken amendment withdrawn (撤回): the plan reads as if it had not been made, from when it was recorded on. */
export const PlanAmendmentWithdrawnData = z.object({
  /** The withdrawn PlanAmended's revision in the plan's stream. */
  revision: z.number().int().min(1),
  reason: MultilineText,
  /** What the withdrawn amendment had changed (a copy, so the record reads alone). */
  changes: z.array(PlanChange).max(MAX_LISTED).min(1),
});
export type PlanAmendmentWithdrawnData = z.output<typeof PlanAmendmentWithdrawnData>;

// A month a progress report (信息报送) is for: YYYY-MM in the plan's time zone (src/domain/progress.ts).
export const Period = z
  .string()
  .regex(/^(19|20)\d{2}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM, e.g. 2023-05')
  .max(7, schemaMessage('text-too-long', { max: 7 }))
  .describe("The month reported on, YYYY-MM in the plan's time zone.")
  .meta({ id: 'Period', examples: ['2023-05'] });

export const ProgressReportedData = z.object({
  reportId: IdString,
  unitId: IdString,
  taskCode: IdString,
  period: Period,
  done: MultilineText,
  problems: MultilineText.optional(),
  nextSteps: MultilineText.optional(),
  percentComplete: z.number().int().min(0).max(100).optional(),
  attachments: z.array(Link).max(20).optional(),
  /** The report of the same unit, task and month this one replaces, if any (it stays in history). */
  supersedes: IdString.optional(),
});
export type ProgressReportedData = z.output<typeof ProgressReportedData>;

export const ProgressReportWithdrawnData = z.object({
  reportId: IdString,
  unitId: IdString,
  taskCode: IdString,
  period: Period,
  reason: MultilineText,
  /** The unit's earlier report for the month that stands again, if any. */
  reinstates: IdString.optional(),
});
export type ProgressReportWithdrawnData = z.output<typeof ProgressReportWithdrawnData>;

// A unit's annual summary (年度总结), on the stream annual-summary-{planId}:{unitId}
// (src/domain/annual-summary.ts): one standing per year; a resubmission replaces it (history keeps it).
export const AnnualSummarySubmittedData = z.object({
  summaryId: IdString,
  unitId: IdString,
  year: z.number().int(),
  title: Text,
  text: LongText,
  documentNumber: Link.optional(),
  attachments: z.array(Link).max(20).optional(),
  /** The summary of the same year this one replaces, if any (it stays in history). */
  supersedes: IdString.optional(),
});
export type AnnualSummarySubmittedData = z.output<typeof AnnualSummarySubmittedData>;

/** A unit's current summary of a year withdrawn (撤回): the one it replaced, if any, stands again. */
export const AnnualSummaryWithdrawnData = z.object({
  summaryId: IdString,
  unitId: IdString,
  year: z.number().int(),
  reason: MultilineText,
  /** The summary withdrawn (a copy, so the record reads alone). */
  withdrawn: z.object({ title: Text, documentNumber: Link.optional(), submittedAt: IdString }),
  /** The earlier summary of the year that stands again, if any. */
  reinstates: IdString.optional(),
});
export type AnnualSummaryWithdrawnData = z.output<typeof AnnualSummaryWithdrawnData>;

// The CPPCC's satisfaction evaluation (满意度测评), on the stream evaluations-{planId}
// (src/domain/evaluation.ts): per task or overall; a later one of the same scope replaces the earlier.
export const EvaluationScope = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('task'),
      taskCode: IdString.regex(/^\d{1,4}\.\d{1,4}$/, 'a task code is {section}.{item}').describe('The task evaluated.'),
    }),
    z.strictObject({ kind: z.literal('overall') }),
  ])
  .describe("What is evaluated: one task ({kind: task, taskCode}) or the plan's handling as a whole ({kind: overall}).")
  .meta({ id: 'EvaluationScope', examples: [{ kind: 'task', taskCode: '4.2' }, { kind: 'overall' }] });
export type EvaluationScope = z.output<typeof EvaluationScope>;

export const Rating = z
  .enum(['satisfied', 'basically_satisfied', 'dissatisfied'])
  .describe('satisfied 满意, basically_satisfied 基本满意, dissatisfied 不满意.')
  .meta({ id: 'Rating' });
export type Rating = z.output<typeof Rating>;

export const Evaluator = z
  .strictObject({
    name: Name.describe('Who evaluated: a CPPCC leader, member or committee, e.g. 市政协提案委员会.'),
    group: Text.optional().describe('The group they evaluated in, e.g. 市政协委员视察组.'),
  })
  .meta({ id: 'Evaluator', examples: [{ name: '市政协提案委员会', group: '市政协领导及委员视察组' }] });

export const SatisfactionEvaluatedData = z.object({
  evaluationId: IdString,
  scope: EvaluationScope,
  rating: Rating,
  comments: MultilineText.optional(),
  evaluator: z.object({ name: Name, group: Text.optional() }),
  /** The evaluation of the same scope this one replaces, if any (it stays in history). */
  supersedes: IdString.optional(),
});
export type SatisfactionEvaluatedData = z.output<typeof SatisfactionEvaluatedData>;

/** A scope's current evaluation withdrawn (撤回): the one it replaced, if any, stands again. */
export const SatisfactionEvaluationWithdrawnData = z.object({
  evaluationId: IdString,
  scope: EvaluationScope,
  /** The rating withdrawn (a copy, so the record reads alone). */
  rating: Rating,
  reason: MultilineText,
  reinstates: IdString.optional(),
});
export type SatisfactionEvaluationWithdrawnData = z.output<typeof SatisfactionEvaluationWithdrawnData>;

// Every type the store may hold, each once: the compiler holds this to DomainEvent both ways (below),
// so a type added to the union and not here (or the reverse) does not build. /events?type= takes these.
export const eventTypes = {
  PlanAdopted: 'PlanAdopted',
  TaskStatusChanged: 'TaskStatusChanged',
  DigestRecorded: 'DigestRecorded',
  MemberReplaced: 'MemberReplaced',
  IndicatorValueReported: 'IndicatorValueReported',
  IndicatorValueCorrected: 'IndicatorValueCorrected',
  HandlingPlanSubmitted: 'HandlingPlanSubmitted',
  HandlingPlanFiled: 'HandlingPlanFiled',
  HandlingPlanWithdrawn: 'HandlingPlanWithdrawn',
  IndicatorValueWithdrawn: 'IndicatorValueWithdrawn',
  MemberReplacementWithdrawn: 'MemberReplacementWithdrawn',
  PlanAmended: 'PlanAmended',
  PlanAmendmentWithdrawn: 'PlanAmendmentWithdrawn',
  ProgressReported: 'ProgressReported',
  ProgressReportWithdrawn: 'ProgressReportWithdrawn',
  ReminderSent: 'ReminderSent',
  AnnualSummarySubmitted: 'AnnualSummarySubmitted',
  AnnualSummaryWithdrawn: 'AnnualSummaryWithdrawn',
  SatisfactionEvaluated: 'SatisfactionEvaluated',
  SatisfactionEvaluationWithdrawn: 'SatisfactionEvaluationWithdrawn',
  BulletinPublished: 'BulletinPublished',
  MeetingScheduled: 'MeetingScheduled',
  MeetingHeld: 'MeetingHeld',
  MeetingCancelled: 'MeetingCancelled',
  MeetingRecordWithdrawn: 'MeetingRecordWithdrawn',
  ActionItemClosed: 'ActionItemClosed',
  ActionItemExtended: 'ActionItemExtended',
  InspectionRecorded: 'InspectionRecorded',
  InspectionWithdrawn: 'InspectionWithdrawn',
  TokenIssued: 'TokenIssued',
  TokenRevoked: 'TokenRevoked',
} as const satisfies { [K in DomainEvent['type']]: K };
export type EventType = keyof typeof eventTypes;
// The other way round: a key of eventTypes that is no DomainEvent's type fails here.
const _everyTypeIsAnEvent: Record<EventType, DomainEvent['type']> = eventTypes;
void _everyTypeIsAnEvent;

/** System events (digests) belong to no plan; plan ids match ^[a-z0-9][a-z0-9-]{1,62}$, so this is no plan's. */
export const SYSTEM_PLAN_ID = '_system';

export type DomainEvent =
  | { type: 'PlanAdopted'; data: PlanAdoptedData }
  | { type: 'TaskStatusChanged'; data: TaskStatusChangedData }
  | { type: 'DigestRecorded'; data: DigestRecordedData }
  | { type: 'MemberReplaced'; data: MemberReplacedData }
  | { type: 'IndicatorValueReported'; data: IndicatorValueReportedData }
  | { type: 'IndicatorValueCorrected'; data: IndicatorValueCorrectedData }
  | { type: 'HandlingPlanSubmitted'; data: HandlingPlanSubmittedData }
  | { type: 'HandlingPlanFiled'; data: HandlingPlanFiledData }
  | { type: 'PlanAmended'; data: PlanAmendedData }
  | { type: 'PlanAmendmentWithdrawn'; data: PlanAmendmentWithdrawnData }
  | { type: 'ProgressReported'; data: ProgressReportedData }
  | { type: 'ProgressReportWithdrawn'; data: ProgressReportWithdrawnData }
  | { type: 'ReminderSent'; data: ReminderSentData }
  | { type: 'HandlingPlanWithdrawn'; data: HandlingPlanWithdrawnData }
  | { type: 'IndicatorValueWithdrawn'; data: IndicatorValueWithdrawnData }
  | { type: 'MemberReplacementWithdrawn'; data: MemberReplacementWithdrawnData }
  | { type: 'AnnualSummarySubmitted'; data: AnnualSummarySubmittedData }
  | { type: 'AnnualSummaryWithdrawn'; data: AnnualSummaryWithdrawnData }
  | { type: 'SatisfactionEvaluated'; data: SatisfactionEvaluatedData }
  | { type: 'SatisfactionEvaluationWithdrawn'; data: SatisfactionEvaluationWithdrawnData }
  | { type: 'BulletinPublished'; data: BulletinPublishedData }
  | { type: 'MeetingScheduled'; data: MeetingScheduledData }
  | { type: 'MeetingHeld'; data: MeetingHeldData }
  | { type: 'MeetingCancelled'; data: MeetingCancelledData }
  | { type: 'MeetingRecordWithdrawn'; data: MeetingRecordWithdrawnData }
  | { type: 'ActionItemClosed'; data: ActionItemClosedData }
  | { type: 'ActionItemExtended'; data: ActionItemExtendedData }
  | { type: 'InspectionRecorded'; data: InspectionRecordedData }
  | { type: 'InspectionWithdrawn'; data: InspectionWithdrawnData }
  | { type: 'TokenIssued'; data: TokenIssuedData }
  | { type: 'TokenRevoked'; data: TokenRevokedData };

/** A stored event read as the domain event it is (./event-envelope.ts): `switch (event.type)` narrows `event.data`. */
export type AsDomainEvent<Envelope extends EventEnvelope> = Narrowed<Envelope, DomainEvent>;
/** The typed view of a stored event, taken where events are read for folding. */
export const asDomainEvent = narrowTo<DomainEvent>();

/** Stream ids are built, never parsed back (docs/architecture.md). */
export const streams = {
  plan: (planId: string) => `plan-${planId}`,
  task: (planId: string, code: string) => `task-${planId}:${code}`,
  indicator: (planId: string, indicatorId: string) => `indicator-${planId}:${indicatorId}`,
  meeting: (planId: string, id: string) => `meeting-${planId}:${id}`,
  unit: (planId: string, unitId: string) => `unit-${planId}:${unitId}`,
  leadingGroup: (planId: string) => `leading-group-${planId}`,
  /** A task's progress reports: not the task's own stream, whose event count is its ETag (a report does not change the task). */
  progress: (planId: string, code: string) => `progress-${planId}:${code}`,
  /** The office's reminders (催办) to a unit. */
  reminders: (planId: string, unitId: string) => `reminders-${planId}:${unitId}`,
  /** A unit's annual summaries (年度总结), every year's. */
  annualSummary: (planId: string, unitId: string) => `annual-summary-${planId}:${unitId}`,
  /** The CPPCC's satisfaction evaluations (满意度测评) of the plan: every task's and the overall one. */
  evaluations: (planId: string) => `evaluations-${planId}`,
  /** A quarter's bulletin (情况季通报) and its publication. */
  bulletin: (planId: string, period: string) => `bulletin-${planId}:${period}`,
  /** An action item's closure and extensions (its assignment is on its meeting's or inspection's stream). */
  actionItem: (planId: string, itemId: string) => `action-item-${planId}:${itemId}`,
  inspection: (planId: string, inspectionId: string) => `inspection-${planId}:${inspectionId}`,
  digest: () => `digest-${SYSTEM_PLAN_ID}`,
  token: (tokenId: string) => `token-${SYSTEM_PLAN_ID}:${tokenId}`,
};
