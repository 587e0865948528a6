// Action items (督办事项), keyed `{planId}:{itemId}`: folded out of the meeting decision (MeetingHeld)
// or inspection finding (InspectionRecorded) that assigned them, then their closure and extensions
// (on `action-item-{planId}:{itemId}`), and withdrawn with the minutes or inspection that raised them.
// Valid time per item runs forwards: the deciders refuse a change back-dated before the item's latest.
import type { ActionItemStatus } from '../src/domain/action-item.ts';
import type { Actor } from '../src/store/event-store.ts';
import type { KeyedProjection, RecordedDomainEvent } from './projection.ts';

export interface ActionItemSource {
  kind: 'meeting' | 'inspection';
  /** The meeting's or inspection's id and title. */
  id: string;
  title: string;
  /** The decision (d1 …) or finding (f1 …) that assigned it, and its text and tasks. */
  partId: string;
  partText: string;
  taskCodes: string[];
}

export interface ActionItemRecord {
  planId: string;
  itemId: string;
  unitId: string;
  text: string;
  source: ActionItemSource;
  /** When it was assigned (the meeting's or inspection's time: valid time), recorded, and by whom. */
  assignedAt: string;
  recordedAt: string;
  assignedBy: Actor;
  originalDueDate: string;
  dueDate: string;
  extensions: { previousDueDate: string; dueDate: string; reason: string; from: string; recordedAt: string; extendedBy: Actor }[];
  status: ActionItemStatus;
  closure: { resolution: string; closedAt: string; recordedAt: string; closedBy: Actor; dueDate: string; onTime: boolean } | null;
  withdrawal: { reason: string; withdrawnAt: string; recordedAt: string; withdrawnBy: Actor } | null;
  /** Valid time of the latest change. */
  lastEffectiveAt: string;
  globalPosition: number;
}

export const actionItemKey = (planId: string, itemId: string) => `${planId}:${itemId}`;

function assigned(event: RecordedDomainEvent): Map<string, Omit<ActionItemRecord, 'planId'>> {
  const out = new Map<string, Omit<ActionItemRecord, 'planId'>>();
  const common = {
    assignedAt: event.effectiveAt,
    recordedAt: event.recordedAt,
    assignedBy: event.actor,
    extensions: [],
    status: 'open' as const,
    closure: null,
    withdrawal: null,
    lastEffectiveAt: event.effectiveAt,
    globalPosition: event.globalPosition,
  };
  if (event.type === 'MeetingHeld') {
    const data = event.data;
    for (const d of data.decisions) {
      for (const a of d.actionItems) {
        const source: ActionItemSource = {
          kind: 'meeting',
          id: data.meetingId,
          title: data.title,
          partId: d.decisionId,
          partText: d.text,
          taskCodes: d.taskCodes,
        };
        out.set(a.itemId, { itemId: a.itemId, unitId: a.unitId, text: a.text, source, originalDueDate: a.dueDate, dueDate: a.dueDate, ...common });
      }
    }
  } else if (event.type === 'InspectionRecorded') {
    const data = event.data;
    for (const f of data.findings) {
      for (const a of f.actionItems) {
        const source: ActionItemSource = {
          kind: 'inspection',
          id: data.inspectionId,
          title: data.title,
          partId: f.findingId,
          partText: f.text,
          taskCodes: f.taskCodes,
        };
        out.set(a.itemId, { itemId: a.itemId, unitId: a.unitId, text: a.text, source, originalDueDate: a.dueDate, dueDate: a.dueDate, ...common });
      }
    }
  }
  return out;
}

const prefix = (planId: string) => `${planId}:`;

export const actionItems: KeyedProjection<ActionItemRecord> = {
  name: 'action-items',
  keysOf(event) {
    switch (event.type) {
      case 'MeetingHeld':
      case 'InspectionRecorded':
        return [...assigned(event).keys()].map((id) => actionItemKey(event.planId, id));
      case 'MeetingRecordWithdrawn':
        return event.data.actionItemIds.map((id) => actionItemKey(event.planId, id));
      case 'InspectionWithdrawn':
        return event.data.actionItemIds.map((id) => actionItemKey(event.planId, id));
      case 'ActionItemClosed':
      case 'ActionItemExtended':
        return [actionItemKey(event.planId, event.data.itemId)];
      default:
        return [];
    }
  },
  evolve(state, event, key) {
    if (event.type === 'MeetingHeld' || event.type === 'InspectionRecorded') {
      const item = assigned(event).get(key.slice(prefix(event.planId).length));
      return item ? { planId: event.planId, ...item } : undefined;
    }
    if (!state) return undefined;
    const base = { ...state, lastEffectiveAt: event.effectiveAt, globalPosition: event.globalPosition };
    if (event.type === 'MeetingRecordWithdrawn' || event.type === 'InspectionWithdrawn') {
      const { reason } = event.data;
      return { ...base, status: 'withdrawn', withdrawal: { reason, withdrawnAt: event.effectiveAt, recordedAt: event.recordedAt, withdrawnBy: event.actor } };
    }
    if (event.type === 'ActionItemClosed') {
      const data = event.data;
      return {
        ...base,
        status: 'closed',
        closure: {
          resolution: data.resolution,
          closedAt: event.effectiveAt,
          recordedAt: event.recordedAt,
          closedBy: event.actor,
          dueDate: data.dueDate,
          onTime: data.onTime,
        },
      };
    }
    if (event.type === 'ActionItemExtended') {
      const data = event.data;
      return {
        ...base,
        dueDate: data.dueDate,
        extensions: [
          ...state.extensions,
          {
            previousDueDate: data.previousDueDate,
            dueDate: data.dueDate,
            reason: data.reason,
            from: event.effectiveAt,
            recordedAt: event.recordedAt,
            extendedBy: event.actor,
          },
        ],
      };
    }
    return undefined;
  },
};
