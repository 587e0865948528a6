// The indicator decider and the indicator-values projection, as given events / when command / then
// events (or a refusal), and the fold of those events.
import { describe, expect, it } from 'vitest';
import { indicatorValues } from '../../projections/indicator-value.ts';
import { foldKey } from '../../projections/projection.ts';
import { NotOwnRecord, RuleViolated, ValidTimeConflict } from '../../src/domain/errors.ts';
import {
  type CorrectIndicatorValue,
  type IndicatorCommand,
  IndicatorValueNotFound,
  indicatorDecider,
  type ReportIndicatorValue,
  type WithdrawIndicatorValue,
} from '../../src/domain/indicator.ts';
import type { RecordedEvent } from '../../src/store/event-store.ts';
import { deciderSpec, type GivenEvent } from '../support/decider-spec.ts';

const indicator = deciderSpec(indicatorDecider);

const NOW = '2026-11-27T08:00:00.000Z';
const PLAN_EFFECTIVE = '2023-03-22T16:00:00.000Z';
const times = { now: NOW, planEffectiveAt: PLAN_EFFECTIVE, maxBackdateDays: null };

const reportCmd = (extra: Partial<ReportIndicatorValue> = {}): ReportIndicatorValue => ({
  type: 'ReportIndicatorValue',
  indicatorId: '3.3-1',
  valueId: 'v1',
  value: '150',
  unit: '亿元',
  ...times,
  ...extra,
});
const correctCmd = (extra: Partial<CorrectIndicatorValue> = {}): CorrectIndicatorValue => ({
  type: 'CorrectIndicatorValue',
  indicatorId: '3.3-1',
  valueId: 'v1',
  value: '160',
  reason: '口径更正',
  ...times,
  ...extra,
});

/** The events the commands decide in turn, each taking effect when it says (or NOW). */
function history(...commands: IndicatorCommand[]): GivenEvent[] {
  const events: GivenEvent[] = [];
  for (const c of commands) {
    for (const e of indicator
      .given(...events)
      .when(c)
      .events())
      events.push({ ...e, effectiveAt: e.effectiveAt ?? NOW });
  }
  return events;
}
const given = (...commands: IndicatorCommand[]) => indicator.given(...history(...commands));

describe('the indicator decider', () => {
  it("reports a value in the target's unit, with its source and note", () => {
    indicator
      .given()
      .when(reportCmd({ source: '统计局', note: '初步数' }))
      .then([{ type: 'IndicatorValueReported', data: { indicatorId: '3.3-1', valueId: 'v1', value: '150', unit: '亿元', source: '统计局', note: '初步数' } }]);
  });

  it('corrects a value, carrying the value it had before', () => {
    const state = given(reportCmd({ effectiveAt: '2026-06-30T15:59:59.999Z' }));
    state
      .when(correctCmd())
      .then([{ type: 'IndicatorValueCorrected', data: { indicatorId: '3.3-1', valueId: 'v1', value: '160', previousValue: '150', reason: '口径更正' } }]);
    state.when(correctCmd({ valueId: 'v9' })).thenThrows(IndicatorValueNotFound);
    state.when(correctCmd({ value: '150' })).thenThrows(RuleViolated);
    state.when(correctCmd({ effectiveAt: '2026-06-01T00:00:00.000Z' })).thenThrows(Error, /before the value it corrects/);
  });

  it('lets a unit correct or withdraw only the values it reported; the office any', () => {
    // v1 reported by 市金融局 (jrj), v2 by the office (an actor of no unit).
    const events: GivenEvent[] = [];
    for (const [valueId, actor] of [
      ['v1', { unitId: 'jrj' }],
      ['v2', {}],
    ] as const) {
      for (const e of indicator
        .given(...events)
        .when(reportCmd({ valueId }))
        .events())
        events.push({ ...e, effectiveAt: NOW, actor });
    }
    const state = indicator.given(...events);
    const withdraw = (valueId: string, by: { role: string; unitId?: string }): WithdrawIndicatorValue => ({
      type: 'WithdrawIndicatorValue',
      indicatorId: '3.3-1',
      valueId,
      reason: '误报',
      ...times,
      by,
    });
    const jrj = { role: 'unit', unitId: 'jrj' };
    const other = { role: 'unit', unitId: 'fgw' };
    expect(state.when(correctCmd({ by: jrj })).events()).toHaveLength(1);
    expect(state.when(withdraw('v1', jrj)).events()).toHaveLength(1);
    state.when(correctCmd({ by: other })).thenThrows(NotOwnRecord);
    state.when(withdraw('v1', other)).thenThrows(Error, /reported by unit jrj; a unit corrects or withdraws only the values it reported/);
    state.when(withdraw('v2', jrj)).thenThrows(Error, /reported by the office/);
    expect(state.when(withdraw('v1', { role: 'office' })).events()).toHaveLength(1);
    expect(state.when(correctCmd({ valueId: 'v2', by: { role: 'office' } })).events()).toHaveLength(1);
  });

  it('refuses a value before the latest one (409), in the future, before the plan, or back-dated past the limit', () => {
    const state = given(reportCmd({ effectiveAt: '2026-11-20T00:00:00.000Z' }));
    state.when(reportCmd({ valueId: 'v2', effectiveAt: '2026-11-19T00:00:00.000Z' })).thenThrows(ValidTimeConflict);
    expect(state.when(reportCmd({ valueId: 'v2', effectiveAt: '2026-11-20T00:00:00.000Z' })).events()).toHaveLength(1);
    indicator
      .given()
      .when(reportCmd({ effectiveAt: '2026-11-28T00:00:00.000Z' }))
      .thenThrows(Error, /future/);
    indicator
      .given()
      .when(reportCmd({ effectiveAt: '2023-01-01T00:00:00.000Z' }))
      .thenThrows(Error, /before the plan/);
    const unit = { maxBackdateDays: 2 };
    indicator
      .given()
      .when(reportCmd({ ...unit, effectiveAt: '2026-11-25T07:59:59.999Z' }))
      .thenThrows(Error, /at most 2 days/);
    expect(
      indicator
        .given()
        .when(reportCmd({ ...unit, effectiveAt: '2026-11-25T08:00:00.000Z' }))
        .events(),
    ).toHaveLength(1);
  });
});

describe('the indicator-values projection', () => {
  const event = (n: number, type: string, data: object, effectiveAt: string): RecordedEvent =>
    ({
      eventId: `e${n}`,
      type,
      data,
      streamId: 'indicator-p:3.3-1',
      streamRevision: n - 1,
      globalPosition: n,
      planId: 'p',
      recordedAt: `2026-11-2${n}T00:00:00.000Z`,
      effectiveAt,
      actor: { id: 'o', role: 'office' },
    }) as unknown as RecordedEvent;

  it('keeps the series in valid-time order, corrections applied and the old value kept', () => {
    const events = [
      event(1, 'IndicatorValueReported', { indicatorId: '3.3-1', valueId: 'a', value: '150', unit: '亿元' }, '2023-06-30T15:59:59.999Z'),
      event(2, 'IndicatorValueReported', { indicatorId: '3.3-1', valueId: 'b', value: '290', unit: '亿元' }, '2023-12-31T04:00:00.000Z'),
      event(
        3,
        'IndicatorValueCorrected',
        { indicatorId: '3.3-1', valueId: 'a', value: '160', previousValue: '150', reason: '更正' },
        '2026-11-23T00:00:00.000Z',
      ),
    ];
    const state = foldKey(indicatorValues, 'p:3.3-1', events)!;
    expect(state.values.map((v) => [v.valueId, v.value])).toEqual([
      ['a', '160'],
      ['b', '290'],
    ]);
    expect(state.values[0]!.corrections).toMatchObject([{ from: '150', to: '160', reason: '更正' }]);
    expect(state).toMatchObject({ revision: 3, globalPosition: 3 });
  });
});

describe('withdrawing a value (撤回)', () => {
  const withdrawCmd = (extra: Partial<WithdrawIndicatorValue> = {}): WithdrawIndicatorValue => ({
    type: 'WithdrawIndicatorValue',
    indicatorId: '3.3-1',
    valueId: 'v1',
    reason: '误报',
    ...times,
    ...extra,
  });

  it('withdraws a value with its current value and reason; a withdrawn value is neither corrected nor withdrawn again', () => {
    const corrected = given(reportCmd({ effectiveAt: '2026-06-30T15:59:59.999Z' }), correctCmd());
    corrected.when(withdrawCmd()).then([{ type: 'IndicatorValueWithdrawn', data: { indicatorId: '3.3-1', valueId: 'v1', value: '160', reason: '误报' } }]);
    const state = given(reportCmd({ effectiveAt: '2026-06-30T15:59:59.999Z' }), correctCmd(), withdrawCmd());
    expect(state.state.values.v1).toMatchObject({ withdrawn: true });
    state.when(withdrawCmd()).thenThrows(Error, /was withdrawn/);
    state.when(correctCmd({ value: '170' })).thenThrows(Error, /was withdrawn/);
    // The indicator's latest valid time stays: a new value still may not go before the withdrawn one.
    state.when(reportCmd({ valueId: 'v2', effectiveAt: '2026-06-01T00:00:00.000Z' })).thenThrows(ValidTimeConflict);
  });

  it('refuses an unknown value (404), a blank reason, and a withdrawal before the value, in the future or back-dated past the limit', () => {
    const state = given(reportCmd({ effectiveAt: '2026-11-20T00:00:00.000Z' }));
    state.when(withdrawCmd({ valueId: 'v9' })).thenThrows(IndicatorValueNotFound);
    state.when(withdrawCmd({ reason: ' ' })).thenThrows(RuleViolated);
    state.when(withdrawCmd({ effectiveAt: '2026-11-19T00:00:00.000Z' })).thenThrows(Error, /before the value it withdraws/);
    state.when(withdrawCmd({ effectiveAt: '2026-11-28T00:00:00.000Z' })).thenThrows(Error, /future/);
    state.when(withdrawCmd({ maxBackdateDays: 2, effectiveAt: '2026-11-21T00:00:00.000Z' })).thenThrows(Error, /at most 2 days/);
    expect(state.when(withdrawCmd({ effectiveAt: '2026-11-21T00:00:00.000Z' })).events()[0]).toMatchObject({ effectiveAt: '2026-11-21T00:00:00.000Z' });
  });

  it('the projection keeps the withdrawal on its value, with its own valid time', () => {
    const event = (n: number, type: string, data: object, effectiveAt: string): RecordedEvent =>
      ({
        eventId: `e${n}`,
        type,
        data,
        streamId: 'indicator-p:3.3-1',
        streamRevision: n - 1,
        globalPosition: n,
        planId: 'p',
        recordedAt: `2026-11-2${n}T00:00:00.000Z`,
        effectiveAt,
        actor: { id: 'o', role: 'office' },
      }) as unknown as RecordedEvent;
    const state = foldKey(indicatorValues, 'p:3.3-1', [
      event(1, 'IndicatorValueReported', { indicatorId: '3.3-1', valueId: 'a', value: '150', unit: '亿元' }, '2023-06-30T15:59:59.999Z'),
      event(2, 'IndicatorValueWithdrawn', { indicatorId: '3.3-1', valueId: 'a', value: '150', reason: '误报' }, '2026-11-22T00:00:00.000Z'),
    ])!;
    expect(state.values[0]).toMatchObject({
      valueId: 'a',
      value: '150',
      withdrawal: { reason: '误报', effectiveAt: '2026-11-22T00:00:00.000Z', withdrawnBy: { role: 'office' } },
    });
    expect(state).toMatchObject({ revision: 2, globalPosition: 2 });
  });
});
