// GET /health: is the service up, how far have its projections read, and may it write: the store's
// integrity as checked at start (src/app/integrity.ts).
import { z } from 'zod';
import type { Application } from '../../app/application.ts';
import { IdString, ShownText } from '../../domain/text.ts';
import type { Api } from '../openapi/route.ts';
import { VerifyProblem } from './verify.ts';

const StoreSignedHead = z
  .object({
    position: z.number().int().describe('Store position of the last signed digest.'),
    revision: z.number().int().describe('Its revision in the digest stream.'),
    digest: ShownText.describe('Its hash: the signed head digest.'),
    toPosition: z.number().int().describe('The last position it covers.'),
  })
  .meta({ id: 'StoreSignedHead' });

export const Integrity = z
  .discriminatedUnion('state', [
    z.object({
      state: z.literal('unchecked').describe('No signing key: a store in memory, or signing not configured.'),
      readOnly: z.literal(false),
    }),
    z.object({
      state: z.literal('intact').describe('The signed head kept outside the store is there and unchanged, and what follows it is signed and chained.'),
      readOnly: z.literal(false),
      keyId: IdString.describe("SHA-256 (hex) of the signing key's public key."),
      signedHead: StoreSignedHead.nullable().describe('The last signed digest in the store; null before the first digest.'),
      unsignedAtStart: z
        .number()
        .int()
        .describe('Events found after the last digest at start (left by a kill -9, or written before signing began), signed at start.'),
      signedAtStart: z.boolean().describe('Whether a digest was signed at start (for those events, or the head of a store written before signing began).'),
      checkedAt: IdString.describe('When the check ran.'),
    }),
    z.object({
      state: z.literal('damaged').describe('Truncated, forged or changed: the service answers reads and refuses writes (503).'),
      readOnly: z.literal(true),
      reason: ShownText.describe('Why writes are refused.'),
      problem: VerifyProblem,
      checkedAt: IdString.describe('When the check ran.'),
    }),
  ])
  .describe("The store's integrity as checked at start: the signed head outside the store and everything after it. GET /audit/verify walks the whole history.")
  .meta({ id: 'Integrity' });

export const Health = z
  .object({
    status: z.enum(['ok', 'read-only']).describe('ok; read-only when the store was found damaged at start.'),
    version: IdString,
    store: IdString.describe('Which event store adapter serves the data.'),
    position: z.number().int().describe('The last store position the read model has applied.'),
    plans: z.number().int().describe('Adopted plans.'),
    integrity: Integrity,
  })
  .meta({ id: 'Health' });

export function healthRoutes(api: Api, app: Application, info: { version: string; store: string }) {
  api.route({
    method: 'get',
    path: '/health',
    operationId: 'getHealth',
    access: { kind: 'public' },
    summary: 'Service health',
    tag: 'service',
    responses: { 200: { description: 'The service is up (read-only when its store was found damaged).', schema: Health } },
    problems: [422], // an unknown query parameter
    handler: async () => {
      const integrity = app.integrity();
      return {
        body: {
          status: integrity.readOnly ? ('read-only' as const) : ('ok' as const),
          version: info.version,
          store: info.store,
          position: app.position(),
          plans: await app.planCount(),
          integrity,
        },
      };
    },
  });
}
