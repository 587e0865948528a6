// 对比's data: the plan read at two points of one axis (the other axis as the page's own), and what
// differs — tasks (status, light), indicators (latest value), units' lights (red/yellow) and scores —
// each with the audit entries recorded or in effect between the two points that touch it.
import { LRUCache } from 'lru-cache';
import { DateTime } from 'luxon';
import { taskLight } from '../../app/alert/alert.ts';
import type { Application } from '../../app/application.ts';
import type { AuditRow } from '../../app/audit-queries.ts';
import { eventScope } from '../../app/event-scope.ts';
import { PlanNotFound } from '../../domain/errors.ts';
import { streams } from '../../domain/events.ts';
import type { LightColor } from '../light.tsx';
import type { ConsoleView, TimeAxes } from '../view.ts';

export type Axis = 'validAt' | 'asOf';

export interface Side {
  query: TimeAxes;
  /** False when duban had not yet recorded the plan at that point (asOf before its adoption): every value is absent. */
  recorded: boolean;
  tasks: Map<string, { status: string; light: LightColor }>;
  indicators: Map<string, string | null>;
  units: Map<string, { red: number; yellow: number }>;
  scores: Map<string, string | null>;
}

async function read(view: ConsoleView, query: TimeAxes): Promise<Side> {
  const def = view.plan!;
  const answers = await Promise.all([
    view.app.listTasks(def.id, query),
    view.app.listIndicators(def.id, query),
    view.app.listAlerts(def.id, query),
    view.app.listScorecards(def.id, query),
  ]).catch((error: unknown) => {
    if (error instanceof PlanNotFound) return null;
    throw error;
  });
  if (!answers) return { query, recorded: false, tasks: new Map(), indicators: new Map(), units: new Map(), scores: new Map() };
  const [tasks, indicators, alerts, cards] = answers;
  const byCode = new Map(def.tasks.map((t) => [t.code, t]));
  return {
    query,
    recorded: true,
    tasks: new Map(
      tasks.items.map((t) => [t.code, { status: t.status, light: taskLight(def, byCode.get(t.code)!, t, tasks.validAt)?.light ?? 'none' }] as const),
    ),
    indicators: new Map(indicators.items.map((i) => [i.indicatorId, i.latest?.value ?? null] as const)),
    units: new Map(alerts.items.map((u) => [u.unit.id, { red: u.red, yellow: u.yellow }] as const)),
    scores: new Map(cards.items.map((c) => [c.unit.id, c.total] as const)),
  };
}

/** The audit filters for "between the two points" on the axis: after `from`, up to `to`. */
export function rangeFilters(axis: Axis, from: string, to: string): Record<string, string> {
  // A bare date stands for its whole day (as validAt and asOf read it): the range starts the day after.
  const after = /^\d{4}-\d{2}-\d{2}$/.test(from) ? DateTime.fromISO(from).plus({ days: 1 }).toISODate()! : from;
  return axis === 'validAt' ? { effectiveFrom: after, effectiveTo: to } : { from: after, to };
}

export interface Comparison {
  before: Side;
  after: Side;
  /** Audit rows between the points by stream (task, progress, indicator streams), for the links. */
  rowsByStream: Map<string, AuditRow[]>;
  /** Whether every row between the points was read (else links go to the filtered trail only). */
  complete: boolean;
}

const ROWS = 1000;

/** The page's own point on the axis not compared, which both sides (and the links to the trail) keep. */
export function otherAxis(view: ConsoleView, axis: Axis): TimeAxes {
  const at = axis === 'validAt' ? view.query.asOf : view.query.validAt;
  return at ? { [axis === 'validAt' ? 'asOf' : 'validAt']: at } : {};
}

/**
 * Two scorecards and two alert lists make a comparison costly; its answer depends only on the dates,
 * the token's scope and the read model's position, so a comparison is kept until the position moves.
 */
const kept = new WeakMap<Application, LRUCache<string, Promise<Comparison>>>();

export function compare(view: ConsoleView, axis: Axis, from: string, to: string): Promise<Comparison> {
  const cache = kept.get(view.app) ?? new LRUCache<string, Promise<Comparison>>({ max: 50 });
  kept.set(view.app, cache);
  const scope = eventScope(view.principal);
  const key = JSON.stringify([view.plan!.id, axis, from, to, otherAxis(view, axis), scope, view.app.position(), view.app.now().toISOString().slice(0, 13)]);
  const held = cache.get(key);
  if (held) return held;
  const made = compareNow(view, axis, from, to);
  cache.set(key, made);
  made.catch(() => cache.delete(key));
  return made;
}

async function compareNow(view: ConsoleView, axis: Axis, from: string, to: string): Promise<Comparison> {
  const other = otherAxis(view, axis);
  const [before, after, trail] = await Promise.all([
    read(view, { ...other, [axis]: from }),
    read(view, { ...other, [axis]: to }),
    view.app.readAudit({ ...other, ...rangeFilters(axis, from, to), planId: view.plan!.id, scope: eventScope(view.principal), limit: ROWS }),
  ]);
  const rowsByStream = new Map<string, AuditRow[]>();
  for (const row of trail.items) {
    const list = rowsByStream.get(row.streamId);
    if (list) list.push(row);
    else rowsByStream.set(row.streamId, [row]);
  }
  return { before, after, rowsByStream, complete: trail.nextCursor === null };
}

/** The rows between the points on a task's own streams (status, progress). */
export function taskRows(c: Comparison, planId: string, code: string): AuditRow[] {
  return [...(c.rowsByStream.get(streams.task(planId, code)) ?? []), ...(c.rowsByStream.get(streams.progress(planId, code)) ?? [])];
}

export function indicatorRows(c: Comparison, planId: string, indicatorId: string): AuditRow[] {
  return c.rowsByStream.get(streams.indicator(planId, indicatorId)) ?? [];
}
