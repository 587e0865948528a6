// A task's progress reports for one month (信息报送), keyed `{planId}:{code}:{period}`: per unit its
// current report, and the reports it superseded (oldest first). Valid time per key never runs
// backwards because the decider refuses a report back-dated before the key's latest one
// (src/domain/progress.ts), so folding in store order is folding in valid-time order. A withdrawn
// report (撤回) leaves `current` and `superseded` for `withdrawn`; the unit's earlier report stands again.
import type { Actor } from '../src/store/event-store.ts';
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
  /** Reports withdrawn as mistaken, with why, when and by whom. */
  withdrawn: { report: ProgressReportRecord; reason: string; withdrawnAt: string; withdrawnBy: Actor }[];
  globalPosition: number;
}

export const progressKey = (planId: string, code: string, period: string) => `${planId}:${code}:${period}`;

export const progress: KeyedProjection<MonthlyProgressRecord> = {
  name: 'progress',
  keysOf(event) {
    if (event.type !== 'ProgressReported' && event.type !== 'ProgressReportWithdrawn') return [];
    const data = event.data;
    return [progressKey(event.planId, data.taskCode, data.period)];
  },
  evolve(state, event) {
    if (event.type === 'ProgressReportWithdrawn') {
      if (!state) return undefined;
      const data = event.data;
      const report = Object.values(state.current).find((r) => r.reportId === data.reportId) ?? state.superseded.find((r) => r.reportId === data.reportId);
      if (!report) return undefined;
      const current = { ...state.current };
      let superseded = state.superseded.filter((r) => r.reportId !== data.reportId);
      if (current[data.unitId]?.reportId === data.reportId) {
        const back = data.reinstates ? superseded.find((r) => r.reportId === data.reinstates) : undefined;
        if (back) {
          current[data.unitId] = back;
          superseded = superseded.filter((r) => r.reportId !== back.reportId);
        } else delete current[data.unitId];
      }
      return {
        ...state,
        current,
        superseded,
        withdrawn: [...state.withdrawn, { report, reason: data.reason, withdrawnAt: event.effectiveAt, withdrawnBy: event.actor }],
        globalPosition: event.globalPosition,
      };
    }
    if (event.type !== 'ProgressReported') return undefined;
    const data = event.data;
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
      withdrawn: state?.withdrawn ?? [],
      globalPosition: event.globalPosition,
    };
  },
};
