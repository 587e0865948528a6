// The audit trail: one row per event, in store order — who recorded what, when, and why.
import type { PlanAdoptedData, TaskStatusChangedData } from '../src/domain/events.ts';
import type { Actor, RecordedEvent } from '../src/store/event-store.ts';
import type { Projection } from './projection.ts';

export interface AuditRow {
  globalPosition: number;
  eventId: string;
  recordedAt: string;
  effectiveAt: string;
  planId: string;
  streamId: string;
  type: string;
  actor: Actor;
  summary: string;
  reason: string | null;
}

export type AuditTrail = AuditRow[];

export function summarize(event: RecordedEvent): { summary: string; reason: string | null } {
  switch (event.type) {
    case 'PlanAdopted': {
      const { plan } = event.data as PlanAdoptedData;
      return { summary: `plan ${plan.id} adopted: ${plan.title} (${plan.tasks.length} tasks, ${plan.indicators.length} indicators)`, reason: null };
    }
    case 'TaskStatusChanged': {
      const data = event.data as TaskStatusChangedData;
      return { summary: `task ${data.taskCode}: ${data.from} → ${data.to}`, reason: data.reason };
    }
    default:
      return { summary: `${event.type} on ${event.streamId}`, reason: null };
  }
}

export const auditTrail: Projection<AuditTrail> = {
  name: 'audit-trail',
  initial: () => [],
  evolve(rows, event) {
    rows.push({
      globalPosition: event.globalPosition,
      eventId: event.eventId,
      recordedAt: event.recordedAt,
      effectiveAt: event.effectiveAt,
      planId: event.planId,
      streamId: event.streamId,
      type: event.type,
      actor: event.actor,
      ...summarize(event),
    });
    return rows;
  },
  toJSON: (rows) => rows,
  fromJSON: (json) => json as AuditTrail,
};
