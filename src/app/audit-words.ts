// The names an audit page is read in: each plan's units by name, each token by its holder's name, and
// instants in the plan's time zone — looked up in the read model as of the page's reading, and only
// what the page's events need (the plans they belong to or name; the tokens only when an actor was
// recorded without its name, or a token is revoked).

import type { AuditWords } from '../../projections/audit.ts';
import { type AdoptedPlan, planCatalogue } from '../../projections/plan.ts';
import { type AccessToken, accessTokens } from '../../projections/token.ts';
import { asDomainEvent } from '../domain/events.ts';
import { scopeOf } from '../domain/token.ts';
import type { RecordedEvent } from '../store/event-store.ts';
import type { AppContext } from './context.ts';
import { groupOf, unitName } from './plan/plan-views.ts';
import type { Reading } from './reading.ts';
import { localTime } from './time.ts';

/** Later than any valid time: a key's newest version as recorded by a position. */
const ANY_TIME = '9999-12-31T23:59:59.999Z';

export interface EventWords extends AuditWords {
  /** The time zone the event's instants are read in: its plan's, else the service's. */
  timeZone: string;
}

export async function auditWords(ctx: AppContext, events: readonly RecordedEvent[], reading: Reading): Promise<(event: RecordedEvent) => EventWords> {
  const planIds = new Set<string>();
  let needTokens = false;
  for (const e of events) {
    planIds.add(e.planId);
    const typed = asDomainEvent(e);
    if (typed.type === 'TokenIssued') for (const id of scopeOf(typed.data, e.actor) ?? []) planIds.add(id);
    if (e.type === 'TokenRevoked' || (!e.actor.name && e.actor.role !== 'system')) needTokens = true;
  }
  const plans = planIds.size
    ? await ctx.states.at<AdoptedPlan>(ctx.readModel, planCatalogue.name, [...planIds], reading.position, ANY_TIME)
    : new Map<string, AdoptedPlan>();
  const tokens = new Map<string, AccessToken>();
  if (needTokens) {
    // Tokens are few (one per office, unit system or person): all of them as recorded by the reading.
    const keys = await ctx.readModel.keys(accessTokens.name, reading.position);
    for (const token of (await ctx.states.at<AccessToken>(ctx.readModel, accessTokens.name, keys, reading.position, ANY_TIME)).values())
      tokens.set(token.tokenId, token);
  }
  const unitIn = (unitId: string, planId: string) => {
    const plan = plans.get(planId)?.definition;
    return (plan && (unitName(plan, unitId) ?? groupOf(plan, unitId)?.name)) ?? unitId;
  };
  return (event) => {
    // A token's events belong to no plan: a token bound to one reads in its plan's time zone.
    const typed = asDomainEvent(event);
    const named = typed.type === 'TokenIssued' ? scopeOf(typed.data, event.actor)?.[0] : undefined;
    const plan = plans.get(event.planId) ?? (named !== undefined ? plans.get(named) : undefined);
    const timeZone = plan?.definition.timeZone ?? ctx.timeZone;
    return {
      timeZone,
      unit: (unitId, planId = event.planId) => unitIn(unitId, planId),
      actorName: (actor) => actor.name ?? tokens.get(actor.id)?.name ?? actor.id,
      tokenName: (tokenId) => tokens.get(tokenId)?.name ?? null,
      time: (instant) => localTime(instant, timeZone),
    };
  };
}
