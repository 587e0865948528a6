// The read-model runner holding a live catch-up's versions in memory (writeDelayMs): readers of the
// latest states see them at once, the read model itself after the delay, at the size limit, on a
// read of its tables (WrittenReadModel), or on stop; a failed write puts the runner back to what the
// read model holds, and the next catch-up applies the events again, each version once. (Two runners
// holding writes on one read model: the ReadModel contract, read-model-contract.ts, on every adapter.)
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Application, createApplication } from '../../src/app/application.ts';
import { readPlanFile } from '../../src/app/plan/plan-adoption.ts';
import { projectionFingerprint } from '../../src/app/projection-fingerprint.ts';
import type { ReadModel, ReadModelBatch, StoredVersion } from '../../src/app/read-model/read-model.ts';
import { projections, ReadModelRunner } from '../../src/app/read-model/read-model-runner.ts';
import { SqliteReadModel } from '../../src/app/read-model/sqlite-read-model.ts';
import { WrittenReadModel } from '../../src/app/read-model/written-read-model.ts';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.ts';
import { TestClock, wuhanPlanFile } from '../support/harness.ts';

const PLAN = 'wuhan-2023-p1';
const TASK = `${PLAN}:1.1`;

/** A read model whose next applies can be made to fail or to wait, and which keeps the batches written. */
class FlakyReadModel extends SqliteReadModel {
  failNext = 0;
  /** While set, an apply waits for it (an adapter that writes asynchronously, as PostgreSQL's does). */
  private gate: Promise<void> | null = null;
  batches: ReadModelBatch[] = [];
  private applied: (() => void)[] = [];
  override async apply(batch: ReadModelBatch): Promise<boolean> {
    if (this.gate) await this.gate;
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('disk full (test)');
    }
    const ok = await super.apply(batch);
    if (ok) this.batches.push(batch);
    for (const resolve of this.applied.splice(0)) resolve();
    return ok;
  }

  /** Resolves when the next batch has been written. */
  nextBatch(): Promise<void> {
    return new Promise((resolve) => this.applied.push(resolve));
  }

  /** Holds every apply from now until the returned function is called. */
  hold(): () => void {
    let release: () => void = () => {};
    this.gate = new Promise<void>((resolve) => (release = resolve));
    return () => {
      this.gate = null;
      release();
    };
  }
}

/** Stored versions as plain data: their stamps and their states read back. */
const plainAll = (m: Map<string, StoredVersion>) =>
  new Map([...m].map(([k, s]) => [k, { version: s.version, position: s.position, validFrom: s.validFrom, state: s.read().state }]));

let clock: TestClock;
let store: SqliteEventStore;
let writer: Application;
let rm: FlakyReadModel;
const runners: ReadModelRunner[] = [];

beforeEach(async () => {
  clock = new TestClock(new Date('2026-11-27T08:00:00.000Z'));
  store = SqliteEventStore.open(':memory:', { clock: clock.read });
  // The events come through an application with a read model of its own; the runners under test follow the store.
  writer = createApplication(store, { clock: clock.read, readModel: new SqliteReadModel(':memory:') });
  await writer.start();
  await writer.adoptPlan(await readPlanFile(wuhanPlanFile));
  rm = new FlakyReadModel(':memory:');
  status = 'not_started';
});

afterEach(async () => {
  vi.useRealTimers();
  for (const r of runners.splice(0)) await r.stop().catch(() => {});
  await rm.close();
  await writer.close();
  await store.close();
});

function runner(options: { writeDelayMs: number; maxUnwritten?: number; pageSize?: number; cacheSize?: number }): ReadModelRunner {
  const r = new ReadModelRunner(store, rm, { fingerprint: projectionFingerprint(), ...options });
  runners.push(r);
  return r;
}

let status = 'not_started';
async function changes(n: number): Promise<number> {
  let last = 0;
  for (let i = 0; i < n; i++) {
    clock.advance(60_000);
    const to = status === 'in_progress' ? 'at_risk' : 'in_progress';
    status = to;
    last = (await writer.changeTaskStatus({ planId: PLAN, code: '1.1', to, reason: `step ${i}` })).globalPosition;
  }
  return last;
}

const checkpoint = async () => (await rm.checkpoint())?.position ?? 0;

/**
 * The runner's write timer, moved by the test: only setTimeout is faked (the writer's store and read
 * model use no timer on these paths), so a held write comes exactly when the delay has passed.
 */
const fakeTimers = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

/** One turn of the event loop: every promise that can settle without a timer or I/O has settled. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

/** Every key's versions are 0, 1, 2 … as often as its events made them: none lost, none twice. */
async function expectEachVersionOnce(head: number): Promise<void> {
  const reference = new SqliteReadModel(':memory:');
  const ref = new ReadModelRunner(store, reference, { fingerprint: projectionFingerprint() });
  try {
    await ref.start();
    for (const p of projections) {
      const keys = await reference.keys(p.name, head);
      expect(await rm.keys(p.name, head), p.name).toEqual(keys);
      expect(plainAll(await rm.latest(p.name, keys)), p.name).toEqual(plainAll(await reference.latest(p.name, keys)));
    }
    expect(await rm.auditPositions({ after: 0, upTo: head, limit: 10_000 })).toEqual([...Array(head).keys()].map((i) => i + 1));
    expect(await rm.positionAt('2030-01-01')).toBe(head);
    const written = rm.batches.flatMap((b) => b.versions.map((v) => `${v.projection} ${v.key} ${v.version}`));
    expect(new Set(written).size).toBe(written.length);
  } finally {
    await ref.stop();
    await reference.close();
  }
}

describe('the read-model runner holding writes in memory', () => {
  it('answers the latest state at once and writes the read model only later, in one batch', async () => {
    const r = runner({ writeDelayMs: 60_000 });
    await r.start();
    const before = await checkpoint();
    const head = await changes(3);
    await r.catchUp();
    expect(r.position).toBe(head);
    expect((r.current('task-status', TASK)!.state as { status: string }).status).toBe('in_progress');
    expect(await checkpoint()).toBe(before); // held
    expect((await rm.latest('task-status', [TASK])).get(TASK)?.position).toBeLessThanOrEqual(before);

    const batches = rm.batches.length;
    await r.writeUnwritten();
    expect(await checkpoint()).toBe(head);
    expect(rm.batches.length).toBe(batches + 1);
    expect(rm.batches.at(-1)).toMatchObject({ after: before, checkpoint: { position: head } });
    await expectEachVersionOnce(head);
  });

  it('writes after the delay with nobody asking, and at once past maxUnwritten events', async () => {
    const r = runner({ writeDelayMs: 30 });
    await r.start();
    fakeTimers();
    const head = await changes(2);
    await r.catchUp();
    await vi.advanceTimersByTimeAsync(29);
    expect(await checkpoint()).toBeLessThan(head);
    const written = rm.nextBatch();
    await vi.advanceTimersByTimeAsync(1);
    await written;
    expect(await checkpoint()).toBe(head);

    const bounded = runner({ writeDelayMs: 60_000, maxUnwritten: 3, pageSize: 2 });
    await bounded.start();
    const later = await changes(5);
    await bounded.catchUp();
    expect(bounded.position).toBe(later);
    // Pages of 2: held 2, then 4 (≥ 3: written), then 1 held.
    expect(await checkpoint()).toBe(later - 1);
    await bounded.stop(); // stopping writes what is held
    expect(await checkpoint()).toBe(later);
    await expectEachVersionOnce(later);
  });

  it('goes back to what the read model holds when a write fails, and applies those events again', async () => {
    const r = runner({ writeDelayMs: 60_000 });
    await r.start();
    const persisted = await checkpoint();
    const head = await changes(4);
    await r.catchUp();
    expect(r.position).toBe(head);
    rm.failNext = 1;
    await expect(r.writeUnwritten()).rejects.toThrow(/disk full/);
    expect(r.position).toBe(persisted);
    expect(r.current('task-status', TASK)).toBeUndefined(); // what memory held beyond the read model is dropped

    await r.catchUp();
    expect(r.position).toBe(head);
    await r.writeUnwritten();
    expect(await checkpoint()).toBe(head);
    await expectEachVersionOnce(head);
  });

  it('hands a failed delayed write to the error handler given to follow', async () => {
    const r = runner({ writeDelayMs: 20 });
    await r.start();
    fakeTimers();
    const errors: unknown[] = [];
    let reported = () => {};
    const failed = new Promise<void>((resolve) => (reported = resolve));
    r.follow((error) => {
      errors.push(error);
      reported();
    });
    await changes(1);
    await r.catchUp();
    rm.failNext = 1;
    await vi.advanceTimersByTimeAsync(20);
    await failed;
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(/disk full/);
  });

  it('has a held version written before a read of the read model itself (WrittenReadModel)', async () => {
    const r = runner({ writeDelayMs: 60_000 });
    const reads: ReadModel = new WrittenReadModel(rm, r);
    await r.start();
    const head = await changes(3);
    await r.catchUp();
    expect(await checkpoint()).toBeLessThan(head);
    const found = await reads.at('task-status', [TASK], head, '2030-01-01');
    expect(found.get(TASK)?.position).toBe(head);
    expect(await checkpoint()).toBe(head);
    expect(await reads.auditPositions({ after: head - 1, upTo: head, limit: 10 })).toEqual([head]);
  });

  it('keeps a key the cache let go: its held version is written before the key is looked up', async () => {
    // A cache of one key: applying a page of several keys lets all but one go while they are held.
    const r = runner({ writeDelayMs: 60_000, cacheSize: 1, pageSize: 1 });
    await r.start();
    let head = 0;
    for (const [code, to] of [
      ['1.1', 'in_progress'],
      ['2.1', 'in_progress'],
      ['1.1', 'at_risk'],
      ['2.1', 'at_risk'],
    ] as const) {
      clock.advance(60_000);
      head = (await writer.changeTaskStatus({ planId: PLAN, code, to, reason: code })).globalPosition;
    }
    await r.catchUp();
    await r.writeUnwritten();
    expect(await checkpoint()).toBe(head);
    await expectEachVersionOnce(head);
  });

  it('a caller while a write is under way waits for everything applied before it asked (an adapter that writes asynchronously)', async () => {
    const r = runner({ writeDelayMs: 60_000 });
    await r.start();
    await changes(2);
    await r.catchUp();
    const release = rm.hold();
    const first = r.writeUnwritten(); // held: its apply waits
    const head = await changes(2);
    await r.catchUp(); // applied in memory while the first write is under way
    let done = false;
    const second = r.writeUnwritten().then(() => (done = true));
    await settled(); // all it could do without the held apply
    expect(done).toBe(false);
    release();
    await Promise.all([first, second]);
    expect(await checkpoint()).toBe(head);
    await expectEachVersionOnce(head);
  });

  it('sets a new timer for pages held after a timer fired with nothing left to write', async () => {
    const r = runner({ writeDelayMs: 30 });
    await r.start();
    fakeTimers();
    await changes(1);
    await r.catchUp(); // held, a timer set
    const release = rm.hold();
    const writing = r.writeUnwritten(); // takes the timer's place, and waits
    await changes(1);
    await r.catchUp(); // held while that write is under way: a timer set again
    release();
    await writing; // the write went on to the page held meanwhile; the timer fires later with nothing to do
    await vi.advanceTimersByTimeAsync(30);
    const head = await changes(1);
    await r.catchUp();
    expect(await checkpoint()).toBeLessThan(head);
    const written = rm.nextBatch();
    await vi.advanceTimersByTimeAsync(30);
    await written;
    expect(await checkpoint()).toBe(head);
  });
});
