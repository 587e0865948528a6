// The ReadModel port's contract, run against every adapter (read-model-contract.test.ts): the
// checkpoint and its compare-and-set, the version queries on both time axes (versions stored whole and
// as changes from the one before), the clock, the audit
// filters, reset; and two runners sharing one read model, catching up together without a version
// lost or written twice — writing each page at once, and holding pages in memory (writeDelayMs), where
// a held batch the other runner partly wrote first is cut at its checkpoint.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditIndexEntry } from '../../projections/audit.ts';
import { createApplication } from '../../src/app/application.ts';
import { readPlanFile } from '../../src/app/plan/plan-adoption.ts';
import { projectionFingerprint } from '../../src/app/projection-fingerprint.ts';
import type { ReadModel, ReadModelBatch, StoredVersion, VersionRow } from '../../src/app/read-model/read-model.ts';
import { projections, ReadModelRunner } from '../../src/app/read-model/read-model-runner.ts';
import { SqliteReadModel } from '../../src/app/read-model/sqlite-read-model.ts';
import { changesBetween } from '../../src/app/read-model/state-changes.ts';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.ts';
import { TestClock, wuhanPlanFile } from '../support/harness.ts';

export interface ReadModelFixture {
  readModel: ReadModel;
  /** Another instance on the same storage, as another process would open it. */
  another(): Promise<ReadModel>;
  /** A key's version numbers as stored, in position order (duplicates included). */
  versions(projection: string, key: string): Promise<number[]>;
  cleanup(): Promise<void>;
}

const v = (key: string, version: number, position: number, validFrom: string, state: unknown = { key, version }): VersionRow => ({
  projection: 'p',
  key,
  version,
  position,
  validFrom,
  base: position,
  state: JSON.stringify(state),
});

/** A stored version as plain data: its stamps and its state read back. */
const plain = (s: StoredVersion | null | undefined) => (s ? { version: s.version, position: s.position, validFrom: s.validFrom, state: s.read().state } : s);
const plainAll = (m: Map<string, StoredVersion>) => new Map([...m].map(([k, s]) => [k, plain(s)]));

const entry = (globalPosition: number, rest: Partial<AuditIndexEntry> = {}): AuditIndexEntry => ({
  globalPosition,
  planId: 'plan-a',
  streamId: `s-${globalPosition}`,
  type: 'TaskStatusChanged',
  actorId: 'office-1',
  unitId: null,
  recordedAt: `2026-11-28T00:00:${String(globalPosition).padStart(2, '0')}.000Z`,
  effectiveAt: `2026-11-${String(globalPosition).padStart(2, '0')}T00:00:00.000Z`,
  ...rest,
});

const batch = (after: number, position: number, parts: Partial<ReadModelBatch> = {}): ReadModelBatch => ({
  after,
  checkpoint: { position, eventHash: `hash-${position}` },
  versions: [],
  audit: [],
  clock: [],
  ...parts,
});

export function readModelContract(name: string, open: () => Promise<ReadModelFixture>, options: { skip?: boolean } = {}): void {
  describe.skipIf(options.skip ?? false)(`ReadModel contract (${name})`, () => {
    let f: ReadModelFixture;
    let rm: ReadModel;
    beforeEach(async () => {
      f = await open();
      rm = f.readModel;
    });
    afterEach(async () => {
      await rm.close();
      await f.cleanup();
    });

    it('has no checkpoint until reset; reset starts it at 0 with the fingerprint', async () => {
      expect(await rm.checkpoint()).toBeNull();
      await rm.reset('fp-1');
      expect(await rm.checkpoint()).toEqual({ position: 0, eventHash: null, fingerprint: 'fp-1' });
    });

    it('writes a batch only if the checkpoint is still the one it was computed against', async () => {
      await rm.reset('fp');
      expect(await rm.apply(batch(0, 2, { versions: [v('a', 0, 1, '2026-01-01'), v('a', 1, 2, '2026-01-02')] }))).toBe(true);
      expect(await rm.checkpoint()).toEqual({ position: 2, eventHash: 'hash-2', fingerprint: 'fp' });
      // Computed against 0 again (another process got there first): refused, nothing written.
      expect(
        await rm.apply(batch(0, 3, { versions: [v('b', 0, 3, '2026-01-03')], audit: [entry(3)], clock: [{ recordedAt: '2026-11-29', position: 3 }] })),
      ).toBe(false);
      expect(await rm.checkpoint()).toEqual({ position: 2, eventHash: 'hash-2', fingerprint: 'fp' });
      expect((await rm.latest('p', ['b'])).size).toBe(0);
      expect(await rm.auditPositions({ after: 0, upTo: 10, limit: 10 })).toEqual([]);
      expect(await rm.positionAt('2026-12-01')).toBe(0);
      // Against a checkpoint ahead of the real one: refused too.
      expect(await rm.apply(batch(5, 6))).toBe(false);
      expect(await rm.apply(batch(2, 3, { versions: [v('b', 0, 3, '2026-01-03')] }))).toBe(true);
      expect([...(await rm.latest('p', ['a', 'b'])).keys()].sort()).toEqual(['a', 'b']);
    });

    it('a batch refused by one instance was written by the other: two instances, one checkpoint', async () => {
      await rm.reset('fp');
      const other = await f.another();
      try {
        const results = await Promise.all([
          rm.apply(batch(0, 1, { versions: [v('k', 0, 1, '2026-01-01', 'mine')] })),
          other.apply(batch(0, 1, { versions: [v('k', 0, 1, '2026-01-01', 'theirs')] })),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await f.versions('p', 'k')).toEqual([0]);
        expect((await other.checkpoint())?.position).toBe(1);
      } finally {
        await other.close();
      }
    });

    it('answers latest, first, keys and "at" on both axes from the stored versions', async () => {
      await rm.reset('fp');
      // Key x: three versions; valid time is monotone per key (the runner sees to it): 01-01, 01-10, 01-10.
      await rm.apply(
        batch(0, 9, {
          versions: [
            v('x', 0, 2, '2026-01-01T00:00:00.000Z', 'x0'),
            v('y', 0, 3, '2026-01-05T00:00:00.000Z', 'y0'),
            v('x', 1, 5, '2026-01-10T00:00:00.000Z', 'x1'),
            v('x', 2, 9, '2026-01-10T00:00:00.000Z', 'x2'),
            { ...v('z', 0, 4, '2026-01-01T00:00:00.000Z', 'other projection'), projection: 'q' },
          ],
        }),
      );
      const state = (m: Map<string, StoredVersion>, key: string) => (m.has(key) ? m.get(key)!.read().state : undefined);
      const latest = await rm.latest('p', ['x', 'y', 'nope', 'z']);
      expect(plain(latest.get('x'))).toEqual({ version: 2, position: 9, validFrom: '2026-01-10T00:00:00.000Z', state: 'x2' });
      expect([...latest.keys()].sort()).toEqual(['x', 'y']);
      expect(plain(await rm.first('p', 'x'))).toEqual({ version: 0, position: 2, validFrom: '2026-01-01T00:00:00.000Z', state: 'x0' });
      expect(await rm.first('p', 'nope')).toBeNull();
      expect(await rm.keys('p', 9)).toEqual(['x', 'y']);
      expect(await rm.keys('p', 2)).toEqual(['x']);
      expect(await rm.keys('p', 1)).toEqual([]);
      expect(await rm.keys('q', 9)).toEqual(['z']);

      const at = async (position: number, validAt: string) => {
        const m = await rm.at('p', ['x', 'y', 'nope'], position, validAt);
        return { x: state(m, 'x'), y: state(m, 'y') };
      };
      const far = '9999-12-31T00:00:00.000Z';
      expect(await at(9, far)).toEqual({ x: 'x2', y: 'y0' });
      expect(await at(8, far)).toEqual({ x: 'x1', y: 'y0' });
      expect(await at(2, far)).toEqual({ x: 'x0', y: undefined });
      expect(await at(1, far)).toEqual({ x: undefined, y: undefined });
      // Recorded by 9, in effect on 01-09: x's 01-10 versions are not in effect yet.
      expect(await at(9, '2026-01-09T23:59:59.999Z')).toEqual({ x: 'x0', y: 'y0' });
      // Two versions from the same valid instant: the later recorded one, if recorded by then.
      expect(await at(9, '2026-01-10T00:00:00.000Z')).toEqual({ x: 'x2', y: 'y0' });
      expect(await at(6, '2026-01-10T00:00:00.000Z')).toEqual({ x: 'x1', y: 'y0' });
      // Before any version is in effect: nothing, however late recorded.
      expect(await at(9, '2025-12-31T00:00:00.000Z')).toEqual({ x: undefined, y: undefined });
      // Valid time compares as text, bytewise (both adapters): a shorter ISO form sorts before the longer one.
      expect(await at(9, '2026-01-10')).toEqual({ x: 'x0', y: 'y0' });
    });

    it('reads a version stored as changes as the whole state at its base with the changes after it applied, on both axes', async () => {
      await rm.reset('fp');
      // Key c: whole at 1, changes at 2 and 3, whole again at 5, changes at 6 (state-changes.ts).
      const states = [
        { reports: ['a'], n: 0 },
        { reports: ['a', 'b'], n: 1 },
        { reports: ['a', 'b', 'c'], n: 2, extra: { k: 1 } },
        { reports: ['a', 'b', 'c', 'd'], n: 3, extra: { k: 1 } },
        { reports: ['b', 'c', 'd'], n: 4, extra: { k: 2 } },
      ];
      const positions = [1, 2, 3, 5, 6];
      const bases = [1, 1, 1, 5, 5];
      const rows: VersionRow[] = states.map((state, i) => ({
        projection: 'p',
        key: 'c',
        version: i,
        position: positions[i]!,
        validFrom: `2026-01-0${i + 1}T00:00:00.000Z`,
        base: bases[i]!,
        state: JSON.stringify(bases[i] === positions[i] ? state : changesBetween(states[i - 1], state)),
      }));
      expect(rows.map((r) => r.base)).toEqual([1, 1, 1, 5, 5]);
      expect(await rm.apply(batch(0, 6, { versions: rows }))).toBe(true);
      for (const [i, position] of positions.entries()) {
        const found = (await rm.at('p', ['c'], position, '9999-12-31T00:00:00.000Z')).get('c');
        expect(plain(found), `recorded by ${position}`).toEqual({ version: i, position, validFrom: `2026-01-0${i + 1}T00:00:00.000Z`, state: states[i] });
        // The same version found on the valid-time axis, as recorded later.
        expect(plain((await rm.at('p', ['c'], 6, `2026-01-0${i + 1}T12:00:00.000Z`)).get('c'))?.state, `in effect on day ${i + 1}`).toEqual(states[i]);
      }
      expect(plain((await rm.latest('p', ['c'])).get('c'))).toEqual({ version: 4, position: 6, validFrom: '2026-01-05T00:00:00.000Z', state: states[4] });
      expect(plain(await rm.first('p', 'c'))?.state).toEqual(states[0]);
      // What it took to read: the whole state's text and the changes' after it.
      const read = (await rm.latest('p', ['c'])).get('c')!.read();
      expect(read.wholeBytes).toBe(rows[3]!.state.length);
      expect(read.changeBytes).toBe(rows[4]!.state.length);
    });

    it('keeps the clock: the last position recorded at or before an instant', async () => {
      await rm.reset('fp');
      await rm.apply(
        batch(0, 3, {
          clock: [
            { recordedAt: '2026-11-28T01:00:00.000Z', position: 1 },
            { recordedAt: '2026-11-28T02:00:00.000Z', position: 3 },
          ],
        }),
      );
      // The next batch goes on at the same instant: its tick moves forward.
      await rm.apply(
        batch(3, 5, {
          clock: [
            { recordedAt: '2026-11-28T02:00:00.000Z', position: 4 },
            { recordedAt: '2026-11-28T03:00:00.000Z', position: 5 },
          ],
        }),
      );
      expect(await rm.positionAt('2026-11-28T00:59:59.999Z')).toBe(0);
      expect(await rm.positionAt('2026-11-28T01:00:00.000Z')).toBe(1);
      expect(await rm.positionAt('2026-11-28T02:30:00.000Z')).toBe(4);
      expect(await rm.positionAt('2027-01-01')).toBe(5);
    });

    it('finds audit positions by every filter, in store order, within (after, upTo] and the limit', async () => {
      await rm.reset('fp');
      const audit = [
        entry(1, { planId: 'plan-a', streamId: 'task-1', type: 'PlanAdopted', actorId: 'office-1' }),
        entry(2, { planId: 'plan-a', streamId: 'task-1', type: 'TaskStatusChanged', actorId: 'unit-1', unitId: 'jiangan' }),
        entry(3, { planId: 'plan-a', streamId: 'task-2', type: 'TaskStatusChanged', actorId: 'office-1' }),
        entry(4, { planId: 'plan-b', streamId: 'task-9', type: 'ProgressReported', actorId: 'unit-2', unitId: 'wuchang' }),
        entry(5, { planId: 'plan-a', streamId: 'task-3', type: 'ProgressReported', actorId: 'unit-1', unitId: 'jiangan' }),
      ];
      expect(await rm.apply(batch(0, 5, { audit }))).toBe(true);
      const q = (extra: object = {}) => rm.auditPositions({ after: 0, upTo: 5, limit: 100, ...extra });
      expect(await q()).toEqual([1, 2, 3, 4, 5]);
      expect(await q({ after: 1, upTo: 4 })).toEqual([2, 3, 4]);
      expect(await q({ limit: 2 })).toEqual([1, 2]);
      expect(await q({ planId: 'plan-a' })).toEqual([1, 2, 3, 5]);
      expect(await q({ streamIds: ['task-1', 'task-3'] })).toEqual([1, 2, 5]);
      expect(await q({ streamIds: [] })).toEqual([]);
      expect(await q({ types: ['TaskStatusChanged', 'ProgressReported'] })).toEqual([2, 3, 4, 5]);
      expect(await q({ types: [] })).toEqual([1, 2, 3, 4, 5]);
      expect(await q({ actorId: 'unit-1' })).toEqual([2, 5]);
      expect(await q({ unit: { unitId: 'jiangan', streamIds: ['task-2'] } })).toEqual([2, 3, 5]);
      expect(await q({ unit: { unitId: 'wuchang', streamIds: [] } })).toEqual([4]);
      expect(await q({ effectiveFrom: '2026-11-02T00:00:00.000Z', effectiveTo: '2026-11-04T00:00:00.000Z' })).toEqual([2, 3, 4]);
      expect(await q({ planId: 'plan-a', types: ['TaskStatusChanged'], actorId: 'office-1' })).toEqual([3]);
      // A token's scope: only its plans, or every plan but the store's own.
      expect(await q({ planIds: ['plan-b'] })).toEqual([4]);
      expect(await q({ planIds: ['plan-a', 'plan-b'] })).toEqual([1, 2, 3, 4, 5]);
      expect(await q({ planIds: [] })).toEqual([]);
      expect(await q({ notPlanIds: ['plan-a'] })).toEqual([4]);
      expect(await q({ planIds: ['plan-a'], notPlanIds: ['plan-b'], types: ['ProgressReported'] })).toEqual([5]);
    });

    it('reset drops every version, audit entry, tick and the checkpoint', async () => {
      await rm.reset('fp');
      await rm.apply(batch(0, 1, { versions: [v('a', 0, 1, '2026-01-01')], audit: [entry(1)], clock: [{ recordedAt: '2026-11-28', position: 1 }] }));
      await rm.reset('fp-2');
      expect(await rm.checkpoint()).toEqual({ position: 0, eventHash: null, fingerprint: 'fp-2' });
      expect((await rm.latest('p', ['a'])).size).toBe(0);
      expect(await rm.keys('p', 10)).toEqual([]);
      expect(await rm.auditPositions({ after: 0, upTo: 10, limit: 10 })).toEqual([]);
      expect(await rm.positionAt('2027-01-01')).toBe(0);
      // And applies from 0 again.
      expect(await rm.apply(batch(0, 1, { versions: [v('a', 0, 1, '2026-01-01')] }))).toBe(true);
    });

    /** Every key's versions, the audit index and the clock are those of a read model built alone from the store: no version lost, none written twice. */
    async function expectLikeReference(store: SqliteEventStore, head: number): Promise<void> {
      const fingerprint = projectionFingerprint();
      const reference = new SqliteReadModel(':memory:');
      try {
        const ref = new ReadModelRunner(store, reference, { fingerprint });
        await ref.start();
        for (const p of projections) {
          const keys = await reference.keys(p.name, head);
          expect(await rm.keys(p.name, head), p.name).toEqual(keys);
          const mine = await rm.latest(p.name, keys);
          const theirs = await reference.latest(p.name, keys);
          expect(plainAll(mine), p.name).toEqual(plainAll(theirs));
          for (const key of keys) {
            const n = theirs.get(key)!.version + 1;
            expect(await f.versions(p.name, key), `${p.name} ${key}`).toEqual([...Array(n).keys()]);
          }
        }
        expect(await rm.auditPositions({ after: 0, upTo: head, limit: 1000 })).toEqual([...Array(head).keys()].map((i) => i + 1));
        expect(await rm.positionAt('2030-01-01')).toBe(head);
        expect(plain((await rm.at('task-status', ['wuhan-2023-p1:1.1'], head, '2030-01-01')).get('wuhan-2023-p1:1.1'))).toEqual(
          plain((await reference.at('task-status', ['wuhan-2023-p1:1.1'], head, '2030-01-01')).get('wuhan-2023-p1:1.1')),
        );
      } finally {
        await reference.close();
      }
    }

    /** A store written through an application of its own, and two runners following it on this read model and another instance of it. */
    async function twoRunners(extra: { writeDelayMs?: number } = {}) {
      const clock = new TestClock(new Date('2026-11-27T08:00:00.000Z'));
      const store = SqliteEventStore.open(':memory:', { clock: clock.read });
      const writer = createApplication(store, { clock: clock.read, readModel: new SqliteReadModel(':memory:') });
      const other = await f.another();
      const fingerprint = projectionFingerprint();
      const a = new ReadModelRunner(store, rm, { fingerprint, pageSize: 3, ...extra });
      const b = new ReadModelRunner(store, other, { fingerprint, pageSize: 5, ...extra });
      const close = async () => {
        await a.stop();
        await b.stop();
        await other.close();
        await writer.close();
        await store.close();
      };
      return { clock, store, writer, a, b, close };
    }

    it('two runners on one read model catch up together: no version lost, none written twice', async () => {
      const { clock, store, writer, a, b, close } = await twoRunners();
      try {
        await writer.start();
        expect(await a.start()).toMatchObject({ rebuilt: true });
        expect(await b.start()).toMatchObject({ rebuilt: false, position: 0 });
        await writer.adoptPlan(await readPlanFile(wuhanPlanFile));
        const codes = ['1.1', '2.1', '4.2', '5.1'];
        for (let i = 0; i < 24; i++) {
          clock.advance(60_000);
          const code = codes[i % codes.length]!;
          const to = Math.floor(i / codes.length) % 2 === 0 ? 'in_progress' : 'at_risk';
          await writer.changeTaskStatus({ planId: 'wuhan-2023-p1', code, to, reason: `step ${i}` });
          // Now and then one runner catches up alone, so the other finds the checkpoint moved.
          if (i === 7) await a.catchUp();
          if (i === 15) await b.catchUp();
        }
        const head = await store.headPosition();
        await Promise.all([a.catchUp(), b.catchUp(), a.catchUp()]);
        expect(a.position).toBe(head);
        expect(b.position).toBe(head);
        expect((await rm.checkpoint())?.position).toBe(head);

        await expectLikeReference(store, head);
      } finally {
        await close();
      }
    });
    it('two runners holding their writes in memory (writeDelayMs) write each event once: what the other wrote first is cut off', async () => {
      const { clock, store, writer, a, b, close } = await twoRunners({ writeDelayMs: 60_000 });
      let status = 'not_started';
      const changes = async (n: number) => {
        let last = 0;
        for (let i = 0; i < n; i++) {
          clock.advance(60_000);
          status = status === 'in_progress' ? 'at_risk' : 'in_progress';
          last = (await writer.changeTaskStatus({ planId: 'wuhan-2023-p1', code: '1.1', to: status as 'in_progress', reason: `step ${i}` })).globalPosition;
        }
        return last;
      };
      const checkpoint = async () => (await rm.checkpoint())?.position ?? 0;
      try {
        await writer.start();
        await writer.adoptPlan(await readPlanFile(wuhanPlanFile));
        await a.start();
        await b.start();
        await changes(4);
        await a.catchUp(); // a holds these
        const p2 = await changes(3);
        await b.catchUp();
        await b.writeUnwritten(); // b writes past what a holds
        expect(await checkpoint()).toBe(p2);
        const p3 = await changes(3);
        await a.catchUp();
        await Promise.all([a.writeUnwritten(), changes(1)]); // a's batch is cut at p2, with a write coming meanwhile
        expect(await checkpoint()).toBe(p3);
        await changes(2);
        await a.catchUp(); // a holds these
        const p5 = await changes(2);
        await b.catchUp();
        await b.writeUnwritten(); // b's batch is cut at p3
        expect(await checkpoint()).toBe(p5);
        await a.writeUnwritten(); // the read model is past all a holds, and past a: a moves up to it
        expect(a.position).toBe(p5);
        const head = await changes(2);
        await Promise.all([a.catchUp(), b.catchUp()]);
        await Promise.all([a.writeUnwritten(), b.writeUnwritten()]);
        expect([a.position, b.position, await checkpoint()]).toEqual([head, head, head]);
        await expectLikeReference(store, head);
      } finally {
        await close();
      }
    });
  });
}
