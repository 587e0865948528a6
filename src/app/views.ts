// What the application answers with, as zod schemas: the same schemas document the HTTP responses.
import { z } from 'zod';
import { RecordedEvidence } from '../domain/events.ts';
import { schemaMessage } from '../domain/messages.ts';
import { IndicatorDefinition, PlanDate, PlanFields, UnitId } from '../domain/plan.ts';
import { TaskStatus } from '../domain/task-status.ts';
import { IdString, MAX_LISTED, ShownText } from '../domain/text.ts';
import { auditRowExample, eventExample, planSummaryExample, planViewExample, taskExample } from './view-examples.ts';

// A UTC date-time with nanoseconds, 2023-04-01T00:00:00.123456789Z, is 30 characters: none needs more.
export const Instant = z.iso
  .datetime()
  .max(30, schemaMessage('text-too-long', { max: 30 }))
  .meta({ id: 'Instant', description: 'A UTC instant with milliseconds, e.g. 2026-11-27T08:00:00.000Z.' });

export const ActorView = z
  .object({
    id: IdString.describe('The token that acted (or duban itself).'),
    role: IdString,
    unitId: IdString.optional(),
    name: ShownText.optional().describe('Whose the token is.'),
  })
  .meta({ id: 'Actor', description: 'Who recorded an event.' });

export const UnitRef = z
  .object({
    id: UnitId,
    name: ShownText,
    kind: z.enum(['unit', 'group']),
    members: z
      .array(z.object({ id: UnitId, name: ShownText }))
      .max(MAX_LISTED)
      .optional()
      .describe('For a group: the units it stands for.'),
  })
  .meta({ id: 'UnitRef', description: 'A unit, or a group of units with its members.' });

export const TaskView = z
  .object({
    planId: IdString,
    code: IdString.describe('section.item, e.g. 1.1'),
    section: z.number().int(),
    sectionTitle: ShownText,
    title: ShownText,
    text: ShownText,
    status: TaskStatus,
    allowedTransitions: z.array(TaskStatus).max(MAX_LISTED).describe('Where the status may go next.'),
    since: Instant.describe('When the current status took effect (valid time).'),
    recordedAt: Instant.describe('When the current status was recorded.'),
    changedBy: ActorView,
    reason: ShownText.nullable(),
    evidence: RecordedEvidence.nullable(),
    leadUnits: z.array(UnitRef).max(MAX_LISTED).describe('牵头单位'),
    responsibleUnits: z.array(UnitRef).max(MAX_LISTED).describe('责任单位'),
    deadline: PlanDate.optional(),
    indicators: z.array(IndicatorDefinition).max(MAX_LISTED),
    revision: z.number().int().min(0).describe("Events in the task's stream; the ETag is this number, quoted."),
    globalPosition: z.number().int().min(0).describe('Store position of the last event that changed this view.'),
  })
  .meta({ id: 'TaskView', description: 'A task of a plan and where it stands.', examples: [taskExample] });
export type TaskView = z.output<typeof TaskView>;

/** What every read answers for: a point on both time axes, and the store position it includes. */
export const ReadingFields = {
  asOf: Instant.describe('Transaction time answered for: the state as duban had recorded it by then.'),
  validAt: Instant.describe('Valid time answered for: the state in effect then, from what was known at asOf.'),
  position: z.number().int().min(0).describe('The last store position the answer includes (pass as minPosition to read your own writes elsewhere).'),
};

export const TaskList = z.object({ planId: IdString, ...ReadingFields, items: z.array(TaskView).max(MAX_LISTED) }).meta({ id: 'TaskList' });

export const AdoptionView = z
  .object({
    recordedAt: Instant,
    effectiveAt: Instant,
    adoptedBy: ActorView,
    globalPosition: z.number().int(),
  })
  .meta({ id: 'Adoption', description: 'When and by whom the plan was carried into duban.' });

export const PlanView = PlanFields.extend({ adoption: AdoptionView, ...ReadingFields }).meta({
  id: 'PlanView',
  description: 'An adopted plan: its whole definition (units, tasks, indicators, phases, reporting rhythm, leading group) and its adoption.',
  examples: [planViewExample],
});
export type PlanView = z.output<typeof PlanView>;

export const PlanSummary = z
  .object({
    id: IdString,
    title: ShownText,
    issuer: UnitId,
    issuedOn: PlanDate,
    timeZone: IdString,
    taskCount: z.number().int(),
    indicatorCount: z.number().int(),
    adoption: AdoptionView,
  })
  .meta({ id: 'PlanSummary', examples: [planSummaryExample] });

export const PlanList = z.object({ ...ReadingFields, items: z.array(PlanSummary).max(MAX_LISTED) }).meta({ id: 'PlanList' });

export const EventView = z
  .object({
    eventId: IdString,
    type: IdString,
    streamId: IdString,
    streamRevision: z.number().int(),
    globalPosition: z.number().int(),
    planId: IdString,
    recordedAt: Instant,
    effectiveAt: Instant,
    actor: ActorView,
    correlationId: IdString,
    causationId: IdString.nullable(),
    schemaVersion: z.number().int(),
    data: z
      .record(ShownText, z.unknown())
      .describe("The event's facts. A token's hash (TokenIssued, TokenRevoked) is never served, so those events' hash cannot be recomputed from here."),
    hash: IdString,
    prevHash: IdString.nullable(),
  })
  .meta({ id: 'Event', description: 'A recorded event with its whole envelope.', examples: [eventExample] });

export const StateChangeView = z
  .object({
    field: IdString.describe('What changed, e.g. status.'),
    fieldLabel: ShownText.optional().describe('The field in words where its key names a unit, e.g. 信息报送 市经信局 2023-04.'),
    before: ShownText.nullable(),
    beforeLabel: ShownText.nullable().describe("The before value's Chinese label, as data."),
    after: ShownText.nullable(),
    afterLabel: ShownText.nullable(),
  })
  .meta({ id: 'StateChange', description: 'A change of state an event made: before → after.' });

export const AuditRowView = z
  .object({
    globalPosition: z.number().int(),
    eventId: IdString,
    recordedAt: Instant.describe('When duban recorded it (transaction time).'),
    effectiveAt: Instant.describe('When it took effect (valid time).'),
    planId: IdString,
    streamId: IdString,
    streamRevision: z.number().int(),
    taskCode: IdString.nullable(),
    type: IdString,
    typeLabel: ShownText.describe("The event type in the plan's language, e.g. 任务状态变更."),
    actor: ActorView,
    actorLabel: ShownText.describe("Who recorded it, for a reader: the token's name, its role and unit by name, e.g. 市经信局 OA（责任单位，市经信局）."),
    actorName: ShownText.describe("The token's name (looked up when the event did not record it), or its id when unknown."),
    actorUnitName: ShownText.nullable().describe('The name of the unit the actor acts for, e.g. 市经信局.'),
    timeZone: IdString.describe("The plan's time zone, in which the summary gives times (2023-05-18 09:30); the instants here stay UTC."),
    summary: ShownText.describe("A readable line: units by name, times in the plan's time zone."),
    reason: ShownText.nullable(),
    changes: z.array(StateChangeView).max(MAX_LISTED),
    links: z.object({ event: ShownText.describe('The whole recorded envelope.') }),
  })
  .meta({ id: 'AuditRow', description: 'An event as a reader sees it: who recorded what, when, why, and before → after.', examples: [auditRowExample] });

const AuditPageFields = {
  ...ReadingFields,
  items: z.array(AuditRowView).max(MAX_LISTED),
  nextCursor: ShownText.nullable().describe('Pass as `cursor` for the next page; null on the last.'),
};

export const AuditPage = z.object(AuditPageFields).meta({ id: 'AuditPage' });

export const TaskHistory = z
  .object({ planId: IdString, code: IdString, ...AuditPageFields })
  .meta({ id: 'TaskHistory', description: "A task's changes as audit rows, paged like /audit." });

export const StatusChangeResult = z
  .object({
    task: TaskView,
    globalPosition: z.number().int().describe('Store position of the event this change appended.'),
  })
  .meta({ id: 'StatusChangeResult' });

export const EventPage = z
  .object({
    items: z.array(EventView).max(MAX_LISTED),
    nextAfter: z.number().int().min(0).describe('Pass as `after` for the next page: the last position examined, matching or not.'),
    headPosition: z.number().int().min(0).describe("The store's last position when the page was read; caught up when nextAfter equals it."),
  })
  .meta({ id: 'EventPage' });
