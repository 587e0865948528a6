// The token secret's file, and what counts as a token strong enough to set by hand.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApplication } from '../../src/app/application.ts';
import { estimatedBits, loadTokenSecret, MIN_TOKEN_BITS, newToken, weakTokenReason } from '../../src/app/token/token-secret.ts';
import { RuleViolated } from '../../src/domain/errors.ts';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'duban-secret-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const mode = (path: string) => statSync(path).mode & 0o777;

describe('the token secret', () => {
  it("is made once, 32 random bytes in the store's data folder, readable only by its owner", () => {
    const dir = tempDir();
    const url = `sqlite:${join(dir, 'duban.db')}`;
    const first = loadTokenSecret(url, { env: {} });
    expect(first).toMatchObject({ path: join(dir, 'token-secret'), created: true });
    expect(first.secret.length).toBe(32);
    expect(mode(join(dir, 'token-secret'))).toBe(0o600);
    const again = loadTokenSecret(url, { env: {} });
    expect(again.created).toBe(false);
    expect(Buffer.from(again.secret).equals(Buffer.from(first.secret))).toBe(true);
  });

  it('lives where DUBAN_TOKEN_SECRET_FILE says, and is not made where a command must not make it', () => {
    const dir = tempDir();
    const named = join(dir, 'keys', 'tokens.key');
    const env = { DUBAN_TOKEN_SECRET_FILE: named };
    expect(() => loadTokenSecret('postgres://127.0.0.1/test', { env, create: false })).toThrow(/there is no token secret at .*tokens\.key/);
    expect(loadTokenSecret('postgres://127.0.0.1/test', { env }).path).toBe(named);
    expect(mode(named)).toBe(0o600);
    expect(loadTokenSecret('postgres://127.0.0.1/test', { env, create: false }).created).toBe(false);
  });

  it('refuses a file that holds no secret', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'token-secret'), 'short\n');
    expect(() => loadTokenSecret(`sqlite:${join(dir, 'duban.db')}`, { env: {} })).toThrow(/is not 32 or more bytes of base64url/);
  });
});

describe('a token set by hand', () => {
  it('is refused when weak: short, repeated, a run, a phrase said twice, or not header-safe', () => {
    for (const weak of [
      'a'.repeat(43),
      'automation-office-token-0123456789abcdef', // 40: too short
      'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ',
      '0123456789'.repeat(5),
      'aB3'.repeat(15),
      'duban-office-token-2023-duban-office-token-2023',
      'correct horse battery staple is a fine phrase!', // a space: not a Bearer token
    ]) {
      expect(weakTokenReason(weak), weak).not.toBeNull();
    }
  });

  it('is accepted when made as the refusal says, and every issued token would pass', () => {
    for (let i = 0; i < 3000; i += 1) {
      const bytes = randomBytes(32);
      for (const made of [bytes.toString('base64url'), bytes.toString('base64'), bytes.toString('hex'), newToken()]) {
        expect(weakTokenReason(made), made).toBeNull();
      }
    }
    const node = execFileSync(process.execPath, ['-e', "console.log(require('crypto').randomBytes(32).toString('base64url'))"], { encoding: 'utf8' }).trim();
    expect(weakTokenReason(node)).toBeNull();
    expect(estimatedBits(node)).toBeGreaterThan(MIN_TOKEN_BITS);
  });

  it('is refused by issueToken too, saying how to make a good one', async () => {
    const store = SqliteEventStore.open(':memory:');
    const app = createApplication(store);
    try {
      await app.start();
      const issuing = app.issueToken({ name: 'office', role: 'office', token: 'x'.repeat(64), actor: { id: 't', role: 'system' } });
      await expect(issuing).rejects.toThrow(RuleViolated);
      await expect(issuing).rejects.toThrow(/randomBytes\(32\)/);
      expect(await store.headPosition()).toBe(0);
    } finally {
      await app.close();
      await store.close();
    }
  });
});

describe("a token's expiry", () => {
  it('is refused by issueToken when it is no calendar date, rather than left out (a token that never expires)', async () => {
    const store = SqliteEventStore.open(':memory:');
    const app = createApplication(store, { clock: () => new Date('2026-11-27T08:00:00Z') });
    try {
      await app.start();
      for (const expires of ['2026-13-01', '2026-02-30', 'soon']) {
        const issuing = app.issueToken({ name: 'office', role: 'office', expires, actor: { id: 't', role: 'system' } });
        await expect(issuing, expires).rejects.toThrow(RuleViolated);
        await expect(issuing, expires).rejects.toThrow(/is not a calendar date/);
      }
      expect(await store.headPosition()).toBe(0);
      const issued = await app.issueToken({ name: 'office', role: 'office', expires: '2026-12-31', actor: { id: 't', role: 'system' } });
      expect(issued.expiresAt).toBe('2026-12-31T15:59:59.999Z');
    } finally {
      await app.close();
      await store.close();
    }
  });
});
