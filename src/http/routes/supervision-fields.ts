// Fields and helpers the supervision routes share (meetings, action items, inspections): ids as the
// server gave them, a back-dated effectiveAt, a reason, the store position of a write, and the problems
// a write or read may answer.
import { z } from 'zod';
import { schemaMessage } from '../../domain/messages.ts';
import { MultilineText } from '../../domain/text.ts';

export const PlanId = z.string().max(64).describe("The plan's id, e.g. wuhan-2023-p1.");
export const Id = (what: string) => z.string().min(1).max(64).describe(`The ${what}'s id, as the server gave it.`);
export const PlanParams = z.strictObject({ planId: PlanId });
export const TaskCode = z
  .string()
  .regex(/^\d+\.\d+$/, 'a task code is {section}.{item}')
  .max(20, schemaMessage('text-too-long', { max: 20 }));
export const EffectiveAt = (what: string) =>
  z.iso
    .datetime({ offset: true })
    .max(35, schemaMessage('text-too-long', { max: 35 }))
    .optional()
    .describe(`${what}, if earlier than now: not in the future, not before the plan took effect.`);

export const ReasonRequest = (id: string, description: string, example: string) =>
  z
    .strictObject({ reason: MultilineText.describe('Why (at most 2000 characters).'), effectiveAt: EffectiveAt('When it takes effect') })
    .meta({ id, description, examples: [{ reason: example }] });

export const Position = z.number().int().describe('Store position of the event.');

export const WRITE_PROBLEMS = [400, 403, 404, 409, 413, 415, 422];
export const READ_PROBLEMS = [404, 422, 503];
export const actorOf = (principal: { actor: { id: string; role: string } } | null) => (principal ? { actor: principal.actor } : {});
export const eff = (body: { effectiveAt?: string | undefined }) => (body.effectiveAt ? { effectiveAt: body.effectiveAt } : {});
