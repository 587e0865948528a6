// WalSync chooses where a sync runs: off the event loop while others write (the loop has work to do
// meanwhile), on it for a writer found to be alone (the hand-off would only delay it). Either way
// after() settles only once the sync it asked for has completed.
import { fdatasync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncFile } from '../../src/store/wal-sync.ts';
import { PROBE_EVERY, QUIET_SYNCS, WalSync } from '../../src/store/wal-sync.ts';

describe('WalSync', () => {
  let dir: string;
  let wal: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'duban-walsync-'));
    wal = join(dir, 'events.db-wal');
    writeFileSync(wal, 'x');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Counts where each sync ran; `log` records them in order ('off' | 'on'). */
  function counted(options: { failOnLoop?: Error } = {}) {
    const log: ('off' | 'on')[] = [];
    const off: SyncFile = (fd, done) => {
      log.push('off');
      fdatasync(fd, done);
    };
    const on = (_fd: number) => {
      log.push('on');
      if (options.failOnLoop) throw options.failOnLoop;
    };
    return { log, sync: new WalSync(wal, off, on) };
  }

  it('moves a lone writer’s syncs onto the loop after QUIET_SYNCS quiet ones, probing every PROBE_EVERY-th', async () => {
    const { log, sync } = counted();
    const total = QUIET_SYNCS + 2 * PROBE_EVERY;
    for (let i = 0; i < total; i++) await sync.after();
    expect(log.slice(0, QUIET_SYNCS)).toEqual(Array(QUIET_SYNCS).fill('off'));
    const rest = log.slice(QUIET_SYNCS);
    // On the loop, except one in PROBE_EVERY, which goes off it to see whether others now write.
    expect(rest.filter((s) => s === 'off')).toHaveLength(2);
    expect(rest.slice(0, PROBE_EVERY - 1)).toEqual(Array(PROBE_EVERY - 1).fill('on'));
    expect(rest[PROBE_EVERY - 1]).toBe('off');
    sync.close();
  });

  it('goes back off the loop when work comes while a probe runs, and needs QUIET_SYNCS quiet ones again', async () => {
    const { log, sync } = counted();
    for (let i = 0; i < QUIET_SYNCS + PROBE_EVERY - 1; i++) await sync.after();
    expect(log.at(-1)).toBe('on');
    log.length = 0;
    // The probe: something asks for the running sync meanwhile (an append queued behind it).
    const probe = sync.after();
    expect(log).toEqual(['off']);
    const running = sync.joinRunning();
    expect(running).not.toBeNull();
    await probe;
    await running;
    for (let i = 0; i < QUIET_SYNCS; i++) await sync.after();
    expect(log).toEqual(Array(QUIET_SYNCS + 1).fill('off'));
    await sync.after();
    expect(log.at(-1)).toBe('on');
    sync.close();
  });

  it('counts a sync asked for while one runs as contention', async () => {
    const { log, sync } = counted();
    for (let i = 0; i < QUIET_SYNCS - 1; i++) await sync.after();
    const a = sync.after();
    const b = sync.after(); // waits for the next sync: two writers
    await Promise.all([a, b]);
    await sync.after();
    expect(log.slice(-1)).toEqual(['off']);
    expect(log.every((s) => s === 'off')).toBe(true);
    sync.close();
  });

  it('keeps every sync off the loop when the caller replaced the sync and gave no on-loop one', async () => {
    let calls = 0;
    const sync = new WalSync(wal, (fd, done) => {
      calls += 1;
      fdatasync(fd, done);
    });
    for (let i = 0; i < QUIET_SYNCS + PROBE_EVERY; i++) await sync.after();
    expect(calls).toBe(QUIET_SYNCS + PROBE_EVERY);
    expect(sync.onLoop).toBe(false);
    sync.close();
  });

  it('rejects after() when a sync on the loop fails', async () => {
    const failure = new Error('EIO');
    const { log, sync } = counted({ failOnLoop: failure });
    for (let i = 0; i < QUIET_SYNCS; i++) await sync.after();
    await expect(sync.after()).rejects.toBe(failure);
    expect(log.at(-1)).toBe('on');
    sync.close();
  });
});
