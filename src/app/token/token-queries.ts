// Reading access tokens: the list (for `duban tokens list`), and who a presented token is.
import { timingSafeEqual } from 'node:crypto';
import { type AccessToken, accessTokens } from '../../../projections/token.ts';
import type { TokenRefusal } from '../../domain/messages.ts';
import { scopeOf } from '../../domain/token.ts';
import type { Actor } from '../../store/event-store.ts';
import type { AppContext } from '../context.ts';
import { toInstant } from '../time.ts';
import { STRONG_TOKEN_RECIPE, unkeyedTokenHash, weakTokenReason } from './token-secret.ts';

export async function listTokens(ctx: AppContext): Promise<AccessToken[]> {
  await ctx.runner.catchUp();
  const keys = await ctx.readModel.keys(accessTokens.name, ctx.runner.position);
  const found = await ctx.readModel.latest(accessTokens.name, keys);
  return [...found.entries()].map(([key, v]) => ctx.states.parse<AccessToken>(accessTokens.name, key, v)).sort((a, b) => a.issuedAt.localeCompare(b.issuedAt));
}

export interface Principal {
  tokenId: string;
  role: AccessToken['role'];
  unitId?: string;
  /** The plans the token is scoped to; undefined: the whole store. */
  planIds?: readonly string[];
  name: string;
  /** What events this caller records carry as their actor. */
  actor: Actor;
}

/** Who the token is, or why it is not accepted (its texts in src/domain/messages.ts). */
export type Authentication = { ok: true; principal: Principal } | { ok: false; why: TokenRefusal };

/** A console session remembers the key a token's record is kept under (its keyed hash), never the token. */
export type SignIn = { ok: true; principal: Principal; recordKey: string } | { ok: false; why: TokenRefusal };

/** The record of a token: by its keyed hash, or by the plain SHA-256 a store before keyed hashes recorded. */
async function findToken(ctx: AppContext, token: string): Promise<{ record: AccessToken; key: string } | undefined> {
  const matches = (record: AccessToken | undefined, hash: string, keyed: boolean) =>
    // The lookup is by hash; compare the hashes in constant time all the same.
    record !== undefined && (record.hashScheme !== undefined) === keyed && timingSafeEqual(Buffer.from(record.tokenHash, 'hex'), Buffer.from(hash, 'hex'));
  const keyed = ctx.tokenHash(token);
  const record = await ctx.states.latest<AccessToken>(ctx.readModel, accessTokens.name, keyed);
  if (matches(record, keyed, true)) return { record: record!, key: keyed };
  const unkeyed = unkeyedTokenHash(token);
  const old = await ctx.states.latest<AccessToken>(ctx.readModel, accessTokens.name, unkeyed);
  return matches(old, unkeyed, false) ? { record: old!, key: unkeyed } : undefined;
}

/** Who the token is, or why it is not accepted (unknown, expired, revoked, too weak). */
export async function authenticate(ctx: AppContext, token: string): Promise<Authentication> {
  const found = await signIn(ctx, token);
  return found.ok ? { ok: true, principal: found.principal } : found;
}

/** authenticate, with the key of the token's record: what a console session keeps instead of the token. */
export async function signIn(ctx: AppContext, token: string): Promise<SignIn> {
  const found = await findToken(ctx, token);
  if (!found) return { ok: false, why: { because: 'unknown' } };
  const { record, key } = found;
  // Only an old token set by hand can be weak (issuing refuses one now), and its plain hash was served:
  // it may have been guessed offline.
  const weak = record.hashScheme === undefined ? weakTokenReason(token) : null;
  if (weak !== null) return { ok: false, why: { because: 'weak', weakness: weak, recipe: STRONG_TOKEN_RECIPE } };
  const inForce = stillInForce(ctx, record);
  return inForce.ok ? { ...inForce, recordKey: key } : inForce;
}

/** Who a session's token is now, by its record's key: refused as soon as the token is revoked or expires. */
export async function authenticateRecord(ctx: AppContext, recordKey: string): Promise<Authentication> {
  await ctx.runner.catchUp();
  const record = await ctx.states.latest<AccessToken>(ctx.readModel, accessTokens.name, recordKey);
  if (!record) return { ok: false, why: { because: 'unknown' } };
  return stillInForce(ctx, record);
}

function stillInForce(ctx: AppContext, record: AccessToken): Authentication {
  if (record.revokedAt) return { ok: false, why: { because: 'revoked', at: record.revokedAt } };
  if (record.expiresAt && record.expiresAt <= toInstant(ctx.clock())) return { ok: false, why: { because: 'expired', at: record.expiresAt } };
  const scope = scopeOf(record, record.issuedBy);
  return {
    ok: true,
    principal: {
      tokenId: record.tokenId,
      role: record.role,
      ...(record.unitId ? { unitId: record.unitId } : {}),
      ...(scope ? { planIds: scope } : {}),
      name: record.name,
      actor: { id: record.tokenId, role: record.role, ...(record.unitId ? { unitId: record.unitId } : {}), name: record.name },
    },
  };
}
