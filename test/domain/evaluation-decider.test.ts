// The satisfaction-evaluation decider (满意度测评) and the task decider's reopening for a 不满意
// rating, as given events / when command / then events (or a refusal); and the evaluation projection.
import { describe, expect, it } from 'vitest';
import { evaluations, evaluationsKey, type PlanEvaluationsRecord } from '../../projections/evaluation.ts';
import { foldKey } from '../../projections/projection.ts';
import { RuleViolated, TransitionRefused, ValidTimeConflict } from '../../src/domain/errors.ts';
import {
  type Evaluate,
  type EvaluationEvent,
  EvaluationNotCurrent,
  EvaluationNotFound,
  EvaluationValidTimeConflict,
  evaluationDecider,
  type WithdrawEvaluation,
} from '../../src/domain/evaluation.ts';
import type { EvaluationScope, Rating } from '../../src/domain/events.ts';
import * as task from '../../src/domain/task.ts';
import type { RecordedEvent } from '../../src/store/event-store.ts';
import { deciderSpec, type GivenEvent } from '../support/decider-spec.ts';

const NOW = '2026-11-27T08:00:00.000Z';
const timing = { now: NOW, planEffectiveAt: '2023-03-22T16:00:00.000Z', maxBackdateDays: 2, byOffice: false };
const TASKS = ['1.1', '4.2', '5.1'];
const evaluate = (extra: Partial<Evaluate> = {}): Evaluate => ({
  type: 'Evaluate',
  evaluationId: 'v-new',
  taskCodes: TASKS,
  scope: { kind: 'task', taskCode: '4.2' },
  rating: 'satisfied',
  evaluator: { name: '市政协提案委员会' },
  ...timing,
  ...extra,
});
const withdraw = (evaluationId: string, extra: Partial<WithdrawEvaluation> = {}): WithdrawEvaluation => ({
  type: 'WithdrawEvaluation',
  planId: 'p',
  evaluationId,
  reason: '录入错误',
  ...timing,
  ...extra,
});
const evaluated = (
  evaluationId: string,
  scope: EvaluationScope,
  rating: Rating,
  effectiveAt: string,
  extra: Record<string, unknown> = {},
): EvaluationEvent & { effectiveAt: string } => ({
  type: 'SatisfactionEvaluated',
  data: { evaluationId, scope, rating, evaluator: { name: '市政协提案委员会' }, ...extra },
  effectiveAt,
});
const given = (...events: GivenEvent[]) => deciderSpec(evaluationDecider).given(...events);
const taskSpec = deciderSpec(task.taskDecider);
const T42: EvaluationScope = { kind: 'task', taskCode: '4.2' };

describe('evaluating (满意度测评)', () => {
  it("records a task's or the overall rating; a later one of the same scope names the one it replaces", () => {
    given()
      .when(
        evaluate({
          rating: 'dissatisfied',
          comments: '进度偏慢',
          evaluator: { name: '市政协提案委员会', group: '视察组' },
          effectiveAt: '2023-12-26T02:00:00.000Z',
          byOffice: true,
        }),
      )
      .then([
        {
          type: 'SatisfactionEvaluated',
          data: { evaluationId: 'v-new', scope: T42, rating: 'dissatisfied', comments: '进度偏慢', evaluator: { name: '市政协提案委员会', group: '视察组' } },
          effectiveAt: '2023-12-26T02:00:00.000Z',
        },
      ]);
    const state = given(evaluated('v1', T42, 'satisfied', '2023-12-26T02:00:00.000Z'));
    expect(state.when(evaluate()).events()[0]!.data).toMatchObject({ supersedes: 'v1' });
    expect(state.when(evaluate({ scope: { kind: 'overall' } })).events()[0]!.data).not.toHaveProperty('supersedes');
  });

  it('refuses a task the plan does not have, 不满意 without comments, and back-dating before the latest change', () => {
    given()
      .when(evaluate({ scope: { kind: 'task', taskCode: '9.9' } }))
      .thenThrows(RuleViolated);
    given()
      .when(evaluate({ rating: 'dissatisfied' }))
      .thenThrows(Error, /says why/);
    given()
      .when(evaluate({ rating: 'dissatisfied', comments: '  ' }))
      .thenThrows(Error, /says why/);
    const state = given(evaluated('v1', T42, 'satisfied', '2026-11-26T02:00:00.000Z'));
    state.when(evaluate({ effectiveAt: '2026-11-26T01:00:00.000Z' })).thenThrows(EvaluationValidTimeConflict);
    // A CPPCC token back-dates at most maxBackdateDays; the office further.
    given()
      .when(evaluate({ effectiveAt: '2023-12-26T02:00:00.000Z' }))
      .thenThrows(Error, /at most 2 days/);
    expect(
      given()
        .when(evaluate({ effectiveAt: '2023-12-26T02:00:00.000Z', byOffice: true }))
        .events(),
    ).toHaveLength(1);
  });
});

describe('withdrawing an evaluation (撤回)', () => {
  const state = given(
    evaluated('v1', T42, 'dissatisfied', '2023-12-26T02:00:00.000Z', { comments: 'x' }),
    evaluated('v2', T42, 'basically_satisfied', '2023-12-27T02:00:00.000Z', { supersedes: 'v1' }),
  );

  it("withdraws the scope's current one, reinstating the one it replaced", () => {
    state.when(withdraw('v2')).then([
      {
        type: 'SatisfactionEvaluationWithdrawn',
        data: { evaluationId: 'v2', scope: T42, rating: 'basically_satisfied', reason: '录入错误', reinstates: 'v1' },
      },
    ]);
  });

  it('refuses an unknown id (404) and one that is not current (409)', () => {
    state.when(withdraw('nope')).thenThrows(EvaluationNotFound);
    state.when(withdraw('v1')).thenThrows(EvaluationNotCurrent);
    const [event] = state.when(withdraw('v2')).events();
    const after = given(
      evaluated('v1', T42, 'dissatisfied', '2023-12-26T02:00:00.000Z', { comments: 'x' }),
      evaluated('v2', T42, 'basically_satisfied', '2023-12-27T02:00:00.000Z', { supersedes: 'v1' }),
      { ...event!, effectiveAt: NOW },
    );
    after.when(withdraw('v2')).thenThrows(EvaluationNotCurrent);
    expect(after.when(withdraw('v1')).events()[0]!.data).toMatchObject({ evaluationId: 'v1', rating: 'dissatisfied' });
  });
});

describe("the task decider's reopening for a 不满意 rating", () => {
  const completing = [
    { type: 'TaskStatusChanged', data: { taskCode: '4.2', from: 'not_started', to: 'in_progress', reason: '启动' }, effectiveAt: '2023-04-01T02:00:00.000Z' },
    { type: 'TaskStatusChanged', data: { taskCode: '4.2', from: 'in_progress', to: 'completed', reason: '办结' }, effectiveAt: '2023-11-30T02:00:00.000Z' },
  ];
  const completed = taskSpec.given(...completing);
  const reopen = (extra: Partial<task.ChangeTaskStatus> = {}): task.ChangeTaskStatus => ({
    type: 'ChangeTaskStatus',
    taskCode: '4.2',
    to: 'in_progress',
    reason: '满意度测评为不满意',
    evaluationId: 'v1',
    now: NOW,
    planEffectiveAt: timing.planEffectiveAt,
    ...extra,
  });

  it('goes completed → in_progress, the event naming the evaluation', () => {
    completed.when(reopen({ effectiveAt: '2023-12-28T02:00:00.000Z' })).then([
      {
        type: 'TaskStatusChanged',
        data: { taskCode: '4.2', from: 'completed', to: 'in_progress', reason: '满意度测评为不满意', evaluationId: 'v1' },
        effectiveAt: '2023-12-28T02:00:00.000Z',
      },
    ]);
  });

  it("refuses a task that is not completed (409), another target status, and back-dating before the task's last change", () => {
    const inProgress = taskSpec.given(...completing, {
      type: 'TaskStatusChanged',
      data: { taskCode: '4.2', from: 'completed', to: 'in_progress', reason: 'r' },
      effectiveAt: '2023-12-28T02:00:00.000Z',
    });
    inProgress.when(reopen()).thenThrows(task.TaskNotCompleted);
    taskSpec
      .given()
      .when(reopen())
      .thenThrows(Error, /not_started, not completed/);
    completed.when(reopen({ to: 'at_risk' })).thenThrows(RuleViolated);
    completed.when(reopen({ effectiveAt: '2023-11-01T02:00:00.000Z' })).thenThrows(ValidTimeConflict);
    // Without an evaluation the table still rules: completed → at_risk is refused as before.
    completed.when(reopen({ evaluationId: undefined, to: 'at_risk' })).thenThrows(TransitionRefused);
  });
});

describe('the evaluation projection', () => {
  const recorded = (events: { type: string; data: unknown; effectiveAt: string }[]): RecordedEvent[] =>
    events.map((e, i) => ({
      eventId: `e${i}`,
      type: e.type,
      streamId: 'evaluations-p',
      streamRevision: i,
      globalPosition: i + 2,
      planId: 'p',
      recordedAt: NOW,
      effectiveAt: e.effectiveAt,
      actor: { id: 'a', role: 'cppcc' },
      correlationId: `e${i}`,
      causationId: null,
      schemaVersion: 1,
      data: e.data,
      hash: '',
      prevHash: null,
    }));

  it('keeps per scope the evaluations standing and the history, and every evaluation by id', () => {
    const record = foldKey<PlanEvaluationsRecord>(
      evaluations,
      evaluationsKey('p'),
      recorded([
        evaluated('v1', T42, 'dissatisfied', '2023-12-26T02:00:00.000Z', { comments: '偏慢' }),
        evaluated('v2', T42, 'satisfied', '2023-12-27T02:00:00.000Z', { supersedes: 'v1' }),
        evaluated('v3', { kind: 'overall' }, 'basically_satisfied', '2023-12-27T03:00:00.000Z'),
        {
          type: 'SatisfactionEvaluationWithdrawn',
          data: { evaluationId: 'v2', scope: T42, rating: 'satisfied', reason: '录错', reinstates: 'v1' },
          effectiveAt: '2023-12-28T02:00:00.000Z',
        },
      ]),
    )!;
    expect(record.scopes['task:4.2']!.standing.map((e) => [e.evaluationId, e.rating])).toEqual([['v1', 'dissatisfied']]);
    expect(record.scopes['task:4.2']!.history.map((e) => [e.kind, e.evaluationId])).toEqual([
      ['evaluated', 'v1'],
      ['evaluated', 'v2'],
      ['withdrawn', 'v2'],
    ]);
    expect(record.scopes.overall!.standing.map((e) => e.evaluationId)).toEqual(['v3']);
    expect(Object.keys(record.evaluations).sort()).toEqual(['v1', 'v2', 'v3']);
    expect(record.revision).toBe(4);
  });
});
