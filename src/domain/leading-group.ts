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
//
// Withdrawal (撤回): a mistaken replacement is withdrawn with a reason by the office. Only a seat's
// latest replacement standing may be withdrawn (409 otherwise: withdraw the later one first); from the
// withdrawal's effectiveAt the seat's previous holder holds it again (and is director again, if the
// seat carries the directorship). Withdrawals keep the leading group's valid time running forwards.
//
// Replacement ids. A replacement carries the id the server made for it (`replacementId`); one recorded
// before ids were given has none, and its id is `r{streamRevision}`, its revision in the leading
// group's stream (replacementIdOf), which a copy of the store keeps.

import type { Decider } from './decider.ts';
import { checkEffectiveAt } from './effective-at.ts';
import { DomainError, RuleViolated, ValidTimeConflict } from './errors.ts';
import { asDomainEvent, type MemberReplacedData, type MemberReplacementWithdrawnData } from './events.ts';
import type { PlanDefinition } from './plan.ts';

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
  /** Per seat, the replacements standing, oldest first (the last is the latest): each with the holder it replaced. */
  replaced: Record<string, { replacementId: string; previous: { name: string; title: string } }[]>;
  /** Every replacement recorded: its seat, and whether it was withdrawn. */
  replacements: Record<string, { seat: string; withdrawn: boolean }>;
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
  replaced: {},
  replacements: {},
  revision: 0,
  lastEffectiveAt: null,
});

/** A replacement's id: the one it carries, or for one recorded before ids were given, `r{streamRevision}`. */
export const replacementIdOf = (data: { replacementId?: string | undefined }, streamRevision: number): string => data.replacementId ?? `r${streamRevision}`;

export interface ReplaceMember {
  type: 'ReplaceMember';
  /** The id the server made for the replacement. */
  replacementId?: string;
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

export interface WithdrawReplacement {
  type: 'WithdrawReplacement';
  planId: string;
  replacementId: string;
  reason: string;
  effectiveAt?: string;
  now: string;
  planEffectiveAt: string;
}

export type LeadingGroupEvent =
  | { type: 'MemberReplaced'; data: MemberReplacedData; effectiveAt?: string }
  | { type: 'MemberReplacementWithdrawn'; data: MemberReplacementWithdrawnData; effectiveAt?: string };

/** No such replacement in the leading group's stream. */
export class ReplacementNotFound extends DomainError<'replacement-not-found'> {
  constructor(
    readonly planId: string,
    readonly replacementId: string,
  ) {
    super('not-found', 'replacement-not-found', { planId, replacementId });
  }
}

/** A replacement that is not its seat's latest standing one (or was already withdrawn). */
/** A replacement already withdrawn (no `later`), or one a later replacement of its seat stands on. */
export class ReplacementNotLatest extends DomainError<'replacement-not-latest'> {
  constructor(
    readonly replacementId: string,
    later?: { seat: string; latest: string },
  ) {
    super('conflict', 'replacement-not-latest', { replacementId, ...later });
  }
}

/** The seat exists, but the person named does not hold it (any more): someone read an older roster. */
export class SeatHolderMismatch extends DomainError<'seat-holder-mismatch'> {
  constructor(
    readonly seat: string,
    readonly named: string,
    readonly holder: string,
  ) {
    super('conflict', 'seat-holder-mismatch', { seat, named, holder });
  }
}

/** A replacement back-dated before the leading group's latest change: valid time would run backwards. */
export class LeadingGroupValidTimeConflict extends ValidTimeConflict {
  constructor(effectiveAt: string, previousEffectiveAt: string) {
    super(effectiveAt, previousEffectiveAt, 'replaced', { of: 'leading-group' });
  }
}

function checkTime(command: { effectiveAt?: string; now: string; planEffectiveAt: string }, state: LeadingGroupState): void {
  if (command.effectiveAt === undefined) return;
  const at = Date.parse(checkEffectiveAt(command));
  if (state.lastEffectiveAt !== null && at < Date.parse(state.lastEffectiveAt)) {
    throw new LeadingGroupValidTimeConflict(command.effectiveAt, state.lastEffectiveAt);
  }
}

export type LeadingGroupCommand = ReplaceMember | WithdrawReplacement;

function decideWithdrawal(command: WithdrawReplacement, state: LeadingGroupState): LeadingGroupEvent[] {
  const replacement = state.replacements[command.replacementId];
  if (!replacement) throw new ReplacementNotFound(command.planId, command.replacementId);
  if (replacement.withdrawn) throw new ReplacementNotLatest(command.replacementId);
  const stack = state.replaced[replacement.seat] ?? [];
  const latest = stack.at(-1)!;
  if (latest.replacementId !== command.replacementId) {
    throw new ReplacementNotLatest(command.replacementId, { seat: replacement.seat, latest: latest.replacementId });
  }
  checkTime(command, state);
  const seat = state.seats.find((s) => s.seat === replacement.seat)!;
  const data: MemberReplacementWithdrawnData = {
    replacementId: command.replacementId,
    seat: seat.seat,
    withdrawn: { name: seat.name, title: seat.title },
    restored: latest.previous,
    reason: command.reason,
  };
  return [{ type: 'MemberReplacementWithdrawn', data, ...(command.effectiveAt ? { effectiveAt: command.effectiveAt } : {}) }];
}

export function decide(command: LeadingGroupCommand, state: LeadingGroupState): LeadingGroupEvent[] {
  if (command.type === 'WithdrawReplacement') return decideWithdrawal(command, state);
  const seat = state.seats.find((s) => s.seat === command.seat);
  if (!seat) {
    throw new RuleViolated('seat', {
      rule: 'seat-unknown',
      seat: command.seat,
      deputies: state.seats.filter((s) => s.role === 'deputy').length,
      members: state.seats.filter((s) => s.role === 'member').length,
    });
  }
  if (seat.name !== command.holder) throw new SeatHolderMismatch(seat.seat, command.holder, seat.name);
  if (command.successor.name === seat.name) throw new RuleViolated('successor', { rule: 'successor-already-holds', name: seat.name, seat: seat.seat });
  checkTime(command, state);
  const data: MemberReplacedData = {
    seat: seat.seat,
    previous: { name: seat.name, title: seat.title, unitId: seat.unitId },
    successor: { name: command.successor.name, title: command.successor.title ?? seat.title },
  };
  if (command.reason !== undefined) data.reason = command.reason;
  if (command.replacementId !== undefined) data.replacementId = command.replacementId;
  return [{ type: 'MemberReplaced', data, ...(command.effectiveAt ? { effectiveAt: command.effectiveAt } : {}) }];
}

export function evolve(state: LeadingGroupState, recorded: { type: string; data: unknown; effectiveAt?: string; streamRevision?: number }): LeadingGroupState {
  const event = asDomainEvent(recorded);
  const revision = state.revision + 1;
  const lastEffectiveAt = event.effectiveAt ?? state.lastEffectiveAt;
  if (event.type === 'MemberReplaced') {
    const data = event.data;
    const replacementId = replacementIdOf(data, event.streamRevision ?? state.revision);
    const seat = state.seats.find((s) => s.seat === data.seat)!;
    return {
      seats: state.seats.map((s) => (s.seat === data.seat ? { ...s, name: data.successor.name, title: data.successor.title ?? s.title } : s)),
      replaced: { ...state.replaced, [data.seat]: [...(state.replaced[data.seat] ?? []), { replacementId, previous: { name: seat.name, title: seat.title } }] },
      replacements: { ...state.replacements, [replacementId]: { seat: data.seat, withdrawn: false } },
      revision,
      lastEffectiveAt,
    };
  }
  if (event.type === 'MemberReplacementWithdrawn') {
    const data = event.data;
    return {
      seats: state.seats.map((s) => (s.seat === data.seat ? { ...s, name: data.restored.name, title: data.restored.title } : s)),
      replaced: { ...state.replaced, [data.seat]: (state.replaced[data.seat] ?? []).filter((r) => r.replacementId !== data.replacementId) },
      replacements: { ...state.replacements, [data.replacementId]: { seat: data.seat, withdrawn: true } },
      revision,
      lastEffectiveAt,
    };
  }
  return { ...state, revision };
}

/** A plan's leading group: its stream starts from the seats the plan adopted. */
export const leadingGroupDecider = (group: LeadingGroupDefinition): Decider<LeadingGroupCommand, LeadingGroupEvent, LeadingGroupState> => ({
  initialState: () => initialLeadingGroupState(group),
  evolve,
  decide,
});
