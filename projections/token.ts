// Access tokens as they stand, keyed by the token's hash (what a request presents, hashed).
import type { TokenIssuedData } from '../src/domain/token.ts';
import type { Actor } from '../src/store/event-store.ts';
import type { KeyedProjection } from './projection.ts';

export interface AccessToken extends TokenIssuedData {
  issuedAt: string;
  issuedBy: Actor;
  revokedAt: string | null;
  revokedBy: Actor | null;
}

export const accessTokens: KeyedProjection<AccessToken> = {
  name: 'access-tokens',
  keysOf(event) {
    if (event.type === 'TokenIssued' || event.type === 'TokenRevoked') return [event.data.tokenHash];
    return [];
  },
  evolve(state, event) {
    if (event.type === 'TokenIssued') {
      return { ...event.data, issuedAt: event.recordedAt, issuedBy: event.actor, revokedAt: null, revokedBy: null };
    }
    if (event.type === 'TokenRevoked' && state && !state.revokedAt) {
      void event.data;
      return { ...state, revokedAt: event.recordedAt, revokedBy: event.actor };
    }
    return undefined;
  },
};
