// Access tokens, as events: who was given access, with which role, for which unit and plans, by
// whom, until when — and when it was taken back. Only a hash of a token is ever recorded.
// A token's scope is a set of plans (planIds), or, without one, the whole store. Events written
// before scopes were sets carry a single planId instead: a one-plan scope (scopeOf reads both).
// Pure: the clock's reading and the new id come in with the command.
import { z } from 'zod';
import type { Decider } from './decider.ts';
import { RuleViolated } from './errors.ts';
import { narrowTo } from './event-envelope.ts';
import { expandUnits, type PlanDefinition, Text, UnitId } from './plan.ts';
import { IdString, MAX_LISTED, ShownText } from './text.ts';

export const Role = z.enum(['office', 'unit', 'supervisor', 'cppcc']).meta({
  id: 'Role',
  description:
    'office (领导小组办公室): every write · unit: reads its plan, writes its own · supervisor (city leaders, inspectors) and cppcc (政协): every read',
});
export type Role = z.output<typeof Role>;

export const TokenIssuedData = z.object({
  tokenId: IdString,
  /** A hash (hex) of the token, as hashScheme says: the token itself is never recorded, and the hash is never served. */
  tokenHash: IdString.regex(/^[0-9a-f]{64}$/),
  /** hmac-sha256: keyed with the server's token secret; absent (stores before it): plain SHA-256. */
  hashScheme: z.literal('hmac-sha256').optional(),
  name: Text,
  role: Role,
  unitId: UnitId.optional(),
  /** The plans the token is scoped to; none (and no planId): the whole store. */
  planIds: z.array(ShownText).max(MAX_LISTED).min(1).optional(),
  /** Earlier events' one-plan scope (still read; new events carry planIds). */
  planId: IdString.optional(),
  expiresAt: IdString.optional(),
});
export type TokenIssuedData = z.output<typeof TokenIssuedData>;

export const TokenRevokedData = z.object({ tokenId: IdString, tokenHash: IdString, reason: ShownText.optional() });
export type TokenRevokedData = z.output<typeof TokenRevokedData>;

export interface IssueToken {
  type: 'IssueToken';
  tokenId: string;
  tokenHash: string;
  hashScheme?: 'hmac-sha256';
  name: string;
  role: Role;
  unitId?: string;
  /** The plans the token is scoped to (a unit token must have one, and its unit must be in each); none: the whole store. */
  plans?: readonly PlanDefinition[];
  expiresAt?: string;
  now: string;
}

export interface RevokeToken {
  type: 'RevokeToken';
  tokenId: string;
  reason?: string;
}

export type TokenCommand = IssueToken | RevokeToken;

export type TokenEvent = { type: 'TokenIssued'; data: TokenIssuedData } | { type: 'TokenRevoked'; data: TokenRevokedData };

/** A token's own stream: issued once, revoked at most once. */
export interface TokenState {
  issued: TokenIssuedData | null;
  /** When it was revoked (the event's recordedAt, when known); null while it holds. */
  revokedAt: string | null;
}

/** A token set by hand that the store already holds (another instance issued it first). */
export class TokenAlreadyIssued extends RuleViolated {
  constructor(readonly tokenId: string) {
    super('token', { rule: 'token-already-issued', tokenId });
  }
}

export function decide(command: TokenCommand, state: TokenState): TokenEvent[] {
  if (command.type === 'IssueToken') {
    if (state.issued) throw new TokenAlreadyIssued(command.tokenId);
    return [decideIssue(command)];
  }
  if (!state.issued) throw new RuleViolated('tokenId', { rule: 'token-unknown', tokenId: command.tokenId });
  if (state.revokedAt !== null) throw new RuleViolated('tokenId', { rule: 'token-already-revoked', tokenId: command.tokenId, revokedAt: state.revokedAt });
  return [
    { type: 'TokenRevoked', data: { tokenId: command.tokenId, tokenHash: state.issued.tokenHash, ...(command.reason ? { reason: command.reason } : {}) } },
  ];
}

// A token's stream holds its own events only (src/domain/events.ts imports this module's data types,
// so the whole DomainEvent union would be a cycle here).
const asTokenEvent = narrowTo<TokenEvent>();

export function evolve(state: TokenState, recorded: { type: string; data: unknown; recordedAt?: string }): TokenState {
  const event = asTokenEvent(recorded);
  if (event.type === 'TokenIssued') return { ...state, issued: event.data };
  if (event.type === 'TokenRevoked') return { ...state, revokedAt: recorded.recordedAt ?? 'an earlier time' };
  return state;
}

export const tokenDecider: Decider<TokenCommand, TokenEvent, TokenState> = { initialState: () => ({ issued: null, revokedAt: null }), evolve, decide };

function decideIssue(command: IssueToken): { type: 'TokenIssued'; data: TokenIssuedData } {
  const { role, unitId } = command;
  const plans = command.plans ?? [];
  if (!command.name.trim()) throw new RuleViolated('name', { rule: 'token-needs-name' });
  if (role === 'unit') {
    if (!unitId) throw new RuleViolated('unit', { rule: 'unit-token-needs-unit' });
    if (!plans.length) throw new RuleViolated('plan', { rule: 'unit-token-needs-plan' });
    for (const plan of plans) if (!plan.units.some((u) => u.id === unitId)) throw new RuleViolated('unit', { rule: 'unit-unknown', planId: plan.id, unitId });
  } else if (unitId) {
    throw new RuleViolated('unit', { rule: 'only-unit-token-names-unit', role });
  }
  if (command.expiresAt !== undefined && Date.parse(command.expiresAt) <= Date.parse(command.now)) {
    throw new RuleViolated('expires', { rule: 'expiry-past', expiresAt: command.expiresAt });
  }
  const data: TokenIssuedData = { tokenId: command.tokenId, tokenHash: command.tokenHash, name: command.name, role };
  if (command.hashScheme) data.hashScheme = command.hashScheme;
  if (unitId) data.unitId = unitId;
  if (plans.length) data.planIds = [...new Set(plans.map((p) => p.id))];
  if (command.expiresAt) data.expiresAt = command.expiresAt;
  return { type: 'TokenIssued', data };
}

/** The id of the server's own actor, which issues the office token of a first start (or of DUBAN_ADMIN_TOKEN). */
export const SERVER_ACTOR_ID = 'duban';

/**
 * The plans a token is scoped to; undefined: the whole store. An earlier event's single planId is a
 * one-plan scope — except on an office token the server issued itself: the server named no plan, and
 * earlier code bound every token to the store's only plan by default, so that one is store-wide, as meant.
 */
export function scopeOf(data: Pick<TokenIssuedData, 'planIds' | 'planId' | 'role'>, issuedBy?: { id: string; role: string }): string[] | undefined {
  if (data.planIds?.length) return [...data.planIds];
  if (data.planId === undefined) return undefined;
  if (data.role === 'office' && issuedBy?.role === 'system' && issuedBy.id === SERVER_ACTOR_ID) return undefined;
  return [data.planId];
}

/** The units a unit token speaks for: its own, and every group it belongs to. */
export function unitsOf(plan: Pick<PlanDefinition, 'groups'>, unitId: string): string[] {
  return [unitId, ...plan.groups.filter((g) => expandUnits(plan, [g.id]).includes(unitId)).map((g) => g.id)];
}
