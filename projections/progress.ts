// A task's progress reports for one month (信息报送), keyed `{planId}:{code}:{period}`: per unit its
// current report, and the reports it superseded (oldest first). Valid time per key never runs
// backwards because the decider refuses a report back-dated before the key's latest one
// (src/domain/progress.ts), so folding in store order is folding in valid-time order.
import type { ProgressReportedData } from '../src/domain/events.ts';
import type { Actor, RecordedEvent } from '../src/store/event-store.ts';
import type { KeyedProjection } from './projection.ts';

export interface ProgressReportRecord {
  reportId: string;
  unitId: string;
  done: string;
  problems: string | null;
  nextSteps: string | null;
  percentComplete: number | null;
  attachments: string[];
  /** When the report was made (valid time). */
  reportedAt: string;
  recordedAt: string;
  reportedBy: Actor;
  supersedes: string | null;
  globalPosition: number;
}

export interface MonthlyProgressRecord {
  planId: string;
  code: string;
  period: string;
  /** Each reporting unit's current report, by unit id. */
  current: Record<string, ProgressReportRecord>;
  /** Reports a later one of the same unit replaced, oldest first. */
  superseded: ProgressReportRecord[];
  globalPosition: number;
}

export const progressKey = (planId: string, code: string, period: string) => `${planId}:${code}:${period}`;

export const progress: KeyedProjection<MonthlyProgressRecord> = {
  name: 'progress',
  keysOf(event) {
    if (event.type !== 'ProgressReported') return [];
    const data = event.data as ProgressReportedData;
    return [progressKey(event.planId, data.taskCode, data.period)];
  },
  evolve(state, event: RecordedEvent) {
    if (event.type !== 'ProgressReported') return undefined;
    const data = event.data as ProgressReportedData;
    const report: ProgressReportRecord = {
      reportId: data.reportId,
      unitId: data.unitId,
      done: data.done,
      problems: data.problems ?? null,
      nextSteps: data.nextSteps ?? null,
      percentComplete: data.percentComplete ?? null,
      attachments: data.attachments ?? [],
      reportedAt: event.effectiveAt,
      recordedAt: event.recordedAt,
      reportedBy: event.actor,
      supersedes: data.supersedes ?? null,
      globalPosition: event.globalPosition,
    };
    const previous = state?.current[data.unitId];
    return {
      planId: event.planId,
      code: data.taskCode,
      period: data.period,
      current: { ...(state?.current ?? {}), [data.unitId]: report },
      superseded: previous ? [...(state?.superseded ?? []), previous] : (state?.superseded ?? []),
      globalPosition: event.globalPosition,
    };
  },
};
