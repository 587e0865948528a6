// Action items (督办事项): closure (办结) by the assigned unit or the office, extension (延期) by the
// office — the item as the read model holds it → decide (src/domain/action-item.ts) → append on
// `action-item-{planId}:{itemId}` through the command handler — and the items at a reading, with their lights.

import { type ActionItemCommand, type ActionItemFacts, ActionItemNotFound, actionItemDecider } from '../../domain/action-item.ts';
import { RuleViolated } from '../../domain/errors.ts';
import { streams } from '../../domain/events.ts';
import { maxBackdateDaysOf } from '../../domain/plan.ts';
import type { Actor } from '../../store/event-store.ts';
import { handleCommand } from '../command-handler.ts';
import type { AppContext } from '../context.ts';
import { localActor } from '../context.ts';
import { actionItemView } from '../meeting/meeting-views.ts';
import { actionItemsAt, latest } from '../meeting/supervision-reads.ts';
import { planAt } from '../plan/plan-queries.ts';
import type { ReadQuery } from '../reading.ts';
import { toInstant } from '../time.ts';

/** The item as it stands now (its latest version), for a write or an access rule; 404 when the plan has none. */
export async function currentActionItem(ctx: AppContext, planId: string, itemId: string) {
  await ctx.runner.catchUp();
  const [item] = await actionItemsAt(ctx, planId, latest, [itemId]);
  if (!item) throw new ActionItemNotFound(planId, itemId);
  return item;
}

async function write(
  ctx: AppContext,
  planId: string,
  itemId: string,
  actor: Actor,
  decide: (item: ActionItemFacts, now: string, plan: Awaited<ReturnType<typeof planAt>>['plan']) => ActionItemCommand,
) {
  const { plan } = await planAt(ctx, planId, {});
  return handleCommand(
    ctx,
    {
      decider: actionItemDecider,
      streamId: streams.actionItem(planId, itemId),
      planId,
      actor,
      // The item as the read model holds it now, read again on each attempt: the race lost may have changed it.
      command: async () => {
        const item = await currentActionItem(ctx, planId, itemId);
        const facts: ActionItemFacts = { itemId, unitId: item.unitId, status: item.status, dueDate: item.dueDate, lastEffectiveAt: item.lastEffectiveAt };
        return decide(facts, toInstant(ctx.clock()), plan);
      },
    },
    async ({ position }) => {
      const { plan: now } = await planAt(ctx, planId, { minPosition: position });
      const [after] = await actionItemsAt(ctx, planId, { position, validAt: latest.validAt }, [itemId]);
      return { item: actionItemView(now.definition, after!, toInstant(ctx.clock())), globalPosition: position };
    },
  );
}

export interface CloseActionItemInput {
  planId: string;
  itemId: string;
  resolution: string;
  effectiveAt?: string;
  actor?: Actor;
}

export function closeActionItem(ctx: AppContext, input: CloseActionItemInput) {
  const actor = input.actor ?? localActor;
  return write(ctx, input.planId, input.itemId, actor, (item, now, plan) => ({
    type: 'CloseActionItem',
    item,
    resolution: input.resolution,
    timeZone: plan.definition.timeZone,
    ...(input.effectiveAt ? { effectiveAt: toInstant(input.effectiveAt) } : {}),
    now,
    planEffectiveAt: plan.effectiveAt,
    maxBackdateDays: actor.role === 'office' ? null : maxBackdateDaysOf(plan.definition),
  }));
}

export interface ExtendActionItemInput {
  planId: string;
  itemId: string;
  dueDate: string;
  reason: string;
  effectiveAt?: string;
  actor?: Actor;
}

export function extendActionItem(ctx: AppContext, input: ExtendActionItemInput) {
  return write(ctx, input.planId, input.itemId, input.actor ?? localActor, (item, now, plan) => ({
    type: 'ExtendActionItem',
    item,
    dueDate: input.dueDate,
    reason: input.reason,
    ...(input.effectiveAt ? { effectiveAt: toInstant(input.effectiveAt) } : {}),
    now,
    planEffectiveAt: plan.effectiveAt,
    maxBackdateDays: null,
  }));
}

export interface ActionItemQuery extends ReadQuery {
  unit?: string;
  status?: 'open' | 'closed' | 'withdrawn';
  overdue?: boolean;
}

export async function listActionItems(ctx: AppContext, planId: string, query: ActionItemQuery) {
  const { plan, reading } = await planAt(ctx, planId, query);
  const def = plan.definition;
  if (query.unit !== undefined && !def.units.some((u) => u.id === query.unit)) {
    throw new RuleViolated('unit', { rule: 'unit-or-group-unknown', planId, unitId: query.unit }, 'query');
  }
  const views = (await actionItemsAt(ctx, planId, reading))
    .filter((r) => (query.unit === undefined || r.unitId === query.unit) && (query.status === undefined ? r.status !== 'withdrawn' : r.status === query.status))
    .map((r) => actionItemView(def, r, reading.validAt))
    .filter((v) => query.overdue === undefined || (v.light?.light === 'red') === query.overdue);
  return {
    planId,
    counts: {
      open: views.filter((v) => v.status === 'open').length,
      closed: views.filter((v) => v.status === 'closed').length,
      overdue: views.filter((v) => v.light?.light === 'red').length,
    },
    items: views,
    ...reading,
  };
}

export async function getActionItem(ctx: AppContext, planId: string, itemId: string, query: ReadQuery) {
  const { plan, reading } = await planAt(ctx, planId, query);
  const [record] = await actionItemsAt(ctx, planId, reading, [itemId]);
  if (!record) throw new ActionItemNotFound(planId, itemId);
  return { ...actionItemView(plan.definition, record, reading.validAt), ...reading };
}
