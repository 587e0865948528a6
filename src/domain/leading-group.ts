// The leading group's decider (领导小组, 递补): decide(command, state) → events, evolve(state, event) → state.
// Pure: the roster the plan adopted and the clock's reading come in with the command or the state.
//
// Seats. A seat is named by its role and its place in the plan's order — `leader`, `deputy-N`,
// `member-N` (N from 1) — which never changes, since an adopted plan's roster is never re-ordered.
// The seat keeps its title and unit; a replacement (递补: the successor in the same post takes the
// seat, no new document) changes only the person, and the title when the successor's differs.
//
// The office director (办公室主任) follows the seat: when the plan's director holds a seat (盛继亮 is
// deputy-2 and director in the Wuhan plan), whoever succeeds to that seat becomes director too.
import type { MemberReplacedData } from './events.ts';
import { DomainError, RuleViolated, ValidTimeConflict } from './errors.ts';
import type { PlanDefinition } from './plan.ts';
import { checkEffectiveAt } from './effective-at.ts';

export type SeatRole = 'leader' | 'deputy' | 'member';

export interface SeatHolder {
  seat: string;
  role: SeatRole;
  name: string;
  title: string;
  unitId: string;
}

export interface LeadingGroupState {
  seats: SeatHolder[];
  /** Events in the leading group's stream. */
  revision: number;
  /** Valid time of the last replacement; null before the first (the plan's own start applies). */
  lastEffectiveAt: string | null;
}

type LeadingGroupDefinition = NonNullable<PlanDefinition['leadingGroup']>;

/** The seats as the plan adopted them, in its order. */
export function seatsOf(group: LeadingGroupDefinition): SeatHolder[] {
  return [
    { seat: 'leader', role: 'leader' as const, ...group.leader },
    ...group.deputies.map((d, i) => ({ seat: `deputy-${i + 1}`, role: 'deputy' as const, ...d })),
    ...group.members.map((m, i) => ({ seat: `member-${i + 1}`, role: 'member' as const, ...m })),
  ].map(({ seat, role, name, title, unitId }) => ({ seat, role, name, title, unitId }));
}

/** The seat the plan's office director holds, if the director holds one (the first in the plan's order). */
export function directorSeatOf(group: LeadingGroupDefinition): string | null {
  return seatsOf(group).find((s) => s.name === group.office.directorName)?.seat ?? null;
}

export const initialLeadingGroupState = (group: LeadingGroupDefinition): LeadingGroupState => ({
  seats: seatsOf(group),
  revision: 0,
  lastEffectiveAt: null,
});

export interface ReplaceMember {
  type: 'ReplaceMember';
  seat: string;
  /** Who the caller believes holds the seat now: the replacement goes through only if they do. */
  holder: string;
  successor: { name: string; title?: string };
  reason?: string;
  /** When the successor took the seat, if earlier than now. */
  effectiveAt?: string;
  now: string;
  planEffectiveAt: string;
}

export interface LeadingGroupEvent {
  type: 'MemberReplaced';
  data: MemberReplacedData;
  effectiveAt?: string;
}

/** The seat exists, but the person named does not hold it (any more): someone read an older roster. */
export class SeatHolderMismatch extends DomainError {
  readonly code = 'seat-holder-mismatch';
  constructor(
    readonly seat: string,
    readonly named: string,
    readonly holder: string,
  ) {
    super(`seat ${seat} is held by ${holder}, not ${named}; read the leading group again and name its current holder`);
  }
}

/** A replacement back-dated before the leading group's latest change: valid time would run backwards. */
export class LeadingGroupValidTimeConflict extends ValidTimeConflict {
  constructor(effectiveAt: string, previousEffectiveAt: string) {
    super(effectiveAt, previousEffectiveAt, 'replaced');
    this.message =
      `effectiveAt ${effectiveAt} is before the leading group's latest change, which took effect at ${previousEffectiveAt}; ` +
      `its replacements take effect in the order they are recorded, so a late one may go back only as far as the last. ` +
      `Record it with effectiveAt at or after ${previousEffectiveAt}.`;
  }
}

export function decide(command: ReplaceMember, state: LeadingGroupState): LeadingGroupEvent[] {
  const seat = state.seats.find((s) => s.seat === command.seat);
  if (!seat) {
    throw new RuleViolated('seat', `the leading group has no seat ${command.seat}; its seats are leader, deputy-1…deputy-${state.seats.filter((s) => s.role === 'deputy').length} and member-1…member-${state.seats.filter((s) => s.role === 'member').length}`);
  }
  if (seat.name !== command.holder) throw new SeatHolderMismatch(seat.seat, command.holder, seat.name);
  if (command.successor.name === seat.name) throw new RuleViolated('successor', `${seat.name} already holds seat ${seat.seat}; a successor is someone else`);
  if (command.effectiveAt !== undefined) {
    const at = Date.parse(checkEffectiveAt(command));
    if (state.lastEffectiveAt !== null && at < Date.parse(state.lastEffectiveAt)) {
      throw new LeadingGroupValidTimeConflict(command.effectiveAt, state.lastEffectiveAt);
    }
  }
  const data: MemberReplacedData = {
    seat: seat.seat,
    previous: { name: seat.name, title: seat.title, unitId: seat.unitId },
    successor: { name: command.successor.name, title: command.successor.title ?? seat.title },
  };
  if (command.reason !== undefined) data.reason = command.reason;
  return [{ type: 'MemberReplaced', data, ...(command.effectiveAt ? { effectiveAt: command.effectiveAt } : {}) }];
}

export function evolve(state: LeadingGroupState, event: { type: string; data: unknown; effectiveAt?: string }): LeadingGroupState {
  if (event.type !== 'MemberReplaced') return { ...state, revision: state.revision + 1 };
  const data = event.data as MemberReplacedData;
  return {
    seats: state.seats.map((s) => (s.seat === data.seat ? { ...s, name: data.successor.name, title: data.successor.title ?? s.title } : s)),
    revision: state.revision + 1,
    lastEffectiveAt: event.effectiveAt ?? state.lastEffectiveAt,
  };
}
