// The event catalogue: each event type's data, as zod schemas. Names keep the plan's language
// (DESIGN.md, Events); the envelope around them is src/store/event-store.ts.
import { z } from 'zod';
import type { DigestRecordedData } from './digest.ts';
import { PlanDefinition } from './plan.ts';
import { Link, MultilineText, Name, Text } from './text.ts';
import { TaskStatus } from './task-status.ts';

export const Evidence = z
  .strictObject({
    summary: MultilineText.describe('What shows the change happened: a document, a figure, an inspection.'),
    links: z.array(Link).max(20).optional().describe('References to the evidence: http(s) URLs or document numbers, at most 20.'),
  })
  .meta({ id: 'Evidence' });
export type Evidence = z.output<typeof Evidence>;

export const PlanAdoptedData = z.object({ plan: PlanDefinition });
export type PlanAdoptedData = z.output<typeof PlanAdoptedData>;

export const TaskStatusChangedData = z.object({
  taskCode: z.string(),
  from: TaskStatus,
  to: TaskStatus,
  reason: MultilineText,
  evidence: Evidence.optional(),
});
export type TaskStatusChangedData = z.output<typeof TaskStatusChangedData>;

// A seat of the leading group: leader, deputy-N or member-N (1-based, in the plan's order). The plan's
// roster never changes order, so a seat keeps its name while its holders change (src/domain/leading-group.ts).
export const SeatId = z
  .string()
  .regex(/^(leader|deputy-[1-9][0-9]{0,2}|member-[1-9][0-9]{0,2})$/, 'a seat is leader, deputy-N or member-N (N from 1, in the plan\'s order)')
  .describe('The seat: leader, deputy-N or member-N, numbered from 1 in the plan\'s order (the roster of GET /plans/{planId}/leading-group names each).')
  .meta({ id: 'SeatId', examples: ['deputy-2', 'member-5'] });

export const MemberReplacedData = z.object({
  seat: SeatId,
  previous: z.object({ name: Name, title: Text, unitId: z.string() }),
  successor: z.object({ name: Name, title: Text.optional() }),
  reason: MultilineText.optional(),
});
export type MemberReplacedData = z.output<typeof MemberReplacedData>;

// A month a progress report (信息报送) is for: YYYY-MM in the plan's time zone (src/domain/progress.ts).
export const Period = z
  .string()
  .regex(/^(19|20)\d{2}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM, e.g. 2023-05')
  .describe('The month reported on, YYYY-MM in the plan\'s time zone.')
  .meta({ id: 'Period', examples: ['2023-05'] });

export const ProgressReportedData = z.object({
  reportId: z.string(),
  unitId: z.string(),
  taskCode: z.string(),
  period: Period,
  done: MultilineText,
  problems: MultilineText.optional(),
  nextSteps: MultilineText.optional(),
  percentComplete: z.number().int().min(0).max(100).optional(),
  attachments: z.array(Link).max(20).optional(),
  /** The report of the same unit, task and month this one replaces, if any (it stays in history). */
  supersedes: z.string().optional(),
});
export type ProgressReportedData = z.output<typeof ProgressReportedData>;

export const ProgressReportWithdrawnData = z.object({
  reportId: z.string(),
  unitId: z.string(),
  taskCode: z.string(),
  period: Period,
  reason: MultilineText,
  /** The unit's earlier report for the month that stands again, if any. */
  reinstates: z.string().optional(),
});
export type ProgressReportWithdrawnData = z.output<typeof ProgressReportWithdrawnData>;

export const eventTypes = {
  PlanAdopted: 'PlanAdopted',
  TaskStatusChanged: 'TaskStatusChanged',
  DigestRecorded: 'DigestRecorded',
  MemberReplaced: 'MemberReplaced',
  ProgressReported: 'ProgressReported',
  ProgressReportWithdrawn: 'ProgressReportWithdrawn',
} as const;

/** System events (digests) belong to no plan; plan ids match ^[a-z0-9][a-z0-9-]{1,62}$, so this is no plan's. */
export const SYSTEM_PLAN_ID = '_system';

export type DomainEvent =
  | { type: typeof eventTypes.PlanAdopted; data: PlanAdoptedData }
  | { type: typeof eventTypes.TaskStatusChanged; data: TaskStatusChangedData }
  | { type: typeof eventTypes.DigestRecorded; data: DigestRecordedData }
  | { type: typeof eventTypes.MemberReplaced; data: MemberReplacedData }
  | { type: typeof eventTypes.ProgressReported; data: ProgressReportedData }
  | { type: typeof eventTypes.ProgressReportWithdrawn; data: ProgressReportWithdrawnData };

/** Stream ids are built, never parsed back (DESIGN.md). */
export const streams = {
  plan: (planId: string) => `plan-${planId}`,
  task: (planId: string, code: string) => `task-${planId}:${code}`,
  indicator: (planId: string, indicatorId: string) => `indicator-${planId}:${indicatorId}`,
  meeting: (planId: string, id: string) => `meeting-${planId}:${id}`,
  unit: (planId: string, unitId: string) => `unit-${planId}:${unitId}`,
  leadingGroup: (planId: string) => `leading-group-${planId}`,
  /** A task's progress reports: not the task's own stream, whose event count is its ETag (a report does not change the task). */
  progress: (planId: string, code: string) => `progress-${planId}:${code}`,
  digest: () => `digest-${SYSTEM_PLAN_ID}`,
  token: (tokenId: string) => `token-${SYSTEM_PLAN_ID}:${tokenId}`,
};
