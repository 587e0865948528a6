// Reading the audit trail: the read model's index finds the events (by plan, task, unit, actor,
// type and either time axis), the store gives the events themselves, and each becomes a readable
// row with before → after. Paged in store order by an opaque cursor.

import { actorLabel, summarize } from '../../projections/audit.ts';
import { RuleViolated } from '../domain/errors.ts';
import { asDomainEvent, SYSTEM_PLAN_ID, streams } from '../domain/events.ts';
import { eventTypeLabel } from '../domain/labels.ts';
import type { RecordedEvent } from '../store/event-store.ts';
import { auditWords, type EventWords } from './audit-words.ts';
import type { AppContext } from './context.ts';
import type { EventScope } from './event-scope.ts';
import { planAt } from './plan/plan-queries.ts';
import { taskIndicators } from './plan/plan-views.ts';
import type { AuditIndexQuery } from './read-model/read-model.ts';
import { type ReadQuery, resolveReading } from './reading.ts';
import { checkUnit, findTask, involves } from './task/task-queries.ts';
import { endOf, startOf } from './time.ts';

export interface AuditQuery extends ReadQuery {
  /** What the caller's token may read (src/app/event-scope.ts); none: everything. */
  scope?: EventScope;
  planId?: string;
  /** A task code; needs planId. */
  task?: string;
  /** A unit id: events its people recorded, and events on tasks it leads or shares; needs planId. */
  unit?: string;
  actor?: string;
  type?: string[];
  /** Recorded (transaction time) at or after / at or before. */
  from?: string;
  to?: string;
  /** In effect (valid time) at or after / at or before. */
  effectiveFrom?: string;
  effectiveTo?: string;
  limit?: number;
  cursor?: string;
  /** Internal: only these streams (a task's history). */
  streamIds?: string[];
}

const encodeCursor = (position: number) => Buffer.from(JSON.stringify({ after: position })).toString('base64url');

function decodeCursor(cursor: string): number {
  try {
    const { after } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after: unknown };
    if (typeof after === 'number' && Number.isSafeInteger(after) && after >= 0) return after;
  } catch {
    // fall through: any undecodable cursor is the client's error
  }
  throw new RuleViolated('cursor', { rule: 'cursor-unknown' }, 'query');
}

const need = (field: string) => new RuleViolated(field, { rule: 'needs-plan-id', field }, 'query');

export async function readAudit(ctx: AppContext, query: AuditQuery) {
  const plan = query.planId !== undefined ? (await planAt(ctx, query.planId, { ...query, validAt: undefined })).plan : null;
  if (!plan && query.task !== undefined) throw need('task');
  if (!plan && query.unit !== undefined) throw need('unit');
  const timeZone = plan?.definition.timeZone ?? ctx.timeZone;
  const reading = await resolveReading(ctx, query, timeZone);

  let upTo = reading.position;
  let after = query.cursor ? decodeCursor(query.cursor) : 0;
  // recordedAt never decreases along positions: a recorded-time range is a position range.
  if (query.to !== undefined) upTo = Math.min(upTo, await ctx.readModel.positionAt(endOf(query.to, timeZone)));
  if (query.from !== undefined) {
    const before = new Date(Date.parse(startOf(query.from, timeZone)) - 1).toISOString();
    after = Math.max(after, await ctx.readModel.positionAt(before));
  }

  let streamIds = query.streamIds;
  // A task's streams: its status, its progress reports, and its indicators' values.
  const streamsOf = (code: string) => [
    streams.task(plan!.definition.id, code),
    streams.progress(plan!.definition.id, code),
    ...taskIndicators(plan!.definition, code).map((i) => streams.indicator(plan!.definition.id, i.id)),
  ];
  if (plan && query.task !== undefined) streamIds = streamsOf(findTask(plan, query.task).code);
  let unit: { unitId: string; streamIds: string[] } | undefined;
  if (plan && query.unit !== undefined) {
    checkUnit(plan, query.unit);
    const tasks = plan.definition.tasks.filter((t) => involves(plan, t, query.unit!));
    unit = { unitId: query.unit, streamIds: tasks.flatMap((t) => streamsOf(t.code)) };
  }
  const effectiveTo = query.effectiveTo !== undefined ? endOf(query.effectiveTo, timeZone) : undefined;
  const limit = query.limit ?? 100;
  const positions = await ctx.readModel.auditPositions({
    after,
    upTo,
    limit: limit + 1,
    ...(query.planId !== undefined ? { planId: query.planId } : {}),
    ...scopeIndex(query.scope),
    ...(streamIds ? { streamIds } : {}),
    ...(query.type?.length ? { types: query.type } : {}),
    ...(query.actor !== undefined ? { actorId: query.actor } : {}),
    ...(unit ? { unit } : {}),
    ...(query.effectiveFrom !== undefined ? { effectiveFrom: startOf(query.effectiveFrom, timeZone) } : {}),
    // Valid time: only what had taken effect by validAt.
    effectiveTo: effectiveTo !== undefined && effectiveTo < reading.validAt ? effectiveTo : reading.validAt,
  });
  const more = positions.length > limit;
  const page = more ? positions.slice(0, limit) : positions;
  const events = await eventsAt(ctx, page);
  const wordsFor = await auditWords(ctx, events, reading);
  return {
    ...reading,
    items: events.map((e) => auditRow(e, wordsFor(e))),
    nextCursor: more ? encodeCursor(page.at(-1)!) : null,
  };
}

/** The scope as the audit index's plan filters: its plans, or every plan but the store's own. */
function scopeIndex(scope: EventScope | undefined): Pick<AuditIndexQuery, 'planIds' | 'notPlanIds'> {
  if (scope === undefined) return {};
  if (scope.planIds !== undefined) return { planIds: scope.planIds };
  return scope.system ? {} : { notPlanIds: [SYSTEM_PLAN_ID] };
}

/** The events at these positions (ascending), read in as few ranges as their spread allows. */
async function eventsAt(ctx: AppContext, positions: number[]): Promise<RecordedEvent[]> {
  if (!positions.length) return [];
  const first = positions[0]!;
  const last = positions.at(-1)!;
  if (last - first < positions.length * 4) {
    const wanted = new Set(positions);
    const range = await ctx.store.readAll({ after: first - 1, upTo: last });
    return range.filter((e) => wanted.has(e.globalPosition));
  }
  const out: RecordedEvent[] = [];
  for (const p of positions) out.push(...(await ctx.store.readAll({ after: p - 1, upTo: p, maxCount: 1 })));
  return out;
}

/** A task's history: the audit trail of its own stream, after checking the plan has the task. */
export async function taskHistory(ctx: AppContext, planId: string, code: string, query: Omit<AuditQuery, 'planId' | 'task'>) {
  const { plan } = await planAt(ctx, planId, { ...query, validAt: undefined });
  findTask(plan, code);
  const page = await readAudit(ctx, { ...query, planId, streamIds: [streams.task(planId, code)] });
  return { planId, code, ...page };
}

/** A text field of an event's data, whichever its type (the store holds any JSON as data). */
function textOf(data: unknown, field: 'taskCode' | 'indicatorId'): string | null {
  if (typeof data !== 'object' || data === null || !(field in data)) return null;
  const value: unknown = Reflect.get(data, field);
  return typeof value === 'string' ? value : null;
}

export function auditRow(event: RecordedEvent, words: EventWords) {
  const { summary, reason, changes } = summarize(asDomainEvent(event), words);
  // An indicator's id is {taskCode}-{n}: its events belong to that task.
  const indicatorTask = textOf(event.data, 'indicatorId')?.replace(/-\d+$/, '') ?? null;
  return {
    globalPosition: event.globalPosition,
    eventId: event.eventId,
    recordedAt: event.recordedAt,
    effectiveAt: event.effectiveAt,
    planId: event.planId,
    streamId: event.streamId,
    streamRevision: event.streamRevision,
    taskCode: textOf(event.data, 'taskCode') ?? indicatorTask,
    type: event.type,
    typeLabel: eventTypeLabel(event.type),
    actor: event.actor,
    // Beside the ids, for readers: the token's name and role, its unit by name.
    actorLabel: actorLabel(event.actor, words),
    actorName: words.actorName(event.actor),
    actorUnitName: event.actor.unitId ? words.unit(event.actor.unitId) : null,
    timeZone: words.timeZone,
    summary,
    reason,
    changes,
    // The whole envelope, one link away.
    links: { event: `/events?after=${event.globalPosition - 1}&limit=1` },
  };
}
export type AuditRow = ReturnType<typeof auditRow>;
