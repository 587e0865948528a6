// The token of an `Authorization: Bearer <token>` header: read by authentication (./auth.ts) and by
// the Idempotency-Key scope (./idempotency.ts), which keys a caller's responses by it.
const BEARER = /^bearer +([A-Za-z0-9._~+/=-]{16,512})$/i;

/** The token of an `Authorization: Bearer <token>` header (the scheme in any case); undefined for anything else. */
export function bearerToken(header: string | undefined): string | undefined {
  return header === undefined ? undefined : BEARER.exec(header.trim())?.[1];
}
