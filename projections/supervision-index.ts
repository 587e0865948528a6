// Which meetings, inspections and action items a plan has, keyed by plan id: ids only, in the order
// recorded, so a list reads the index as recorded by asOf (at any valid time) and then each record
// at (asOf, validAt) — a record not yet in effect at validAt has no version there and is left out.
// (The index's own valid time is not used: a back-dated meeting is listed from when it takes effect
// by its own key, not by the index's.)
import type { KeyedProjection } from './projection.ts';

export interface SupervisionIndex {
  planId: string;
  meetings: string[];
  inspections: string[];
  actionItems: string[];
}

export const supervisionIndex: KeyedProjection<SupervisionIndex> = {
  name: 'supervision-index',
  keysOf(event) {
    return event.type === 'MeetingScheduled' || event.type === 'MeetingHeld' || event.type === 'InspectionRecorded' ? [event.planId] : [];
  },
  evolve(state, event) {
    const index = state ?? { planId: event.planId, meetings: [], inspections: [], actionItems: [] };
    if (event.type === 'MeetingScheduled') return { ...index, meetings: [...index.meetings, event.data.meetingId] };
    if (event.type === 'MeetingHeld') {
      const items = event.data.decisions.flatMap((d) => d.actionItems.map((a) => a.itemId));
      return items.length ? { ...index, actionItems: [...index.actionItems, ...items] } : undefined;
    }
    if (event.type === 'InspectionRecorded') {
      const data = event.data;
      return {
        ...index,
        inspections: [...index.inspections, data.inspectionId],
        actionItems: [...index.actionItems, ...data.findings.flatMap((f) => f.actionItems.map((a) => a.itemId))],
      };
    }
    return undefined;
  },
};
