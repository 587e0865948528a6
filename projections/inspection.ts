// Inspections and supervision visits (检查, 督办, 视察), keyed `{planId}:{inspectionId}`: who, when,
// which tasks and units, the findings and the action items they raised; withdrawn (撤回) with a reason.
import type { InspectionRecordedData } from '../src/domain/inspection.ts';
import type { Actor } from '../src/store/event-store.ts';
import type { KeyedProjection } from './projection.ts';

export interface InspectionRecord extends Omit<InspectionRecordedData, 'inspectionId'> {
  planId: string;
  inspectionId: string;
  /** When it took place (valid time). */
  at: string;
  recordedAt: string;
  recordedBy: Actor;
  withdrawal: { reason: string; withdrawnAt: string; recordedAt: string; withdrawnBy: Actor } | null;
  globalPosition: number;
}

export const inspectionKey = (planId: string, inspectionId: string) => `${planId}:${inspectionId}`;

export const inspections: KeyedProjection<InspectionRecord> = {
  name: 'inspections',
  keysOf(event) {
    if (event.type !== 'InspectionRecorded' && event.type !== 'InspectionWithdrawn') return [];
    return [inspectionKey(event.planId, event.data.inspectionId)];
  },
  evolve(state, event) {
    if (event.type === 'InspectionRecorded') {
      const data = event.data;
      return {
        ...data,
        planId: event.planId,
        at: event.effectiveAt,
        recordedAt: event.recordedAt,
        recordedBy: event.actor,
        withdrawal: null,
        globalPosition: event.globalPosition,
      };
    }
    if (event.type === 'InspectionWithdrawn' && state) {
      const data = event.data;
      return {
        ...state,
        withdrawal: { reason: data.reason, withdrawnAt: event.effectiveAt, recordedAt: event.recordedAt, withdrawnBy: event.actor },
        globalPosition: event.globalPosition,
      };
    }
    return undefined;
  },
};
