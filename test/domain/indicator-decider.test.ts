// The indicator decider and the indicator-values projection, as given events / when command / then
// events (or a refusal), and the fold of those events.
import { describe, expect, it } from 'vitest';
import { NotOwnRecord, RuleViolated, ValidTimeConflict } from '../../src/domain/errors.ts';
import {
  decideIndicator,
  evolveIndicator,
  IndicatorValueNotFound,
  initialIndicatorState,
  type CorrectIndicatorValue,
  type IndicatorState,
  type ReportIndicatorValue,
  type WithdrawIndicatorValue,
} from '../../src/domain/indicator.ts';
import { foldKey } from '../../projections/projection.ts';
import { indicatorValues } from '../../projections/indicator-values.ts';
import type { RecordedEvent } from '../../src/store/event-store.ts';

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

function given(...commands: ReportIndicatorValue[]): IndicatorState {
  let state = initialIndicatorState;
  for (const c of commands) {
    for (const e of decideIndicator(c, state)) state = evolveIndicator(state, { ...e, effectiveAt: e.effectiveAt ?? NOW });
  }
  return state;
}

describe('the indicator decider', () => {
  it('reports a value in the target\'s unit, with its source and note', () => {
    expect(decideIndicator(reportCmd({ source: '统计局', note: '初步数' }), initialIndicatorState)).toEqual([
      { type: 'IndicatorValueReported', data: { indicatorId: '3.3-1', valueId: 'v1', value: '150', unit: '亿元', source: '统计局', note: '初步数' } },
    ]);
  });

  it('corrects a value, carrying the value it had before', () => {
    const state = given(reportCmd({ effectiveAt: '2026-06-30T15:59:59.999Z' }));
    expect(decideIndicator(correctCmd(), state)).toEqual([
      { type: 'IndicatorValueCorrected', data: { indicatorId: '3.3-1', valueId: 'v1', value: '160', previousValue: '150', reason: '口径更正' } },
    ]);
    expect(() => decideIndicator(correctCmd({ valueId: 'v9' }), state)).toThrow(IndicatorValueNotFound);
    expect(() => decideIndicator(correctCmd({ value: '150' }), state)).toThrow(RuleViolated);
    expect(() => decideIndicator(correctCmd({ effectiveAt: '2026-06-01T00:00:00.000Z' }), state)).toThrow(/before the value it corrects/);
  });

  it('lets a unit correct or withdraw only the values it reported; the office any', () => {
    // v1 reported by 市金融局 (jrj), v2 by the office (an actor of no unit).
    let state = initialIndicatorState;
    for (const [valueId, actor] of [['v1', { unitId: 'jrj' }], ['v2', {}]] as const) {
      for (const e of decideIndicator(reportCmd({ valueId }), state)) state = evolveIndicator(state, { ...e, effectiveAt: NOW, actor });
    }
    const withdraw = (valueId: string, by: { role: string; unitId?: string }): WithdrawIndicatorValue => ({
      type: 'WithdrawIndicatorValue', indicatorId: '3.3-1', valueId, reason: '误报', ...times, by,
    });
    const jrj = { role: 'unit', unitId: 'jrj' };
    const other = { role: 'unit', unitId: 'fgw' };
    expect(decideIndicator(correctCmd({ by: jrj }), state)).toHaveLength(1);
    expect(decideIndicator(withdraw('v1', jrj), state)).toHaveLength(1);
    expect(() => decideIndicator(correctCmd({ by: other }), state)).toThrow(NotOwnRecord);
    expect(() => decideIndicator(withdraw('v1', other), state)).toThrow(/reported by unit jrj; a unit corrects or withdraws only the values it reported/);
    expect(() => decideIndicator(withdraw('v2', jrj), state)).toThrow(/reported by the office/);
    expect(decideIndicator(withdraw('v1', { role: 'office' }), state)).toHaveLength(1);
    expect(decideIndicator(correctCmd({ valueId: 'v2', by: { role: 'office' } }), state)).toHaveLength(1);
  });

  it('refuses a value before the latest one (409), in the future, before the plan, or back-dated past the limit', () => {
    const state = given(reportCmd({ effectiveAt: '2026-11-20T00:00:00.000Z' }));
    expect(() => decideIndicator(reportCmd({ valueId: 'v2', effectiveAt: '2026-11-19T00:00:00.000Z' }), state)).toThrow(ValidTimeConflict);
    expect(decideIndicator(reportCmd({ valueId: 'v2', effectiveAt: '2026-11-20T00:00:00.000Z' }), state)).toHaveLength(1);
    expect(() => decideIndicator(reportCmd({ effectiveAt: '2026-11-28T00:00:00.000Z' }), initialIndicatorState)).toThrow(/future/);
    expect(() => decideIndicator(reportCmd({ effectiveAt: '2023-01-01T00:00:00.000Z' }), initialIndicatorState)).toThrow(/before the plan/);
    const unit = { maxBackdateDays: 2 };
    expect(() => decideIndicator(reportCmd({ ...unit, effectiveAt: '2026-11-25T07:59:59.999Z' }), initialIndicatorState)).toThrow(/at most 2 days/);
    expect(decideIndicator(reportCmd({ ...unit, effectiveAt: '2026-11-25T08:00:00.000Z' }), initialIndicatorState)).toHaveLength(1);
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
      event(3, 'IndicatorValueCorrected', { indicatorId: '3.3-1', valueId: 'a', value: '160', previousValue: '150', reason: '更正' }, '2026-11-23T00:00:00.000Z'),
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
  const apply = (state: IndicatorState, events: ReturnType<typeof decideIndicator>) =>
    events.reduce((s, e) => evolveIndicator(s, { ...e, effectiveAt: e.effectiveAt ?? NOW }), state);

  it('withdraws a value with its current value and reason; a withdrawn value is neither corrected nor withdrawn again', () => {
    let state = given(reportCmd({ effectiveAt: '2026-06-30T15:59:59.999Z' }));
    state = apply(state, decideIndicator(correctCmd(), state));
    const events = decideIndicator(withdrawCmd(), state);
    expect(events).toEqual([{ type: 'IndicatorValueWithdrawn', data: { indicatorId: '3.3-1', valueId: 'v1', value: '160', reason: '误报' } }]);
    state = apply(state, events);
    expect(state.values.v1).toMatchObject({ withdrawn: true });
    expect(() => decideIndicator(withdrawCmd(), state)).toThrow(/was withdrawn/);
    expect(() => decideIndicator(correctCmd({ value: '170' }), state)).toThrow(/was withdrawn/);
    // The indicator's latest valid time stays: a new value still may not go before the withdrawn one.
    expect(() => decideIndicator(reportCmd({ valueId: 'v2', effectiveAt: '2026-06-01T00:00:00.000Z' }), state)).toThrow(ValidTimeConflict);
  });

  it('refuses an unknown value (404), a blank reason, and a withdrawal before the value, in the future or back-dated past the limit', () => {
    const state = given(reportCmd({ effectiveAt: '2026-11-20T00:00:00.000Z' }));
    expect(() => decideIndicator(withdrawCmd({ valueId: 'v9' }), state)).toThrow(IndicatorValueNotFound);
    expect(() => decideIndicator(withdrawCmd({ reason: ' ' }), state)).toThrow(RuleViolated);
    expect(() => decideIndicator(withdrawCmd({ effectiveAt: '2026-11-19T00:00:00.000Z' }), state)).toThrow(/before the value it withdraws/);
    expect(() => decideIndicator(withdrawCmd({ effectiveAt: '2026-11-28T00:00:00.000Z' }), state)).toThrow(/future/);
    expect(() => decideIndicator(withdrawCmd({ maxBackdateDays: 2, effectiveAt: '2026-11-21T00:00:00.000Z' }), state)).toThrow(/at most 2 days/);
    expect(decideIndicator(withdrawCmd({ effectiveAt: '2026-11-21T00:00:00.000Z' }), state)[0]).toMatchObject({ effectiveAt: '2026-11-21T00:00:00.000Z' });
  });

  it('the projection keeps the withdrawal on its value, with its own valid time', () => {
    const event = (n: number, type: string, data: object, effectiveAt: string): RecordedEvent =>
      ({ eventId: `e${n}`, type, data, streamId: 'indicator-p:3.3-1', streamRevision: n - 1, globalPosition: n, planId: 'p', recordedAt: `2026-11-2${n}T00:00:00.000Z`, effectiveAt, actor: { id: 'o', role: 'office' } }) as unknown as RecordedEvent;
    const state = foldKey(indicatorValues, 'p:3.3-1', [
      event(1, 'IndicatorValueReported', { indicatorId: '3.3-1', valueId: 'a', value: '150', unit: '亿元' }, '2023-06-30T15:59:59.999Z'),
      event(2, 'IndicatorValueWithdrawn', { indicatorId: '3.3-1', valueId: 'a', value: '150', reason: '误报' }, '2026-11-22T00:00:00.000Z'),
    ])!;
    expect(state.values[0]).toMatchObject({ valueId: 'a', value: '150', withdrawal: { reason: '误报', effectiveAt: '2026-11-22T00:00:00.000Z', withdrawnBy: { role: 'office' } } });
    expect(state).toMatchObject({ revision: 2, globalPosition: 2 });
  });
});
