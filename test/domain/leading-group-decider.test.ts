// The leading group's decider: a replacement's withdrawal (撤回), as given events / when command / then
// events (or a refusal), and the leading-group projection's fold of them.
import { describe, expect, it } from 'vitest';
import { leadingGroup } from '../../projections/leading-group.ts';
import { foldKey } from '../../projections/projection.ts';
import { RuleViolated, ValidTimeConflict } from '../../src/domain/errors.ts';
import {
  type LeadingGroupEvent,
  leadingGroupDecider,
  type ReplaceMember,
  ReplacementNotFound,
  ReplacementNotLatest,
  type WithdrawReplacement,
} from '../../src/domain/leading-group.ts';
import type { PlanDefinition } from '../../src/domain/plan.ts';
import type { RecordedEvent } from '../../src/store/event-store.ts';
import { deciderSpec } from '../support/decider-spec.ts';

const NOW = '2026-12-10T02:00:00.000Z';
const PLAN_START = '2023-03-22T16:00:00.000Z';
const group: NonNullable<PlanDefinition['leadingGroup']> = {
  name: '领导小组',
  leader: { name: '甲', title: '市长', unitId: 'szf' },
  deputies: [{ name: '乙', title: '局长', unitId: 'kjj' }],
  members: [{ name: '丙', title: '副局长', unitId: 'kjj' }],
  office: { hostUnitId: 'kjj', directorName: '乙' },
} as NonNullable<PlanDefinition['leadingGroup']>;
const lg = deciderSpec(leadingGroupDecider(group));

const replaceCmd = (extra: Partial<ReplaceMember>): ReplaceMember => ({
  type: 'ReplaceMember',
  seat: 'deputy-1',
  holder: '乙',
  successor: { name: '丁' },
  now: NOW,
  planEffectiveAt: PLAN_START,
  ...extra,
});
const withdrawCmd = (extra: Partial<WithdrawReplacement> = {}): WithdrawReplacement => ({
  type: 'WithdrawReplacement',
  planId: 'p',
  replacementId: 'x1',
  reason: '误录',
  now: NOW,
  planEffectiveAt: PLAN_START,
  ...extra,
});

/** The events each command decides in turn, each taking effect at `at`, with their revisions; and what they give. */
function run(steps: [ReplaceMember | WithdrawReplacement, string][]) {
  const events: (LeadingGroupEvent & { effectiveAt: string; streamRevision: number })[] = [];
  for (const [command, at] of steps) {
    for (const e of lg
      .given(...events)
      .when(command)
      .events())
      events.push({ ...e, effectiveAt: at, streamRevision: events.length });
  }
  return { given: lg.given(...events), state: lg.given(...events).state, events };
}

describe('withdrawing a replacement (撤回)', () => {
  it("withdraws a seat's latest replacement: the previous holder holds it again", () => {
    const { given } = run([[replaceCmd({ replacementId: 'x1' }), '2026-12-01T00:00:00.000Z']]);
    given.when(withdrawCmd()).then([
      {
        type: 'MemberReplacementWithdrawn',
        data: { replacementId: 'x1', seat: 'deputy-1', withdrawn: { name: '丁', title: '局长' }, restored: { name: '乙', title: '局长' }, reason: '误录' },
      },
    ]);
    const after = run([
      [replaceCmd({ replacementId: 'x1' }), '2026-12-01T00:00:00.000Z'],
      [withdrawCmd(), NOW],
    ]);
    expect(after.state.seats[1]).toMatchObject({ seat: 'deputy-1', name: '乙' });
    // The seat is filled again by naming its holder as it now stands.
    after.given.when(replaceCmd({ replacementId: 'x2' })).thenMatches([{ data: { previous: { name: '乙' }, successor: { name: '丁' }, replacementId: 'x2' } }]);
    after.given.when(withdrawCmd()).thenThrows(Error, /already withdrawn/);
  });

  it("refuses all but the seat's latest (409), an unknown id (404), and a withdrawal before the latest change or in the future", () => {
    const { given } = run([
      [replaceCmd({ replacementId: 'x1' }), '2026-12-01T00:00:00.000Z'],
      [replaceCmd({ replacementId: 'x2', holder: '丁', successor: { name: '戊' } }), '2026-12-02T00:00:00.000Z'],
      [replaceCmd({ replacementId: 'x3', seat: 'member-1', holder: '丙', successor: { name: '己' } }), '2026-12-05T00:00:00.000Z'],
    ]);
    given
      .when(withdrawCmd({ replacementId: 'x1' }))
      .thenThrows(ReplacementNotLatest, 'replacement x1 is not the latest of seat deputy-1 (x2 is): withdraw the later one first');
    given.when(withdrawCmd({ replacementId: 'nope' })).thenThrows(ReplacementNotFound);
    given.when(withdrawCmd({ replacementId: 'x2', effectiveAt: '2026-12-04T00:00:00.000Z' })).thenThrows(ValidTimeConflict);
    given.when(withdrawCmd({ replacementId: 'x2', effectiveAt: '2026-12-11T00:00:00.000Z' })).thenThrows(RuleViolated);
    given
      .when(withdrawCmd({ replacementId: 'x2', effectiveAt: '2026-12-05T00:00:00.000Z' }))
      .thenMatches([{ data: { restored: { name: '丁', title: '局长' } } }]);
  });

  it('a replacement recorded without an id is r{its stream revision}', () => {
    const { state, given } = run([
      [replaceCmd({ seat: 'member-1', holder: '丙', successor: { name: '己' }, replacementId: 'x1' }), '2026-12-01T00:00:00.000Z'],
      [replaceCmd({}), '2026-12-02T00:00:00.000Z'], // no id: the second event, revision 1
    ]);
    expect(Object.keys(state.replacements)).toEqual(['x1', 'r1']);
    given.when(withdrawCmd({ replacementId: 'r1' })).thenMatches([{ data: { replacementId: 'r1', restored: { name: '乙' } } }]);
  });

  it('the projection: the seat, its since and the director go back; the withdrawn holder is kept', () => {
    const { events } = run([
      [replaceCmd({ replacementId: 'x1' }), '2026-12-01T00:00:00.000Z'],
      [withdrawCmd(), NOW],
    ]);
    const plan = { id: 'p', leadingGroup: group } as unknown as PlanDefinition;
    const recorded = [
      { type: 'PlanAdopted', data: { plan }, effectiveAt: PLAN_START, streamRevision: 0, streamId: 'plan-p' },
      ...events.map((e) => ({ ...e, streamId: 'leading-group-p' })),
    ].map(
      (e, i) =>
        ({
          ...e,
          eventId: `e${i}`,
          globalPosition: i + 1,
          planId: 'p',
          recordedAt: e.effectiveAt,
          actor: { id: 'o', role: 'office' },
        }) as unknown as RecordedEvent,
    );
    const replaced = foldKey(leadingGroup, 'p', recorded.slice(0, 2))!;
    expect(replaced.seats[1]).toMatchObject({ name: '丁', replacementId: 'x1', predecessors: [{ name: '乙', since: PLAN_START, replacementId: null }] });
    expect(replaced.office.directorName).toBe('丁');
    const back = foldKey(leadingGroup, 'p', recorded)!;
    expect(back.seats[1]).toMatchObject({
      name: '乙',
      since: PLAN_START,
      replacementId: null,
      predecessors: [],
      withdrawn: [{ replacementId: 'x1', name: '丁', since: '2026-12-01T00:00:00.000Z', withdrawnAt: NOW, reason: '误录' }],
    });
    expect(back).toMatchObject({ office: { directorName: '乙' }, since: NOW, revision: 2 });
  });
});
