// The handling-plan decider's withdrawal (撤回), as given events / when command / then events (or a
// refusal), and the fold of those events by the handling-plan projection.
import { describe, expect, it } from 'vitest';
import { type HandlingPlanRecord, handlingPlan, handlingPlanKey } from '../../projections/handling-plan.ts';
import { foldKey } from '../../projections/projection.ts';
import { RuleViolated, ValidTimeConflict } from '../../src/domain/errors.ts';
import { type HandlingPlanEvent, HandlingPlanStateConflict, handlingPlanDecider, type WithdrawHandlingPlan } from '../../src/domain/handling-plan.ts';
import type { RecordedEvent } from '../../src/store/event-store.ts';
import { deciderSpec, type GivenEvent } from '../support/decider-spec.ts';

const NOW = '2026-11-27T08:00:00.000Z';
const timing = { now: NOW, planEffectiveAt: '2023-03-22T16:00:00.000Z', maxBackdateDays: 2, byOffice: false };
const withdraw = (extra: Partial<WithdrawHandlingPlan> = {}): WithdrawHandlingPlan => ({
  type: 'WithdrawHandlingPlan',
  unitId: 'jxj',
  reason: '误报初稿',
  ...timing,
  ...extra,
});

const submitted = (title: string, effectiveAt: string, documentNumber?: string): HandlingPlanEvent & { effectiveAt: string } => ({
  type: 'HandlingPlanSubmitted',
  data: { unitId: 'jxj', title, summary: '措施', measures: [{ taskCode: '4.2', text: '培育' }], ...(documentNumber ? { documentNumber } : {}) },
  effectiveAt,
});
const filed = (outcome: 'filed' | 'returned', effectiveAt: string): HandlingPlanEvent & { effectiveAt: string } => ({
  type: 'HandlingPlanFiled',
  data: { unitId: 'jxj', outcome, ...(outcome === 'returned' ? { reason: '请补充' } : {}) },
  effectiveAt,
});

const given = (...events: GivenEvent[]) => deciderSpec(handlingPlanDecider).given(...events);

/** Recorded events for the projection: positions and times in order. */
const recorded = (events: { type: string; data: unknown; effectiveAt?: string }[]): RecordedEvent[] =>
  events.map((e, i) => ({
    eventId: `e${i}`,
    type: e.type,
    streamId: 'unit-p:jxj',
    streamRevision: i,
    globalPosition: i + 2,
    planId: 'p',
    recordedAt: NOW,
    effectiveAt: e.effectiveAt ?? NOW,
    actor: { id: 'a', role: 'unit', unitId: 'jxj' },
    correlationId: `e${i}`,
    causationId: null,
    schemaVersion: 1,
    data: e.data,
    hash: '',
    prevHash: null,
  })) as unknown as RecordedEvent[];

describe('withdrawing a handling-plan submission (撤回)', () => {
  it('the only submission: withdrawn, the unit has not submitted again', () => {
    const events = given(submitted('初稿', '2023-03-29T02:00:00.000Z', '武经信〔2023〕15号'))
      .when(withdraw())
      .events();
    expect(events).toEqual([
      {
        type: 'HandlingPlanWithdrawn',
        data: {
          unitId: 'jxj',
          reason: '误报初稿',
          withdrawn: { title: '初稿', documentNumber: '武经信〔2023〕15号', submittedAt: '2023-03-29T02:00:00.000Z' },
          restores: 'not_submitted',
        },
      },
    ]);
    const after = given(submitted('初稿', '2023-03-29T02:00:00.000Z'), { ...events[0]!, effectiveAt: NOW });
    expect(after.state).toMatchObject({ status: 'not_submitted', submissions: [] });
    // Nothing left to withdraw; a new submission is allowed.
    after.when(withdraw()).thenThrows(HandlingPlanStateConflict);
  });

  it('a revision: the previous submission stands again, submitted; a resubmission after a return: returned again', () => {
    expect(
      given(submitted('一稿', '2023-03-29T02:00:00.000Z'), submitted('二稿', '2023-03-30T02:00:00.000Z')).when(withdraw()).events()[0]!.data,
    ).toMatchObject({
      withdrawn: { title: '二稿' },
      restores: 'submitted',
    });
    const returned = given(
      submitted('一稿', '2023-03-29T02:00:00.000Z'),
      filed('returned', '2023-03-30T02:00:00.000Z'),
      submitted('二稿', '2023-04-02T02:00:00.000Z'),
    );
    expect(returned.when(withdraw()).events()[0]!.data).toMatchObject({ withdrawn: { title: '二稿' }, restores: 'returned' });
  });

  it('refuses a filed plan, a returned one and none (409), and keeps valid time and back-dating rules', () => {
    const filedPlan = given(submitted('一稿', '2023-03-29T02:00:00.000Z'), filed('filed', '2023-04-03T02:00:00.000Z'));
    filedPlan.when(withdraw()).thenThrows(Error, /already filed \(已备案\); a filed plan is not withdrawn/);
    given(submitted('一稿', '2023-03-29T02:00:00.000Z'), filed('returned', '2023-03-30T02:00:00.000Z')).when(withdraw()).thenThrows(HandlingPlanStateConflict);
    given().when(withdraw()).thenThrows(HandlingPlanStateConflict);
    const state = given(submitted('一稿', '2026-11-26T02:00:00.000Z'));
    state.when(withdraw({ effectiveAt: '2026-11-26T01:00:00.000Z' })).thenThrows(ValidTimeConflict);
    state.when(withdraw({ effectiveAt: '2026-11-28T00:00:00.000Z' })).thenThrows(RuleViolated);
    const old = given(submitted('一稿', '2023-03-29T02:00:00.000Z'));
    old.when(withdraw({ effectiveAt: '2023-04-01T00:00:00.000Z' })).thenThrows(Error, /back-date a write at most 2 days/);
    expect(old.when(withdraw({ effectiveAt: '2023-04-01T00:00:00.000Z', byOffice: true })).events()[0]).toMatchObject({
      effectiveAt: '2023-04-01T00:00:00.000Z',
    });
  });

  it('the projection: the previous submission current again, firstSubmittedAt from what is left, the withdrawal in history', () => {
    const key = handlingPlanKey('p', 'jxj');
    const first = submitted('一稿', '2023-04-05T02:00:00.000Z');
    const second = submitted('二稿', '2023-04-06T02:00:00.000Z');
    const state = given(first, second);
    const w = { ...state.when(withdraw({ byOffice: true, effectiveAt: '2023-04-07T02:00:00.000Z' })).events()[0]!, effectiveAt: '2023-04-07T02:00:00.000Z' };
    const record = foldKey(handlingPlan, key, recorded([first, second, w]))!;
    expect(record).toMatchObject({
      status: 'submitted',
      current: { title: '一稿' },
      firstSubmittedAt: '2023-04-05T02:00:00.000Z',
      since: '2023-04-07T02:00:00.000Z',
      revision: 3,
    });
    expect(record.history.map((e) => `${e.kind} ${e.title}`)).toEqual(['submitted 一稿', 'submitted 二稿', 'withdrawn 二稿']);
    expect(record.history[2]!.reason).toBe('误报初稿');
    // Withdrawing the first too: nothing stands, no first submission.
    const w2 = {
      ...given(first, second, w)
        .when(withdraw({ byOffice: true, effectiveAt: '2023-04-08T02:00:00.000Z' }))
        .events()[0]!,
      effectiveAt: '2023-04-08T02:00:00.000Z',
    };
    const none = foldKey(handlingPlan, key, recorded([first, second, w, w2])) as HandlingPlanRecord;
    expect(none).toMatchObject({ status: 'not_submitted', current: null, firstSubmittedAt: null, submissions: [] });
  });
});
