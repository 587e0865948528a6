// The values reported for each indicator of each adopted plan, with their corrections: the series
// the indicator reads are computed from. Keyed by `{planId}:{indicatorId}`. A series is small (a
// few values per indicator per year), so each state holds it whole; a value's own valid time (the
// date it refers to) is kept on it, so a read filters the series by validAt and a correction
// applies to the value it corrects, whatever date it was made on. A withdrawal (撤回) is kept on its
// value with its own valid time: a read at a validAt from the withdrawal's effectiveAt on leaves the
// value (and its corrections) out of the series and lists it as withdrawn; an earlier one still shows it.
import type { Actor } from '../src/store/event-store.ts';
import type { KeyedProjection } from './projection.ts';

export interface IndicatorCorrection {
  from: string;
  to: string;
  reason: string;
  effectiveAt: string;
  recordedAt: string;
  correctedBy: Actor;
  globalPosition: number;
}

export interface IndicatorValueRecord {
  valueId: string;
  /** The current value (corrections applied). */
  value: string;
  unit: string;
  /** The date it refers to (valid time). */
  effectiveAt: string;
  recordedAt: string;
  reportedBy: Actor;
  source: string | null;
  note: string | null;
  globalPosition: number;
  /** Earlier values it had, oldest first: the old value stays in history. */
  corrections: IndicatorCorrection[];
  /** Its withdrawal (撤回), if it was withdrawn: views from `effectiveAt` on leave the value out. */
  withdrawal: { reason: string; effectiveAt: string; recordedAt: string; withdrawnBy: Actor; globalPosition: number } | null;
}

export interface IndicatorValuesRecord {
  planId: string;
  indicatorId: string;
  /** In valid-time order (then in the order recorded). */
  values: IndicatorValueRecord[];
  /** Events in the indicator's stream. */
  revision: number;
  globalPosition: number;
}

export const indicatorKey = (planId: string, indicatorId: string) => `${planId}:${indicatorId}`;

export const indicatorValues: KeyedProjection<IndicatorValuesRecord> = {
  name: 'indicator-values',
  keysOf(event) {
    if (event.type === 'IndicatorValueReported' || event.type === 'IndicatorValueCorrected' || event.type === 'IndicatorValueWithdrawn') {
      return [indicatorKey(event.planId, event.data.indicatorId)];
    }
    return [];
  },
  evolve(state, event) {
    if (event.type !== 'IndicatorValueReported' && event.type !== 'IndicatorValueCorrected' && event.type !== 'IndicatorValueWithdrawn') return undefined;
    const base: IndicatorValuesRecord = state ?? {
      planId: event.planId,
      indicatorId: event.data.indicatorId,
      values: [],
      revision: 0,
      globalPosition: event.globalPosition,
    };
    if (event.type === 'IndicatorValueReported') {
      const data = event.data;
      const record: IndicatorValueRecord = {
        valueId: data.valueId,
        value: data.value,
        unit: data.unit,
        effectiveAt: event.effectiveAt,
        recordedAt: event.recordedAt,
        reportedBy: event.actor,
        source: data.source ?? null,
        note: data.note ?? null,
        globalPosition: event.globalPosition,
        corrections: [],
        withdrawal: null,
      };
      const values = [...base.values, record].sort((a, b) =>
        a.effectiveAt < b.effectiveAt ? -1 : a.effectiveAt > b.effectiveAt ? 1 : a.globalPosition - b.globalPosition,
      );
      return { ...base, values, revision: event.streamRevision + 1, globalPosition: event.globalPosition };
    }
    if (event.type === 'IndicatorValueCorrected') {
      const data = event.data;
      const values = base.values.map((v) =>
        v.valueId !== data.valueId
          ? v
          : {
              ...v,
              value: data.value,
              corrections: [
                ...v.corrections,
                {
                  from: v.value,
                  to: data.value,
                  reason: data.reason,
                  effectiveAt: event.effectiveAt,
                  recordedAt: event.recordedAt,
                  correctedBy: event.actor,
                  globalPosition: event.globalPosition,
                },
              ],
            },
      );
      return { ...base, values, revision: event.streamRevision + 1, globalPosition: event.globalPosition };
    }
    if (event.type === 'IndicatorValueWithdrawn') {
      const data = event.data;
      const withdrawal = {
        reason: data.reason,
        effectiveAt: event.effectiveAt,
        recordedAt: event.recordedAt,
        withdrawnBy: event.actor,
        globalPosition: event.globalPosition,
      };
      const values = base.values.map((v) => (v.valueId !== data.valueId ? v : { ...v, withdrawal }));
      return { ...base, values, revision: event.streamRevision + 1, globalPosition: event.globalPosition };
    }
    return undefined;
  },
};
