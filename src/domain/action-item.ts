// Action items (督办事项): assigned to a unit, with a due date and a text, by a meeting's decision
// (MeetingHeld, src/domain/meeting.ts) or an inspection's finding (InspectionRecorded,
// src/domain/inspection.ts); closed (办结) by the assigned unit or the office with a resolution, and
// their due date extended (延期) by the office with a reason, on `action-item-{planId}:{itemId}`.
// Pure: the item as the read model holds it, the clock's reading and the caller come in with the command.
//
//   open ─close→ closed (final)        open ─extend→ open (a later due date; the old one stays in history)
//   open/closed ─the meeting's minutes or the inspection withdrawn (撤回)→ withdrawn (owes nothing)
//
// Valid time per item runs forwards: a closure or extension back-dated before the item's latest
// change (its assignment included) is refused (409 valid-time-conflict).
import { z } from 'zod';
import type { Decider } from './decider.ts';
import { checkEffectiveAt } from './effective-at.ts';
import { DomainError, RuleViolated, ValidTimeConflict } from './errors.ts';
import { endOfDate } from './light.ts';
import { PlanDate, type PlanDefinition, UnitId } from './plan.ts';
import { IdString, MultilineText } from './text.ts';

/** An action item as a decision or a finding assigns it (the id is the server's). */
export const AssignedActionItem = z.object({ itemId: IdString, unitId: IdString, dueDate: PlanDate, text: MultilineText });
export type AssignedActionItem = z.output<typeof AssignedActionItem>;

/** An action item as a request names it (no id yet). */
export const ActionItemRequest = z
  .strictObject({
    unitId: UnitId.describe('The unit it is assigned to (one unit of the plan, not a group).'),
    dueDate: PlanDate.describe("When it is due: the end of that day in the plan's time zone; not before the meeting or inspection."),
    text: MultilineText.describe('What the unit is to do (督办事项).'),
  })
  .meta({ id: 'ActionItemRequest', examples: [{ unitId: 'jxj', dueDate: '2023-06-30', text: '牵头制定专精特新企业梯度培育方案' }] });

export const ActionItemClosedData = z.object({
  itemId: IdString,
  unitId: IdString,
  resolution: MultilineText,
  /** The due date in force when it was closed, and whether the closure met it. */
  dueDate: PlanDate,
  onTime: z.boolean(),
});
export type ActionItemClosedData = z.output<typeof ActionItemClosedData>;

export const ActionItemExtendedData = z.object({
  itemId: IdString,
  unitId: IdString,
  previousDueDate: PlanDate,
  dueDate: PlanDate,
  reason: MultilineText,
});
export type ActionItemExtendedData = z.output<typeof ActionItemExtendedData>;

export type ActionItemStatus = 'open' | 'closed' | 'withdrawn';

/** What a decider needs of an item (from the action-items read model). */
export interface ActionItemFacts {
  itemId: string;
  unitId: string;
  status: ActionItemStatus;
  dueDate: string;
  /** Valid time of the item's latest change (its assignment, an extension …). */
  lastEffectiveAt: string;
}

export class ActionItemNotFound extends DomainError<'action-item-not-found'> {
  constructor(
    readonly planId: string,
    readonly itemId: string,
  ) {
    super('not-found', 'action-item-not-found', { planId, itemId });
  }
}

/** Closing or extending an item that is not open. */
export class ActionItemStateConflict extends DomainError<'action-item-state-conflict'> {
  constructor(
    readonly itemId: string,
    readonly status: ActionItemStatus,
  ) {
    super('conflict', 'action-item-state-conflict', { itemId, status });
  }
}

export class ActionItemValidTimeConflict extends ValidTimeConflict {
  constructor(effectiveAt: string, previousEffectiveAt: string, status: string) {
    super(effectiveAt, previousEffectiveAt, status, { of: 'action-item' });
  }
}

/**
 * Checks the action items a decision or finding assigns (at `at`, the meeting's or inspection's time):
 * each to one unit of the plan, due no earlier than that day. `pointer` is where the list sits in the body.
 */
export function checkAssignedItems(
  plan: Pick<PlanDefinition, 'units' | 'groups' | 'timeZone'>,
  items: readonly { unitId: string; dueDate: string }[],
  pointer: string,
  at: string,
): void {
  items.forEach((item, i) => {
    if (!plan.units.some((u) => u.id === item.unitId)) {
      const group = plan.groups.find((g) => g.id === item.unitId);
      throw new RuleViolated(
        `${pointer}/${i}/unitId`,
        group ? { rule: 'action-item-to-group', unitId: item.unitId, groupName: group.name } : { rule: 'unit-unknown', unitId: item.unitId },
      );
    }
    if (Date.parse(endOfDate(item.dueDate, plan.timeZone)) < Date.parse(at)) {
      throw new RuleViolated(`${pointer}/${i}/dueDate`, { rule: 'action-item-due-before-assigned', at, dueDate: item.dueDate });
    }
  });
}

interface Timing {
  effectiveAt?: string;
  now: string;
  planEffectiveAt: string;
  /** How far a unit token may back-date (days); null for the office. */
  maxBackdateDays: number | null;
}

function atOf(command: Timing, item: ActionItemFacts): string {
  const at = checkEffectiveAt({
    ...(command.effectiveAt ? { effectiveAt: command.effectiveAt } : {}),
    now: command.now,
    planEffectiveAt: command.planEffectiveAt,
    maxBackdateDays: command.maxBackdateDays,
  });
  if (Date.parse(at) < Date.parse(item.lastEffectiveAt)) throw new ActionItemValidTimeConflict(at, item.lastEffectiveAt, item.status);
  return at;
}

export interface CloseActionItem extends Timing {
  type: 'CloseActionItem';
  item: ActionItemFacts;
  resolution: string;
  timeZone: string;
}

export interface ExtendActionItem extends Timing {
  type: 'ExtendActionItem';
  item: ActionItemFacts;
  dueDate: string;
  reason: string;
}

export type ActionItemEvent =
  | { type: 'ActionItemClosed'; data: ActionItemClosedData; effectiveAt?: string }
  | { type: 'ActionItemExtended'; data: ActionItemExtendedData; effectiveAt?: string };

function decideClosure(command: CloseActionItem): ActionItemEvent[] {
  const { item } = command;
  if (item.status !== 'open') throw new ActionItemStateConflict(item.itemId, item.status);
  const at = atOf(command, item);
  const onTime = Date.parse(at) <= Date.parse(endOfDate(item.dueDate, command.timeZone));
  return [
    {
      type: 'ActionItemClosed',
      data: { itemId: item.itemId, unitId: item.unitId, resolution: command.resolution, dueDate: item.dueDate, onTime },
      ...(command.effectiveAt ? { effectiveAt: command.effectiveAt } : {}),
    },
  ];
}

function decideExtension(command: ExtendActionItem): ActionItemEvent[] {
  const { item } = command;
  if (item.status !== 'open') throw new ActionItemStateConflict(item.itemId, item.status);
  if (command.dueDate <= item.dueDate) {
    throw new RuleViolated('dueDate', { rule: 'extension-not-later', dueDate: item.dueDate, requested: command.dueDate });
  }
  atOf(command, item);
  return [
    {
      type: 'ActionItemExtended',
      data: { itemId: item.itemId, unitId: item.unitId, previousDueDate: item.dueDate, dueDate: command.dueDate, reason: command.reason },
      ...(command.effectiveAt ? { effectiveAt: command.effectiveAt } : {}),
    },
  ];
}

export type ActionItemCommand = CloseActionItem | ExtendActionItem;

/**
 * An item's own stream holds only its closures and extensions; what it is (assigned by minutes or an
 * inspection, on other streams) comes in with the command as `item`, read from the read model. The
 * state counts the stream's events, for the append.
 */
export interface ActionItemState {
  revision: number;
}

export function decide(command: ActionItemCommand, _state: ActionItemState): ActionItemEvent[] {
  return command.type === 'CloseActionItem' ? decideClosure(command) : decideExtension(command);
}

export const evolve = (state: ActionItemState): ActionItemState => ({ revision: state.revision + 1 });

export const actionItemDecider: Decider<ActionItemCommand, ActionItemEvent, ActionItemState> = { initialState: () => ({ revision: 0 }), evolve, decide };
