// Console sessions: a token pasted once becomes a random session id in an HttpOnly, SameSite=Strict
// cookie. The session keeps the key the token's record is kept under (its keyed hash) and nothing
// else of the token; every request asks the read model whether that token is still in force, so a
// revocation or an expiry ends the session at once. Sessions live in this process's memory: a
// restart signs everyone out, and instances behind one balancer each keep their own.
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { LRUCache } from 'lru-cache';

export const SESSION_COOKIE = 'duban_console';
/** A working day: a session ends this long after sign-in, whatever is done with it. */
export const DEFAULT_SESSION_MS = 8 * 60 * 60 * 1000;

interface Session {
  recordKey: string;
  expiresAt: number;
}

export interface SessionOptions {
  lifetimeMs?: number;
  now?: () => number;
  /** Sessions held at once; the least recently used goes first beyond it. */
  max?: number;
}

export class Sessions {
  private readonly held: LRUCache<string, Session>;
  readonly lifetimeMs: number;
  private readonly now: () => number;

  constructor(options: SessionOptions = {}) {
    this.lifetimeMs = options.lifetimeMs ?? DEFAULT_SESSION_MS;
    this.now = options.now ?? Date.now;
    this.held = new LRUCache({ max: options.max ?? 10_000 });
  }

  /** Starts a session for the token whose record is kept under recordKey, and sets its cookie. */
  start(c: Context, recordKey: string): void {
    const id = randomBytes(32).toString('base64url');
    this.held.set(id, { recordKey, expiresAt: this.now() + this.lifetimeMs });
    setCookie(c, SESSION_COOKIE, id, {
      path: '/console',
      httpOnly: true,
      sameSite: 'Strict',
      secure: isTls(c),
      maxAge: Math.floor(this.lifetimeMs / 1000),
    });
  }

  /** The record key of the request's session; undefined without one, or once it has run out. */
  current(c: Context): string | undefined {
    const id = getCookie(c, SESSION_COOKIE);
    if (!id) return undefined;
    const session = this.held.get(id);
    if (!session) return undefined;
    if (session.expiresAt <= this.now()) {
      this.held.delete(id);
      return undefined;
    }
    return session.recordKey;
  }

  /** Ends the request's session (signing out, or its token no longer in force) and clears its cookie. */
  end(c: Context): void {
    const id = getCookie(c, SESSION_COOKIE);
    if (id) this.held.delete(id);
    deleteCookie(c, SESSION_COOKIE, { path: '/console', httpOnly: true, sameSite: 'Strict', secure: isTls(c) });
  }
}

/** Served over TLS: the cookie is then Secure. Behind a TLS proxy, the proxy tells us (X-Forwarded-Proto). */
function isTls(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}
