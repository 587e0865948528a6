// Issuing and revoking access tokens: each is an event on the token's own stream (token-_system:{id});
// the token itself is shown once, to whoever issued it, and only its keyed hash is recorded.
import { v5 as uuidv5 } from 'uuid';
import { planCatalogue } from '../../../projections/plan.ts';
import { PlanNotFound, RuleViolated } from '../../domain/errors.ts';
import { SYSTEM_PLAN_ID, streams } from '../../domain/events.ts';
import { type IssueToken, type Role, tokenDecider } from '../../domain/token.ts';
import type { Actor } from '../../store/event-store.ts';
import { handleSystemCommand } from '../command-handler.ts';
import type { AppContext } from '../context.ts';
import { planAt } from '../plan/plan-queries.ts';
import { endOf, toInstant } from '../time.ts';
import { listTokens } from './token-queries.ts';
import { KEYED_HASH_SCHEME, newToken, STRONG_TOKEN_RECIPE, weakTokenReason } from './token-secret.ts';

/** The namespace of ids derived from a hand-set token's hash (a fixed, random UUID). */
const HAND_SET_TOKEN_NAMESPACE = '6f1d8c52-4b0e-4f53-9a57-3e2a1c7d9b40';

export interface IssueTokenInput {
  name: string;
  role: Role;
  unitId?: string;
  /**
   * The plans the token is scoped to; none: the whole store. A unit token needs plans naming its
   * unit: without any given, the one plan in the store that names it (refused when several do).
   */
  planIds?: readonly string[];
  /** One plan: the same as planIds [planId]. */
  planId?: string;
  /** A date (the end of that day in the plan's time zone) or a date-time. */
  expires?: string;
  /** Use this token rather than a new one (DUBAN_ADMIN_TOKEN). */
  token?: string;
  actor: Actor;
}

export async function issueToken(ctx: AppContext, input: IssueTokenInput) {
  await ctx.runner.catchUp();
  // Only a unit token gets a plan it did not name: a token of any other role without plans reaches the
  // whole store (an office token made while the store held one plan stays good when a second comes).
  const planIds = [...(input.planIds ?? []), ...(input.planId !== undefined ? [input.planId] : [])];
  const plans = await Promise.all(planIds.map(async (id) => (await planAt(ctx, id, {})).plan));
  if (input.role === 'unit' && !plans.length && input.unitId !== undefined) plans.push(...(await plansNaming(ctx, input.unitId)));
  const plan = plans[0];
  const weak = input.token !== undefined ? weakTokenReason(input.token) : null;
  if (weak !== null) throw new RuleViolated('token', { rule: 'token-too-weak', weakness: weak, recipe: STRONG_TOKEN_RECIPE });
  const token = input.token ?? newToken();
  const hash = ctx.tokenHash(token);
  // A token set by hand (DUBAN_ADMIN_TOKEN) has an id derived from its keyed hash: several instances
  // sharing the token secret and starting at once each try to issue it, and all but one meet its
  // stream already written. Keyed, so the id (which is served) tells nothing about the token.
  const tokenId = input.token !== undefined ? uuidv5(hash, HAND_SET_TOKEN_NAMESPACE) : ctx.newId();
  const timeZone = plan?.definition.timeZone ?? ctx.timeZone;
  // A token set by hand that another instance issued first is refused: TokenAlreadyIssued.
  const { decided, position } = await handleSystemCommand(ctx, {
    decider: tokenDecider,
    streamId: streams.token(tokenId),
    planId: SYSTEM_PLAN_ID,
    actor: input.actor,
    command: (): IssueToken => ({
      type: 'IssueToken',
      tokenId,
      tokenHash: hash,
      hashScheme: KEYED_HASH_SCHEME,
      name: input.name,
      role: input.role,
      ...(input.unitId !== undefined ? { unitId: input.unitId } : {}),
      ...(plans.length ? { plans: plans.map((p) => p.definition) } : {}),
      ...(input.expires !== undefined ? { expiresAt: expiryOf(input.expires, timeZone) } : {}),
      now: toInstant(ctx.clock()),
    }),
  });
  const event = decided[0]!;
  if (event.type !== 'TokenIssued') throw new Error('unreachable');
  return { token, ...event.data, globalPosition: position };
}

/** The instant a token expires: the end of a date in the plan's time zone, or a date-time; refused unless one of them. */
function expiryOf(expires: string, timeZone: string): string {
  try {
    return endOf(expires, timeZone);
  } catch {
    throw new RuleViolated('expires', { rule: 'expiry-unreadable', expires });
  }
}

export async function revokeToken(ctx: AppContext, tokenId: string, actor: Actor, reason?: string) {
  const found = (await listTokens(ctx)).find((t) => t.tokenId === tokenId);
  if (!found) throw new RuleViolated('tokenId', { rule: 'token-unknown', tokenId });
  if (found.revokedAt) throw new RuleViolated('tokenId', { rule: 'token-already-revoked', tokenId, revokedAt: found.revokedAt });
  const { position } = await handleSystemCommand(ctx, {
    decider: tokenDecider,
    streamId: streams.token(tokenId),
    planId: SYSTEM_PLAN_ID,
    actor,
    command: () => ({ type: 'RevokeToken' as const, tokenId, ...(reason ? { reason } : {}) }),
  });
  return { tokenId, revoked: true, globalPosition: position };
}

/** The plan in the store that names the unit, when exactly one does: a unit token's default scope. */
async function plansNaming(ctx: AppContext, unitId: string) {
  const ids = await ctx.readModel.keys(planCatalogue.name, ctx.runner.position);
  const plans = await Promise.all(
    ids.map((id) =>
      planAt(ctx, id, {}).then(
        (r) => r.plan,
        (error: unknown) => (error instanceof PlanNotFound ? null : Promise.reject(error)),
      ),
    ),
  );
  const naming = plans.filter((p): p is NonNullable<typeof p> => p?.definition.units.some((u) => u.id === unitId) === true);
  if (naming.length > 1) {
    throw new RuleViolated('plan', { rule: 'unit-in-several-plans', planIds: naming.map((p) => p.definition.id), unitId });
  }
  if (naming.length === 0 && ids.length > 0) throw new RuleViolated('unit', { rule: 'unit-in-no-plan', unitId, planIds: ids });
  return naming;
}
