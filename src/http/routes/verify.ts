// GET /audit/verify: walks the whole store and says whether its history is as written (src/app/verify.ts).
// A broken store is still a 200: the verification worked, its answer is `intact: false`.
import { z } from 'zod';
import type { Application } from '../../app/application.ts';
import type { VerifyResult as Result } from '../../app/verify.ts';
import { IdString, ShownText } from '../../domain/text.ts';
import type { Api } from '../openapi/route.ts';

const Algorithm = z.enum(['sha256', 'sm3']).describe("The store's hash algorithm, fixed when the store was created.");

export const VerifyProblem = z
  .object({
    kind: z
      .enum(['changed', 'missing', 'reordered', 'inserted', 'truncated', 'forged'])
      .describe(
        'changed: an event no longer hashes as recorded (or no longer is the event the next one or a digest was chained to); ' +
          'missing: an event is gone; reordered: events are out of their recorded order; inserted: an event was added; ' +
          'truncated: the store ends before the last signed head remembered outside it; ' +
          "forged: a digest's signature does not verify with the signing key, a digest is unsigned after signed ones, or another digest stands where the signed head was.",
      ),
    streamId: IdString,
    revision: z.number().int(),
    globalPosition: z.number().int().nullable().describe('Where the event is now; null when it is missing.'),
    detail: ShownText,
  })
  .meta({ id: 'VerifyProblem' });

export const VerifyResult = z
  .discriminatedUnion('intact', [
    z.object({
      intact: z.literal(true),
      algorithm: Algorithm,
      events: z.number().int().describe('Events walked, digests included.'),
      streams: z.number().int().describe('Streams seen, the digest stream included.'),
      digests: z.number().int(),
      headDigest: ShownText.nullable().describe('The hash of the last digest: publish it elsewhere to pin the history it covers.'),
      headPosition: z.number().int().describe('The last position walked.'),
      uncovered: z.number().int().describe("Events after the last digest: covered by their streams' hash chains only."),
      signatures: z.enum(['checked', 'unchecked']).describe('checked: against the signing key outside the store; unchecked: the service has no signing key.'),
      signed: z.number().int().describe('Digests carrying a signature that verified.'),
      unsigned: z.number().int().describe('Digests without a signature, all before the first signed one: written before signing began (not forged).'),
      signedHead: z
        .object({ position: z.number().int(), revision: z.number().int(), digest: ShownText, toPosition: z.number().int() })
        .nullable()
        .describe('The last signed digest in the store: its position, revision in the digest stream, hash and the last position it covers.'),
      unsignedTail: z
        .number()
        .int()
        .describe('Events after the last signed digest (a kill -9 before the next digest, or a store from before signing): vouched for by their chains alone.'),
      anchor: z.enum(['matched', 'none']).describe('matched: the store holds the signed head remembered outside it; none: none is remembered.'),
    }),
    z.object({
      intact: z.literal(false),
      algorithm: Algorithm,
      events: z.number().int().describe('Events walked before the problem.'),
      problem: VerifyProblem.describe('The first broken stream and revision in store order.'),
    }),
  ])
  .meta({ id: 'VerifyResult' });

export function verifyRoutes(api: Api, application: Pick<Application, 'verify'>) {
  // Requests that arrive while a walk runs share it: one walk at a time, however many ask.
  let running: Promise<Result> | null = null;
  api.route({
    method: 'get',
    path: '/audit/verify',
    operationId: 'verifyStore',
    access: { kind: 'read-store', scoped: false },
    summary: 'Verify the whole history: hashes, stream chains and digests',
    description:
      "Walks every event in store order: each hash recomputes, each stream's revisions run 0, 1, 2… chained by prevHash, " +
      "and each digest's range holds exactly the events it lists, in its order; each digest's signature verifies with the signing key, " +
      'and the store still holds the last signed head remembered outside it. Names the first problem found. ' +
      "Takes time on a large store; the service keeps answering meanwhile. For store-wide tokens only (not a unit's, nor one bound to plans).",
    tag: 'audit',
    responses: { 200: { description: "The verification's answer, intact or not.", schema: VerifyResult } },
    problems: [422], // an unknown query parameter
    handler: async () => {
      running ??= application.verify().finally(() => {
        running = null;
      });
      return { body: await running };
    },
  });
}
