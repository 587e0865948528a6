// GET /audit/verify: walks the whole store and says whether its history is as written (src/app/verify.ts).
// A broken store is still a 200: the verification worked, its answer is `intact: false`.
import { z } from 'zod';
import { verifyStore, type VerifyResult as Result } from '../app/verify.ts';
import type { EventStore } from '../store/event-store.ts';
import type { Api } from './route.ts';

const Algorithm = z.enum(['sha256', 'sm3']).describe('The store\'s hash algorithm, fixed when the store was created.');

export const VerifyProblem = z
  .object({
    kind: z.enum(['changed', 'missing', 'reordered', 'inserted']).describe(
      'changed: an event no longer hashes as recorded (or no longer is the event the next one or a digest was chained to); ' +
        'missing: an event is gone; reordered: events are out of their recorded order; inserted: an event was added.',
    ),
    streamId: z.string(),
    revision: z.number().int(),
    globalPosition: z.number().int().nullable().describe('Where the event is now; null when it is missing.'),
    detail: z.string(),
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
      headDigest: z.string().nullable().describe('The hash of the last digest: publish it elsewhere to pin the history it covers.'),
      headPosition: z.number().int().describe('The last position walked.'),
      uncovered: z.number().int().describe('Events after the last digest: covered by their streams\' hash chains only.'),
    }),
    z.object({
      intact: z.literal(false),
      algorithm: Algorithm,
      events: z.number().int().describe('Events walked before the problem.'),
      problem: VerifyProblem.describe('The first broken stream and revision in store order.'),
    }),
  ])
  .meta({ id: 'VerifyResult' });

export function verifyRoutes(api: Api, store: EventStore) {
  // Requests that arrive while a walk runs share it: one walk at a time, however many ask.
  let running: Promise<Result> | null = null;
  api.route({
    method: 'get',
    path: '/audit/verify',
    operationId: 'verifyStore',
    access: { kind: 'read-store', scoped: false },
    summary: 'Verify the whole history: hashes, stream chains and digests',
    description:
      'Walks every event in store order: each hash recomputes, each stream\'s revisions run 0, 1, 2… chained by prevHash, ' +
      'and each digest\'s range holds exactly the events it lists, in its order. Names the first problem found. ' +
      'Takes time on a large store; the service keeps answering meanwhile. For store-wide tokens only (not a unit\'s, nor one bound to plans).',
    tag: 'audit',
    responses: { 200: { description: 'The verification\'s answer, intact or not.', schema: VerifyResult } },
    problems: [422], // an unknown query parameter
    handler: async () => {
      running ??= verifyStore(store).finally(() => {
        running = null;
      });
      return { body: await running };
    },
  });
}
