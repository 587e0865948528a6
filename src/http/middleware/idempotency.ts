// The Idempotency-Key header (IETF httpapi draft "The Idempotency-Key HTTP Header Field"): a client
// may send a POST again with the same key — after a timeout, a dropped connection, a restart of
// ours — and have it take effect once. Per scope (the caller's token) and key:
// - the same request again (same SHA-256 of method, path and canonical JSON body) gets the first
//   response replayed — status, body, content-type, ETag — with `Idempotent-Replayed: true`, and
//   nothing runs or is written;
// - another request under the key gets 422 (idempotency-key-reused); one while the first is still
//   running gets 409 (idempotency-key-in-flight);
// - a request run again after a crash lost its first run's response makes the same event ids (seeded
//   here, src/app/request-ids.ts), so the store refuses it: 409 already-applied.
// The key is held only once the request is about to run — its caller known and allowed, its input
// valid (src/http/openapi/route.ts calls holdIdempotencyKey there). A request refused before that (401, 403,
// 429, a 4xx on its input, a 404) touches no key and leaves nothing behind: a flood of refused posts
// with fresh keys costs the store nothing.
// What is kept: every completed response below 500 of a request that ran, refusals (409, 412, 422…)
// included — the draft has the first response returned, and a refusal is the answer to that request.
// A 5xx or a thrown error is abandoned instead: the key is freed so the client can retry it.
// Keys are kept at least 24 h from first use (IdempotencyStoreOptions.ttlMs), then purged lazily.
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { unkeyedTokenHash } from '../../app/token/token-secret.ts';
import { canonicalJson } from '../../store/event-hash.ts';
import type { IdempotencyStore, StoredResponse } from '../../store/idempotency-store.ts';
import { invalidInput, ProblemError } from '../problem.ts';
import { bearerToken } from './bearer-token.ts';

export const IDEMPOTENCY_KEY = 'Idempotency-Key';
export const REPLAYED = 'Idempotent-Replayed';

/** The methods the header applies to: the ones that are not idempotent by themselves. */
export const GUARDED_METHODS: readonly string[] = ['POST', 'PATCH'];

/** What a replay repeats besides status and body. */
const KEPT_HEADERS = ['content-type', 'etag', 'location', 'content-location', 'last-modified'];

/**
 * Whose keys a request uses: the caller's token, once authentication sets `tokenId` on the context
 * (register this middleware after it); until then every caller shares 'anonymous'.
 */
export function idempotencyScope(c: Context): string {
  // Per token: the hash of the bearer token (what the read model keys tokens by), known before the
  // route authenticates it. A request with a bad token is answered 401 and keyed apart from its
  // retry with a good one. Plain SHA-256 still: keys kept from before keyed token hashes must find
  // their scope, or a retry across the upgrade would run twice; tokens accepted now are too strong to
  // guess back from it.
  const token = bearerToken(c.req.header('authorization'));
  return token ? `token:${unkeyedTokenHash(token)}` : 'anonymous';
}

/** The key from the header: a bare token (abc) or a structured-field string ("abc"); 1–255 visible ASCII characters. */
export function parseIdempotencyKey(header: string): string {
  const text = header.trim();
  let key = text;
  if (text.startsWith('"')) {
    const quoted = /^"((?:[^"\\]|\\["\\])*)"$/.exec(text);
    if (!quoted) throw invalidKey({ en: 'is not a well-formed quoted string', zh: '不是格式正确的带引号字符串' });
    key = quoted[1]!.replace(/\\(["\\])/g, '$1');
  }
  if (key.length < 1 || key.length > 255)
    throw invalidKey({ en: `must be 1 to 255 characters long, not ${key.length}`, zh: `长度应为 1 至 255 个字符，而不是 ${key.length}` });
  if (!/^[\x21-\x7e]+$/.test(key))
    throw invalidKey({
      en: 'may hold visible ASCII characters only (no spaces, no commas between several keys)',
      zh: '只能包含可见的 ASCII 字符（不能有空格，也不能用逗号分隔多个键）',
    });
  return key;
}

const invalidKey = (detail: { en: string; zh: string }) => invalidInput([{ in: 'header', pointer: `/${IDEMPOTENCY_KEY}`, detail }]);

/** SHA-256 of method, path and body; a JSON body canonically (JCS), so key order and spacing do not count. */
export async function requestFingerprint(c: Context): Promise<string> {
  const url = new URL(c.req.url);
  const text = await c.req.text(); // hono keeps it: the route reads the same text again
  let body = text;
  try {
    body = canonicalJson(JSON.parse(text));
  } catch {
    // not JSON (the route refuses it): the bytes as sent
  }
  return createHash('sha256').update(`${c.req.method} ${url.pathname}${url.search}\n`).update(body, 'utf8').digest('hex');
}

/** The seed of each keyed request's event ids, by its context (src/app/request-ids.ts). */
const seeds = new WeakMap<Context, string>();

/**
 * What a keyed request's event ids are derived from: its scope, key and fingerprint, so that the same
 * request run again — by a retry after a crash lost its response — makes the same ids, and the store
 * refuses them rather than record the change twice. Undefined for a request without a key.
 */
export function idempotencySeed(c: Context): string | undefined {
  return seeds.get(c);
}

/** A keyed request's key, from the middleware to the route, and whether the route came to hold it. */
interface KeyState {
  store: IdempotencyStore;
  header: string;
  held?: { scope: string; key: string };
}
const keyStates = new WeakMap<Context, KeyState>();

/**
 * Called by the route once the request is about to run (caller allowed, input valid): holds its key.
 * Answers the kept response to replay instead of running, or undefined to run (the key now held);
 * throws 422 for a malformed or reused key, 409 while the key's first request is still running.
 */
export async function holdIdempotencyKey(c: Context): Promise<Response | undefined> {
  const state = keyStates.get(c);
  if (!state) return undefined;
  const key = parseIdempotencyKey(state.header);
  const scope = idempotencyScope(c);
  const fingerprint = await requestFingerprint(c);
  const begun = await state.store.begin(scope, key, fingerprint);
  if (begun === 'mismatch') {
    throw new ProblemError(422, 'idempotency-key-reused', {
      en: `the ${IDEMPOTENCY_KEY} ${key} was used for another request; use a new key for this one`,
      zh: `${IDEMPOTENCY_KEY} ${key} 已用于另一个请求；请为本请求使用新的键`,
    });
  }
  if (begun === 'in-flight') {
    throw new ProblemError(
      409,
      'idempotency-key-in-flight',
      {
        en: `the request with ${IDEMPOTENCY_KEY} ${key} is still being processed; retry it shortly`,
        zh: `带有 ${IDEMPOTENCY_KEY} ${key} 的请求仍在处理中；请稍后重试`,
      },
      {},
      { 'retry-after': '1' },
    );
  }
  if (begun !== 'new') return replay(begun.replay);
  state.held = { scope, key };
  seeds.set(c, createHash('sha256').update(`${scope}\n${key}\n${fingerprint}`).digest('hex'));
  return undefined;
}

/** Keeps the response of a keyed request the route ran (holdIdempotencyKey), or frees its key on a 5xx. */
export function idempotency(store: IdempotencyStore): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header(IDEMPOTENCY_KEY);
    if (header === undefined || !GUARDED_METHODS.includes(c.req.method)) return next();
    const state: KeyState = { store, header };
    keyStates.set(c, state);
    let kept = false;
    try {
      await next();
      const held = state.held;
      if (!held) return; // refused before it ran, or a replay: no key was held
      const res = c.res;
      // An event stream never ends, so it cannot be kept; no POST answers one today.
      if (res.status < 500 && !res.headers.get('content-type')?.startsWith('text/event-stream')) {
        const body = new Uint8Array(await res.clone().arrayBuffer());
        // Recorded (durably) before the response leaves: a client that saw it can always replay it.
        await store.complete(held.scope, held.key, { status: res.status, headers: keptHeaders(res.headers), body });
        kept = true;
      }
    } finally {
      if (state.held && !kept) await store.abandon(state.held.scope, state.held.key);
    }
  };
}

function keptHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers.get(name);
    if (value !== null) kept[name] = value;
  }
  return kept;
}

function replay(response: StoredResponse): Response {
  return new Response(response.body.byteLength ? response.body : null, {
    status: response.status,
    headers: { ...response.headers, [REPLAYED.toLowerCase()]: 'true' },
  });
}

/** How the OpenAPI document describes the header on every guarded operation. */
export const idempotencyDocs = {
  parameter: {
    name: IDEMPOTENCY_KEY,
    in: 'header' as const,
    required: false,
    description:
      'Makes the request safe to retry (IETF draft "The Idempotency-Key HTTP Header Field"): a unique key, e.g. a UUID, ' +
      'bare or as a quoted string, 1–255 visible ASCII characters. The first response to a key (any status below 500 of a request that ran) is kept ' +
      'for at least 24 h and replayed, with `Idempotent-Replayed: true`, to the same request sent again with the key — nothing ' +
      'is written twice, even when a crash lost the first response (409 already-applied). Another request under the same key gets 422; ' +
      'one sent while the first is still running gets 409. ' +
      'A 5xx is not kept: retry it with the same key. Nor is a request refused before it runs (401, 403, 429, invalid input, 404): ' +
      'the key stays unused. Keys are per caller.',
    schema: { type: 'string' as const, minLength: 1, maxLength: 257, examples: ['"8e03978e-40d5-43e8-bc93-6894a57f9324"'] },
  },
  replayedHeader: {
    description: 'Present, as `true`, when this is the kept response to an earlier request with the same Idempotency-Key.',
    schema: { type: 'string' as const, enum: ['true'] },
  },
  problems: {
    409:
      'A request with this Idempotency-Key is still being processed (idempotency-key-in-flight); retry after `Retry-After` seconds. ' +
      "Or it was applied before but its response was lost in a crash (already-applied, with the first event's `eventId`): read the resource.",
    422: 'The Idempotency-Key was already used for another request (idempotency-key-reused), or is malformed.',
  } as Record<number, string>,
};
