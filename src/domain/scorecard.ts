// The unit scorecard (考评): one documented pure function from what a unit owes and did, at a date,
// to points. Every component returns its measure, its weight and its points, so a supervisor sees
// why a unit ranks where it does. A unit is scored only on what it owes (a responsible unit leads no
// task, so it has no task, report or indicator component); a component with nothing due yet at the
// date is left out, and the total is the points over the weights of the components counted:
//
//   total = 100 × Σ points / Σ weight (counted components),   points = weight × ratio
//
//   component        ratio (0…1)                                                           weight
//   handlingPlan     on time 1, late ½, not in after the deadline 0                          10
//   monthlyReports   (on time + ½ late) / due   — reports of the tasks it leads, due by then  25
//   tasks            mean over led tasks: completed on time 1, completed late ½; not yet due:   25
//                    in progress ½, at risk ¼, blocked / not started 0; overdue 0
//   indicators       led tasks' indicators on track (or met) / indicators with a target       15
//   actionItems      (closed on time + ½ closed late) / (closed + open overdue)               15
//   annualSummary    on time 1, late ½, not in after the deadline 0                            5
//   evaluation       mean over its led tasks rated: 满意 1, 基本满意 0.6, 不满意 0                 5
//
// Exact: decimal.js, two places half-up on the way out only. Weights are plan data
// (`scorecardWeights`) with these defaults.
//
// Rated. A unit with no component counted — it owed nothing yet, or nothing in the period asked
// about — is not rated (未评): no total, no rank, never 100 and first. Ranks are among rated units.
//
// Reconciled. What is listed adds up to what is totalled, to the cent: each counted component's
// points (weight × ratio) sum to the card's points, and its contribution (100 × points / Σ counted
// weight, its share of the total) sums to the total. Each is rounded by largest remainder from
// the exact values (the cents the rounding down leaves over go to the largest remainders, ties in
// the formula's order), so no listed figure is more than a cent from its exact value.
import { Decimal } from 'decimal.js';

export const SCORECARD_COMPONENTS = ['handlingPlan', 'monthlyReports', 'tasks', 'indicators', 'actionItems', 'annualSummary', 'evaluation'] as const;
export type ScorecardComponent = (typeof SCORECARD_COMPONENTS)[number];

export const DEFAULT_SCORECARD_WEIGHTS: Readonly<Record<ScorecardComponent, number>> = {
  handlingPlan: 10,
  monthlyReports: 25,
  tasks: 25,
  indicators: 15,
  actionItems: 15,
  annualSummary: 5,
  evaluation: 5,
};

export const scorecardComponentLabels: Readonly<Record<ScorecardComponent, string>> = {
  handlingPlan: '办理工作方案',
  monthlyReports: '信息报送',
  tasks: '牵头任务',
  indicators: '指标进度',
  actionItems: '督办事项',
  annualSummary: '年度总结',
  evaluation: '满意度测评',
};

/** Something owed once by a deadline: not owed, not yet due, or due and in on time, late, or not in. */
export type OnceOwed = 'not_owed' | 'not_yet_due' | 'on_time' | 'late' | 'missing';

export type LedTaskState = 'completed_on_time' | 'completed_late' | 'in_progress' | 'at_risk' | 'blocked' | 'not_started' | 'overdue';

export interface ScorecardFacts {
  handlingPlan: OnceOwed;
  monthlyReports: { due: number; onTime: number; late: number };
  /** Each task the unit leads (cancelled ones left out). */
  tasks: LedTaskState[];
  indicators: { withTarget: number; onTrack: number };
  actionItems: { closedOnTime: number; closedLate: number; openOverdue: number };
  annualSummary: OnceOwed;
  /** The current ratings of the tasks it leads. */
  evaluations: { satisfied: number; basicallySatisfied: number; dissatisfied: number };
}

export interface ComponentScore {
  component: ScorecardComponent;
  label: string;
  /** False when nothing of it was due at the date: left out of the total. */
  counted: boolean;
  /** What the ratio is made of, in words (Chinese) and numbers. */
  measure: string;
  numerator: string;
  denominator: string;
  /** 0…1, exact, as a decimal string (four places, half-up). */
  ratio: string | null;
  weight: number;
  /** weight × ratio, two places; the counted components' points sum to the card's points. "0.00" when not counted. */
  points: string;
  /** Its share of the total, 100 × points / weightCounted, two places; the counted components' contributions sum to the total. "0.00" when not counted. */
  contribution: string;
}

export interface Scorecard {
  /** False when no component is counted (nothing owed yet, or in the period): no total, no rank. */
  rated: boolean;
  components: ComponentScore[];
  /** Σ weight of the counted components. */
  weightCounted: number;
  /** Σ points of the counted components. */
  points: string;
  /** 100 × points / weightCounted, two places half-up; null when nothing is counted yet. */
  total: string | null;
}

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
const HALF = new D('0.5');
const TASK_RATIO: Record<LedTaskState, Decimal> = {
  completed_on_time: new D(1),
  completed_late: HALF,
  in_progress: HALF,
  at_risk: new D('0.25'),
  blocked: new D(0),
  not_started: new D(0),
  overdue: new D(0),
};
const ONCE_RATIO: Partial<Record<OnceOwed, Decimal>> = { on_time: new D(1), late: HALF, missing: new D(0) };
const ONCE_WORDS: Record<OnceOwed, string> = { not_owed: '不承担', not_yet_due: '未到期', on_time: '按时', late: '逾期', missing: '逾期未报' };

function component(name: ScorecardComponent, weight: number, numerator: Decimal, denominator: Decimal, measure: string): ComponentScore {
  const counted = denominator.gt(0);
  const ratio = counted ? numerator.div(denominator) : null;
  return {
    component: name,
    label: scorecardComponentLabels[name],
    counted,
    measure,
    numerator: numerator.toString(),
    denominator: denominator.toString(),
    ratio: ratio ? ratio.toFixed(4) : null,
    weight,
    points: '0.00',
    contribution: '0.00',
  };
}

/**
 * Rounds exact parts to two places so that they sum to their exact sum rounded half-up: each down to
 * the cent, then the cents left over to the largest remainders (ties: the earlier part).
 */
export function apportion(parts: readonly Decimal[]): { parts: string[]; sum: string } {
  const sum = parts.reduce((a, b) => a.plus(b), new D(0)).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const floors = parts.map((x) => x.toDecimalPlaces(2, Decimal.ROUND_DOWN));
  let left = sum
    .minus(floors.reduce((a, b) => a.plus(b), new D(0)))
    .times(100)
    .toNumber();
  // Remainders compared at 20 places: equal fractions (18.75 / 0.9 and 7.5 / 0.9) carried to different
  // lengths by the 40-digit precision must tie.
  const order = parts
    .map((x, i) => ({ i, rest: x.minus(floors[i]!).toDecimalPlaces(20, Decimal.ROUND_HALF_UP) }))
    .sort((a, b) => b.rest.cmp(a.rest) || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = floors[i]!.plus('0.01');
    left--;
  }
  return { parts: floors.map((x) => x.toFixed(2)), sum: sum.toFixed(2) };
}

function once(name: ScorecardComponent, weight: number, state: OnceOwed): ComponentScore {
  const ratio = ONCE_RATIO[state];
  return component(name, weight, ratio ?? new D(0), new D(ratio ? 1 : 0), ONCE_WORDS[state]);
}

/** The scorecard of one unit from its facts at a date. */
export function score(facts: ScorecardFacts, weights: Readonly<Record<ScorecardComponent, number>> = DEFAULT_SCORECARD_WEIGHTS): Scorecard {
  const r = facts.monthlyReports;
  const t = facts.tasks;
  const a = facts.actionItems;
  const e = facts.evaluations;
  const rated = e.satisfied + e.basicallySatisfied + e.dissatisfied;
  const components = [
    once('handlingPlan', weights.handlingPlan, facts.handlingPlan),
    component(
      'monthlyReports',
      weights.monthlyReports,
      new D(r.onTime).plus(new D(r.late).times(HALF)),
      new D(r.due),
      `应报 ${r.due}，按时 ${r.onTime}，逾期 ${r.late}`,
    ),
    component(
      'tasks',
      weights.tasks,
      t.reduce((sum, s) => sum.plus(TASK_RATIO[s]), new D(0)),
      new D(t.length),
      `牵头 ${t.length} 项：${
        (['completed_on_time', 'completed_late', 'in_progress', 'at_risk', 'blocked', 'not_started', 'overdue'] as const)
          .map((s) => [s, t.filter((x) => x === s).length] as const)
          .filter(([, n]) => n > 0)
          .map(([s, n]) => `${TASK_WORDS[s]} ${n}`)
          .join('，') || '无'
      }`,
    ),
    component(
      'indicators',
      weights.indicators,
      new D(facts.indicators.onTrack),
      new D(facts.indicators.withTarget),
      `指标 ${facts.indicators.withTarget} 项，进度达标 ${facts.indicators.onTrack}`,
    ),
    component(
      'actionItems',
      weights.actionItems,
      new D(a.closedOnTime).plus(new D(a.closedLate).times(HALF)),
      new D(a.closedOnTime + a.closedLate + a.openOverdue),
      `按时办结 ${a.closedOnTime}，逾期办结 ${a.closedLate}，逾期未办结 ${a.openOverdue}`,
    ),
    once('annualSummary', weights.annualSummary, facts.annualSummary),
    component(
      'evaluation',
      weights.evaluation,
      new D(e.satisfied).plus(new D(e.basicallySatisfied).times('0.6')),
      new D(rated),
      `满意 ${e.satisfied}，基本满意 ${e.basicallySatisfied}，不满意 ${e.dissatisfied}`,
    ),
  ];
  const countedParts = components.filter((c) => c.counted);
  const weightCounted = countedParts.reduce((n, c) => n + c.weight, 0);
  if (weightCounted === 0) return { rated: false, components, weightCounted, points: '0.00', total: null };
  // Exact from the ratios; rounded once, on the way out, so that the parts add up.
  // Division last: a part that is a whole number of cents comes out exact.
  const exact = countedParts.map((c) => new D(c.numerator).times(c.weight).div(c.denominator));
  const points = apportion(exact);
  const shares = apportion(countedParts.map((c) => new D(c.numerator).times(c.weight).times(100).div(new D(c.denominator).times(weightCounted))));
  countedParts.forEach((c, i) => {
    c.points = points.parts[i]!;
    c.contribution = shares.parts[i]!;
  });
  return { rated: true, components, weightCounted, points: points.sum, total: shares.sum };
}

const TASK_WORDS: Record<LedTaskState, string> = {
  completed_on_time: '按期完成',
  completed_late: '逾期完成',
  in_progress: '推进中',
  at_risk: '有风险',
  blocked: '受阻',
  not_started: '未启动',
  overdue: '逾期未完成',
};

/**
 * Ranks the rated by total, highest first; equal totals share a rank (1, 2, 2, 4) and keep the given
 * order (the plan's unit order); a unit not rated has no rank and comes last, in the given order.
 */
export function rank<T extends { rated: boolean; total: string | null }>(cards: readonly T[]): (T & { rank: number | null })[] {
  const scored = cards.filter((c) => c.rated && c.total !== null).sort((x, y) => new D(y.total!).cmp(new D(x.total!)));
  const out: (T & { rank: number | null })[] = [];
  scored.forEach((c, i) => {
    const prev = out[i - 1];
    out.push({ ...c, rank: prev && new D(prev.total!).eq(new D(c.total!)) ? prev.rank : i + 1 });
  });
  return [...out, ...cards.filter((c) => !(c.rated && c.total !== null)).map((c) => ({ ...c, rank: null }))];
}
