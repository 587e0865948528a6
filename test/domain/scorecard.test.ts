// The scorecard formula (src/domain/scorecard.ts), worked by hand.
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LedTaskState, type OnceOwed, rank, type ScorecardFacts, score } from '../../src/domain/scorecard.ts';

const nothing: ScorecardFacts = {
  handlingPlan: 'not_yet_due',
  monthlyReports: { due: 0, onTime: 0, late: 0 },
  tasks: [],
  indicators: { withTarget: 0, onTrack: 0 },
  actionItems: { closedOnTime: 0, closedLate: 0, openOverdue: 0 },
  annualSummary: 'not_yet_due',
  evaluations: { satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 },
};

describe('score', () => {
  it('counts nothing before anything is due: not rated, no total', () => {
    const card = score(nothing);
    expect(card).toMatchObject({ rated: false, weightCounted: 0, points: '0.00', total: null });
    expect(card.components.every((c) => !c.counted && c.points === '0.00')).toBe(true);
  });

  it('a lead unit mid-year, worked by hand', () => {
    const card = score({
      ...nothing,
      handlingPlan: 'late', // ½ × 10 = 5
      monthlyReports: { due: 8, onTime: 5, late: 2 }, // (5 + 1) / 8 = 0.75 × 25 = 18.75
      tasks: ['completed_on_time', 'in_progress', 'at_risk', 'not_started'], // (1 + 0.5 + 0.25 + 0) / 4 = 0.4375 × 25 = 10.9375
      indicators: { withTarget: 3, onTrack: 2 }, // 2/3 × 15 = 10
      actionItems: { closedOnTime: 1, closedLate: 1, openOverdue: 1 }, // 1.5 / 3 = 0.5 × 15 = 7.5
    });
    const by = Object.fromEntries(card.components.map((c) => [c.component, c]));
    expect(by.handlingPlan).toMatchObject({ counted: true, ratio: '0.5000', points: '5.00', measure: '逾期', label: '办理工作方案' });
    expect(by.monthlyReports).toMatchObject({ ratio: '0.7500', points: '18.75', numerator: '6', denominator: '8', measure: '应报 8，按时 5，逾期 2' });
    expect(by.tasks).toMatchObject({ ratio: '0.4375', points: '10.94', measure: '牵头 4 项：按期完成 1，推进中 1，有风险 1，未启动 1' });
    expect(by.indicators).toMatchObject({ ratio: '0.6667', points: '10.00' });
    expect(by.actionItems).toMatchObject({ ratio: '0.5000', points: '7.50' });
    expect(by.annualSummary).toMatchObject({ counted: false, points: '0.00', measure: '未到期' });
    expect(by.evaluation).toMatchObject({ counted: false });
    // Σ points exactly 5 + 18.75 + 10.9375 + 10 + 7.5 = 52.1875 over weights 10 + 25 + 25 + 15 + 15 = 90:
    // 52.1875 / 90 × 100 = 57.98611… → 57.99
    expect(card).toMatchObject({ rated: true, weightCounted: 90, points: '52.19', total: '57.99' });
    // Each one's share of the total, 100 × points / 90: 5.555…, 20.833…, 12.152…, 11.111…, 8.333… round down
    // to 57.97; the two cents left go to the largest remainders (5.555…, then 20.833… before the equal 8.333…).
    expect(card.components.filter((c) => c.counted).map((c) => c.contribution)).toEqual(['5.56', '20.84', '12.15', '11.11', '8.33']);
  });

  it('a responsible unit is scored on what it owes only', () => {
    const card = score({ ...nothing, handlingPlan: 'on_time', actionItems: { closedOnTime: 0, closedLate: 0, openOverdue: 2 }, annualSummary: 'missing' });
    // 10 + 0 + 0 over 10 + 15 + 5 = 30 → 33.33
    expect(card).toMatchObject({ weightCounted: 30, points: '10.00', total: '33.33' });
  });

  it('the evaluation: 满意 1, 基本满意 0.6, 不满意 0', () => {
    const card = score({ ...nothing, evaluations: { satisfied: 1, basicallySatisfied: 1, dissatisfied: 1 } });
    // (1 + 0.6 + 0) / 3 = 0.5333… × 5 = 2.6667 → total 53.33
    expect(card.components.find((c) => c.component === 'evaluation')).toMatchObject({ ratio: '0.5333', points: '2.67' });
    expect(card.total).toBe('53.33');
  });

  it('takes other weights (plan data)', () => {
    const card = score(
      { ...nothing, handlingPlan: 'late' },
      { handlingPlan: 40, monthlyReports: 20, tasks: 20, indicators: 10, actionItems: 5, annualSummary: 3, evaluation: 2 },
    );
    expect(card).toMatchObject({ weightCounted: 40, points: '20.00', total: '50.00' });
  });
});

describe('rank', () => {
  it('highest first, ties share a rank and keep the given order, the unscored last', () => {
    const ranked = rank([
      { rated: true, id: 'a', total: '50.00' },
      { rated: false, id: 'b', total: null },
      { rated: true, id: 'c', total: '75.50' },
      { rated: true, id: 'd', total: '50.00' },
      { rated: true, id: 'e', total: '10.00' },
    ]);
    expect(ranked.map((r) => `${r.id}:${r.rank}`)).toEqual(['c:1', 'a:2', 'd:2', 'e:4', 'b:null']);
  });
});

describe('the listed figures add up', () => {
  const once = fc.constantFrom<OnceOwed>('not_owed', 'not_yet_due', 'on_time', 'late', 'missing');
  const count = fc.nat({ max: 40 });
  const facts: fc.Arbitrary<ScorecardFacts> = fc.record({
    handlingPlan: once,
    monthlyReports: fc.tuple(count, count, count).map(([a, b, c]) => ({ due: a + b + c, onTime: a, late: b })),
    tasks: fc.array(fc.constantFrom<LedTaskState>('completed_on_time', 'completed_late', 'in_progress', 'at_risk', 'blocked', 'not_started', 'overdue'), {
      maxLength: 12,
    }),
    indicators: fc.tuple(count, count).map(([a, b]) => ({ withTarget: a + b, onTrack: a })),
    actionItems: fc.record({ closedOnTime: count, closedLate: count, openOverdue: count }),
    annualSummary: once,
    evaluations: fc.record({ satisfied: count, basicallySatisfied: count, dissatisfied: count }),
  });
  const weights = fc.record({
    handlingPlan: fc.nat({ max: 100 }),
    monthlyReports: fc.nat({ max: 100 }),
    tasks: fc.nat({ max: 100 }),
    indicators: fc.nat({ max: 100 }),
    actionItems: fc.nat({ max: 100 }),
    annualSummary: fc.nat({ max: 100 }),
    evaluation: fc.nat({ max: 100 }),
  });

  it("points sum to the card's points, contributions to the total, each within a cent of its exact value; rated exactly when something counts", () => {
    fc.assert(
      fc.property(facts, weights, (f, w) => {
        const card = score(f, w);
        const counted = card.components.filter((c) => c.counted);
        expect(card.rated).toBe(card.weightCounted > 0);
        if (!card.rated) {
          expect(card.total).toBeNull();
          return;
        }
        const sum = (xs: string[]) => xs.reduce((a, b) => a.plus(b), new Decimal(0)).toFixed(2);
        expect(sum(counted.map((c) => c.points))).toBe(card.points);
        expect(sum(counted.map((c) => c.contribution))).toBe(card.total);
        for (const c of counted) {
          const exact = new Decimal(c.numerator).times(c.weight).div(c.denominator);
          expect(exact.minus(c.points).abs().lte('0.01')).toBe(true);
          expect(exact.times(100).div(card.weightCounted).minus(c.contribution).abs().lte('0.01')).toBe(true);
        }
        for (const c of card.components.filter((x) => !x.counted)) expect([c.points, c.contribution]).toEqual(['0.00', '0.00']);
      }),
      { numRuns: 3000 },
    );
  });
});
