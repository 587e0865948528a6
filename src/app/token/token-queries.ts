// Reading access tokens: the list (for `duban tokens list`), and who a presented token is.
import { timingSafeEqual } from 'node:crypto';
import { accessTokens, type AccessToken } from '../../../projections/access-tokens.ts';
import type { Actor } from '../../store/event-store.ts';
import type { AppContext } from '../context.ts';
import { tokenHash } from './token-secret.ts';
import { scopeOf } from '../../domain/token.ts';
import { toInstant } from '../time.ts';

export async function listTokens(ctx: AppContext): Promise<AccessToken[]> {
  await ctx.runner.catchUp();
  const keys = await ctx.readModel.keys(accessTokens.name, ctx.runner.position);
  const found = await ctx.readModel.latest(accessTokens.name, keys);
  return [...found.entries()]
    .map(([key, v]) => ctx.states.parse<AccessToken>(accessTokens.name, key, v))
    .sort((a, b) => a.issuedAt.localeCompare(b.issuedAt));
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

export type Authentication = { ok: true; principal: Principal } | { ok: false; why: string };

/** Who the token is, or why it is not accepted (unknown, expired, revoked). */
export async function authenticate(ctx: AppContext, token: string): Promise<Authentication> {
  const hash = tokenHash(token);
  const record = await ctx.states.latest<AccessToken>(ctx.readModel, accessTokens.name, hash);
  // The lookup is by hash; compare the hashes in constant time all the same.
  if (!record || !timingSafeEqual(Buffer.from(record.tokenHash, 'hex'), Buffer.from(hash, 'hex'))) {
    return { ok: false, why: 'the token is not one duban issued' };
  }
  if (record.revokedAt) return { ok: false, why: `the token was revoked at ${record.revokedAt}` };
  if (record.expiresAt && record.expiresAt <= toInstant(ctx.clock())) return { ok: false, why: `the token expired at ${record.expiresAt}` };
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
