// Each unit's annual summary (年度总结) of a year, keyed `{planId}:{unitId}:{year}`: the current
// summary, the submissions standing (a resubmission replaces the current one; withdrawing it (撤回)
// makes the one before current again), when the first standing one took effect (what on time or late
// is judged by), and the history: every submission and withdrawal, oldest first. A unit with no key
// for the year has not submitted. Valid time per key runs forwards: the decider refuses a write
// back-dated before the unit's latest change (src/domain/annual-summary.ts).
import type { Actor } from '../src/store/event-store.ts';
import type { KeyedProjection } from './projection.ts';

export interface AnnualSummaryEntry {
  kind: 'submitted' | 'withdrawn';
  summaryId: string;
  title: string;
  documentNumber?: string;
  /** For a withdrawal. */
  reason?: string;
  effectiveAt: string;
  recordedAt: string;
  actor: Actor;
  globalPosition: number;
}

export interface AnnualSummaryDocument {
  summaryId: string;
  title: string;
  text: string;
  documentNumber?: string;
  attachments: string[];
  submittedAt: string;
  recordedAt: string;
  actor: Actor;
}

export interface AnnualSummaryRecord {
  planId: string;
  unitId: string;
  year: number;
  /** The summaries standing, oldest first: the last is current. Empty once every one was withdrawn. */
  standing: AnnualSummaryDocument[];
  /** Valid time of the first summary standing: on time or late is judged by it. */
  firstSubmittedAt: string | null;
  history: AnnualSummaryEntry[];
  since: string;
  revision: number;
  globalPosition: number;
}

export const annualSummaryKey = (planId: string, unitId: string, year: number) => `${planId}:${unitId}:${year}`;

export const annualSummary: KeyedProjection<AnnualSummaryRecord> = {
  name: 'annual-summary',
  keysOf(event) {
    if (event.type === 'AnnualSummarySubmitted' || event.type === 'AnnualSummaryWithdrawn') {
      const data = event.data;
      return [annualSummaryKey(event.planId, data.unitId, data.year)];
    }
    return [];
  },
  evolve(state, event) {
    const base = { effectiveAt: event.effectiveAt, recordedAt: event.recordedAt, actor: event.actor, globalPosition: event.globalPosition };
    if (event.type === 'AnnualSummarySubmitted') {
      const data = event.data;
      const doc: AnnualSummaryDocument = {
        summaryId: data.summaryId,
        title: data.title,
        text: data.text,
        ...(data.documentNumber !== undefined ? { documentNumber: data.documentNumber } : {}),
        attachments: data.attachments ?? [],
        submittedAt: event.effectiveAt,
        recordedAt: event.recordedAt,
        actor: event.actor,
      };
      const entry: AnnualSummaryEntry = {
        kind: 'submitted',
        summaryId: data.summaryId,
        title: data.title,
        ...(data.documentNumber !== undefined ? { documentNumber: data.documentNumber } : {}),
        ...base,
      };
      const standing = [...(state?.standing ?? []), doc];
      return {
        planId: event.planId,
        unitId: data.unitId,
        year: data.year,
        standing,
        firstSubmittedAt: standing[0]!.submittedAt,
        history: [...(state?.history ?? []), entry],
        since: event.effectiveAt,
        revision: (state?.revision ?? 0) + 1,
        globalPosition: event.globalPosition,
      };
    }
    if (event.type === 'AnnualSummaryWithdrawn' && state) {
      const data = event.data;
      const standing = state.standing.slice(0, -1);
      const entry: AnnualSummaryEntry = {
        kind: 'withdrawn',
        summaryId: data.summaryId,
        title: data.withdrawn.title,
        ...(data.withdrawn.documentNumber !== undefined ? { documentNumber: data.withdrawn.documentNumber } : {}),
        reason: data.reason,
        ...base,
      };
      return {
        ...state,
        standing,
        firstSubmittedAt: standing[0]?.submittedAt ?? null,
        history: [...state.history, entry],
        since: event.effectiveAt,
        revision: state.revision + 1,
        globalPosition: event.globalPosition,
      };
    }
    return undefined;
  },
};
