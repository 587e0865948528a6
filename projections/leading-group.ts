// The leading group (领导小组) of each adopted plan that has one: who holds each seat, since when,
// who held it before, and the office (办公室) with its director. Keyed by plan id. The roster the plan
// adopted is the state from the plan's effectiveAt; each MemberReplaced (递补) puts the successor in
// the seat, which keeps its title and unit. Seats are leader, deputy-N, member-N (N from 1, in the
// plan's order). The office director follows the seat they hold: the plan's director (first seat
// held by that name) is succeeded as director by whoever succeeds to that seat. A withdrawn replacement
// (撤回) puts the seat's previous holder back from the withdrawal's effectiveAt (director too, when the
// seat carries it); the seat lists the withdrawn holder under `withdrawn`. A replacement's id is the one
// its event carries, or `r{streamRevision}` for one recorded before ids were given (replacementIdOf).
import { replacementIdOf } from '../src/domain/leading-group.ts';
import type { Actor } from '../src/store/event-store.ts';
import type { KeyedProjection, RecordedDomainEvent } from './projection.ts';

export interface SeatRecord {
  seat: string;
  role: 'leader' | 'deputy' | 'member';
  name: string;
  title: string;
  unitId: string;
  /** When the holder took the seat (valid time): the plan's start, or their replacement's effectiveAt. */
  since: string;
  /** The replacement that put the holder in the seat; null for the plan's own holder. */
  replacementId: string | null;
  /** Earlier holders, oldest first, each with the moment their successor took over (and what a withdrawal puts back). */
  predecessors: { name: string; title: string; since: string; until: string; replacementId: string | null }[];
  /** Holders whose replacement was withdrawn (撤回), oldest first. */
  withdrawn: { replacementId: string; name: string; title: string; since: string; withdrawnAt: string; reason: string }[];
}

export interface LeadingGroupRecord {
  planId: string;
  name: string;
  seats: SeatRecord[];
  office: { hostUnitId: string; directorName: string; directorSeat: string | null };
  replacementRule: string | null;
  /** Valid time of the latest change (the plan's start before any replacement). */
  since: string;
  recordedAt: string;
  changedBy: Actor;
  /** Events in the leading group's stream: 0 before the first replacement. */
  revision: number;
  globalPosition: number;
}

/** The roster after a change to its seats (a replacement, or one withdrawn) at the event. */
function changed(
  state: LeadingGroupRecord,
  seats: LeadingGroupRecord['seats'],
  office: LeadingGroupRecord['office'],
  event: RecordedDomainEvent,
): LeadingGroupRecord {
  return {
    ...state,
    seats,
    office,
    since: event.effectiveAt,
    recordedAt: event.recordedAt,
    changedBy: event.actor,
    revision: event.streamRevision + 1,
    globalPosition: event.globalPosition,
  };
}

export const leadingGroup: KeyedProjection<LeadingGroupRecord> = {
  name: 'leading-group',
  keysOf(event) {
    if (event.type === 'PlanAdopted') {
      const { plan } = event.data;
      return plan.leadingGroup ? [plan.id] : [];
    }
    if (event.type === 'MemberReplaced' || event.type === 'MemberReplacementWithdrawn') return [event.planId];
    return [];
  },
  evolve(state, event) {
    if (event.type === 'PlanAdopted') {
      const { plan } = event.data;
      const group = plan.leadingGroup!;
      const seat = (id: string, role: SeatRecord['role'], m: { name: string; title: string; unitId: string }): SeatRecord => ({
        seat: id,
        role,
        name: m.name,
        title: m.title,
        unitId: m.unitId,
        since: event.effectiveAt,
        replacementId: null,
        predecessors: [],
        withdrawn: [],
      });
      const seats = [
        seat('leader', 'leader', group.leader),
        ...group.deputies.map((d, i) => seat(`deputy-${i + 1}`, 'deputy', d)),
        ...group.members.map((m, i) => seat(`member-${i + 1}`, 'member', m)),
      ];
      return {
        planId: plan.id,
        name: group.name,
        seats,
        office: {
          hostUnitId: group.office.hostUnitId,
          directorName: group.office.directorName,
          directorSeat: seats.find((s) => s.name === group.office.directorName)?.seat ?? null,
        },
        replacementRule: group.replacementRule ?? null,
        since: event.effectiveAt,
        recordedAt: event.recordedAt,
        changedBy: event.actor,
        revision: 0,
        globalPosition: event.globalPosition,
      };
    }
    if (event.type === 'MemberReplaced' && state) {
      const data = event.data;
      const seats = state.seats.map((s) =>
        s.seat === data.seat
          ? {
              ...s,
              name: data.successor.name,
              title: data.successor.title ?? s.title,
              since: event.effectiveAt,
              replacementId: replacementIdOf(data, event.streamRevision),
              predecessors: [...s.predecessors, { name: s.name, title: s.title, since: s.since, until: event.effectiveAt, replacementId: s.replacementId }],
            }
          : s,
      );
      const office = state.office.directorSeat === data.seat ? { ...state.office, directorName: data.successor.name } : state.office;
      return changed(state, seats, office, event);
    }
    if (event.type === 'MemberReplacementWithdrawn' && state) {
      const data = event.data;
      const seats = state.seats.map((s) => {
        const back = s.predecessors.at(-1);
        if (s.seat !== data.seat || !back) return s;
        const withdrawn = {
          replacementId: data.replacementId,
          name: s.name,
          title: s.title,
          since: s.since,
          withdrawnAt: event.effectiveAt,
          reason: data.reason,
        };
        return {
          ...s,
          name: back.name,
          title: back.title,
          since: back.since,
          replacementId: back.replacementId,
          predecessors: s.predecessors.slice(0, -1),
          withdrawn: [...s.withdrawn, withdrawn],
        };
      });
      const office = state.office.directorSeat === data.seat ? { ...state.office, directorName: data.restored.name } : state.office;
      return changed(state, seats, office, event);
    }
    return undefined;
  },
};
