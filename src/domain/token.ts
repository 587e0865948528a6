// Access tokens, as events: who was given access, with which role, for which unit and plan, by
// whom, until when — and when it was taken back. Only a hash of a token is ever recorded.
// Pure: the clock's reading and the new id come in with the command.
import { z } from 'zod';
import { RuleViolated } from './errors.ts';
import { expandUnits, Text, UnitId, type PlanDefinition } from './plan.ts';

export const Role = z
  .enum(['office', 'unit', 'supervisor', 'cppcc'])
  .meta({
    id: 'Role',
    description:
      'office (领导小组办公室): every write · unit: reads its plan, writes its own · supervisor (city leaders, inspectors) and cppcc (政协): every read',
  });
export type Role = z.output<typeof Role>;

export const TokenIssuedData = z.object({
  tokenId: z.string(),
  /** A hash (hex) of the token, as hashScheme says: the token itself is never recorded, and the hash is never served. */
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** hmac-sha256: keyed with the server's token secret; absent (stores before it): plain SHA-256. */
  hashScheme: z.literal('hmac-sha256').optional(),
  name: Text,
  role: Role,
  unitId: UnitId.optional(),
  planId: z.string().optional(),
  expiresAt: z.string().optional(),
});
export type TokenIssuedData = z.output<typeof TokenIssuedData>;

export const TokenRevokedData = z.object({ tokenId: z.string(), tokenHash: z.string(), reason: z.string().optional() });
export type TokenRevokedData = z.output<typeof TokenRevokedData>;

export interface IssueToken {
  tokenId: string;
  tokenHash: string;
  hashScheme?: 'hmac-sha256';
  name: string;
  role: Role;
  unitId?: string;
  /** The plan the token is bound to (a unit token must have one). */
  plan?: PlanDefinition;
  expiresAt?: string;
  now: string;
}

export function decideIssue(command: IssueToken): { type: 'TokenIssued'; data: TokenIssuedData } {
  const { role, unitId, plan } = command;
  if (!command.name.trim()) throw new RuleViolated('name', 'a token needs a name saying whose it is');
  if (role === 'unit') {
    if (!unitId) throw new RuleViolated('unit', 'a unit token names its unit (--unit)');
    if (!plan) throw new RuleViolated('plan', 'a unit token is bound to a plan (--plan)');
    if (!plan.units.some((u) => u.id === unitId)) throw new RuleViolated('unit', `plan ${plan.id} has no unit ${unitId}`);
  } else if (unitId) {
    throw new RuleViolated('unit', `only a unit token names a unit; a ${role} token acts for no unit`);
  }
  if (command.expiresAt !== undefined && Date.parse(command.expiresAt) <= Date.parse(command.now)) {
    throw new RuleViolated('expires', `the expiry ${command.expiresAt} is already past`);
  }
  const data: TokenIssuedData = { tokenId: command.tokenId, tokenHash: command.tokenHash, name: command.name, role };
  if (command.hashScheme) data.hashScheme = command.hashScheme;
  if (unitId) data.unitId = unitId;
  if (plan) data.planId = plan.id;
  if (command.expiresAt) data.expiresAt = command.expiresAt;
  return { type: 'TokenIssued', data };
}

/** The units a unit token speaks for: its own, and every group it belongs to. */
export function unitsOf(plan: Pick<PlanDefinition, 'groups'>, unitId: string): string[] {
  return [unitId, ...plan.groups.filter((g) => expandUnits(plan, [g.id]).includes(unitId)).map((g) => g.id)];
}
