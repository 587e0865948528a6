// The store's own facts in EventStoreDB: its hash algorithm, the first event of `<prefix>duban-store-meta`
// (not a $-stream: writing those needs admin rights), written when the store is first opened.
import { type EventStoreDBClient, jsonEvent, NO_STREAM, START, StreamNotFoundError, WrongExpectedVersionError } from '@eventstore/db-client';
import { StoreError } from '../errors.ts';
import type { HashAlgorithm } from '../event-hash.ts';
import { HASH_ALGORITHMS, hashAvailable, isHashAlgorithm } from '../event-hash.ts';

import { META_EVENT_TYPE } from './mapping.ts';

export async function readOrCreateHashAlgorithm(
  client: EventStoreDBClient,
  metaStream: string,
  asked: HashAlgorithm,
  description: string,
): Promise<HashAlgorithm> {
  if (!isHashAlgorithm(asked)) throw new StoreError(`unknown hash algorithm ${String(asked)}; accepted: ${HASH_ALGORITHMS.join(', ')}`);
  const readFirst = async (): Promise<unknown> => {
    let first: unknown;
    try {
      for await (const resolved of client.readStream(metaStream, { fromRevision: START, maxCount: 1n })) {
        if (first === undefined) first = (resolved.event?.data as { hashAlgorithm?: unknown } | undefined)?.hashAlgorithm ?? null;
      }
    } catch (err) {
      if (!(err instanceof StreamNotFoundError)) throw err;
    }
    return first;
  };
  let found = await readFirst();
  if (found === undefined) {
    try {
      await client.appendToStream(metaStream, jsonEvent({ type: META_EVENT_TYPE, data: { hashAlgorithm: asked } }), { expectedRevision: NO_STREAM });
      found = asked;
    } catch (err) {
      if (!(err instanceof WrongExpectedVersionError)) throw err;
      found = await readFirst(); // another process created the store meanwhile: its choice stands
    }
  }
  if (!isHashAlgorithm(found)) {
    const named = found ? `an unknown hash algorithm ${String(found)}` : 'no hash algorithm';
    throw new StoreError(`the EventStoreDB store at ${description} names ${named} in ${metaStream}`);
  }
  if (!hashAvailable(found)) {
    throw new StoreError(`the EventStoreDB store at ${description} hashes with ${found}, which this Node's OpenSSL does not offer`);
  }
  return found;
}
