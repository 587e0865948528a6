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
  /** weight × ratio, two places half-up; "0.00" when not counted. */
  points: string;
}

export interface Scorecard {
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
    points: ratio ? ratio.times(weight).toFixed(2) : '0.00',
  };
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
    component('monthlyReports', weights.monthlyReports, new D(r.onTime).plus(new D(r.late).times(HALF)), new D(r.due), `应报 ${r.due}，按时 ${r.onTime}，逾期 ${r.late}`),
    component(
      'tasks',
      weights.tasks,
      t.reduce((sum, s) => sum.plus(TASK_RATIO[s]), new D(0)),
      new D(t.length),
      `牵头 ${t.length} 项：${(['completed_on_time', 'completed_late', 'in_progress', 'at_risk', 'blocked', 'not_started', 'overdue'] as const)
        .map((s) => [s, t.filter((x) => x === s).length] as const)
        .filter(([, n]) => n > 0)
        .map(([s, n]) => `${TASK_WORDS[s]} ${n}`)
        .join('，') || '无'}`,
    ),
    component('indicators', weights.indicators, new D(facts.indicators.onTrack), new D(facts.indicators.withTarget), `指标 ${facts.indicators.withTarget} 项，进度达标 ${facts.indicators.onTrack}`),
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
  // Points summed exactly from the ratios, not from the rounded points shown.
  const exact = countedParts.reduce((sum, c) => sum.plus(new D(c.numerator).div(c.denominator).times(c.weight)), new D(0));
  return {
    components,
    weightCounted,
    points: exact.toFixed(2),
    total: weightCounted > 0 ? exact.div(weightCounted).times(100).toFixed(2) : null,
  };
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
 * Ranks by total, highest first; equal totals share a rank (1, 2, 2, 4) and keep the given order
 * (the plan's unit order); a unit with nothing counted yet has no rank and comes last.
 */
export function rank<T extends { total: string | null }>(cards: readonly T[]): (T & { rank: number | null })[] {
  const scored = cards.filter((c) => c.total !== null).sort((x, y) => new D(y.total!).cmp(new D(x.total!)));
  const out: (T & { rank: number | null })[] = [];
  scored.forEach((c, i) => {
    const prev = out[i - 1];
    out.push({ ...c, rank: prev && new D(prev.total!).eq(new D(c.total!)) ? prev.rank : i + 1 });
  });
  return [...out, ...cards.filter((c) => c.total === null).map((c) => ({ ...c, rank: null }))];
}
