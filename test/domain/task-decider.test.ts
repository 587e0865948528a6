// The task decider, as given events / when command / then events (or a refusal).
import { describe, expect, it } from 'vitest';
import { RuleViolated, TransitionRefused } from '../../src/domain/errors.ts';
import { type ChangeTaskStatus, taskDecider } from '../../src/domain/task.ts';
import { TaskStatus, transitions } from '../../src/domain/task-status.ts';
import { deciderSpec, type GivenEvent } from '../support/decider-spec.ts';

const NOW = '2026-11-27T08:00:00.000Z';
const PLAN_EFFECTIVE = '2023-03-22T16:00:00.000Z';
const task = deciderSpec(taskDecider);

const changed = (from: TaskStatus, to: TaskStatus) => ({ type: 'TaskStatusChanged', data: { taskCode: '1.1', from, to, reason: 'r' } });

/** The events that take a task through `statuses`, in order. */
function changes(...statuses: TaskStatus[]): GivenEvent[] {
  let from: TaskStatus = 'not_started';
  return statuses.map((to) => {
    const event = changed(from, to);
    from = to;
    return event;
  });
}

const command = (to: TaskStatus, extra: Partial<ChangeTaskStatus> = {}): ChangeTaskStatus => ({
  type: 'ChangeTaskStatus',
  taskCode: '1.1',
  to,
  reason: '动员部署会已召开',
  now: NOW,
  planEffectiveAt: PLAN_EFFECTIVE,
  ...extra,
});

describe('task decider', () => {
  it('starts a task: not_started → in_progress', () => {
    task
      .given()
      .when(command('in_progress'))
      .then([{ type: 'TaskStatusChanged', data: { taskCode: '1.1', from: 'not_started', to: 'in_progress', reason: '动员部署会已召开' } }]);
  });

  it('follows the transition table (docs/domain.md) exactly: every allowed pair decides, every other pair is refused with the allowed ones', () => {
    // Reach each status by a legal path, then try every target.
    const paths: Record<TaskStatus, TaskStatus[]> = {
      not_started: [],
      in_progress: ['in_progress'],
      at_risk: ['in_progress', 'at_risk'],
      blocked: ['in_progress', 'blocked'],
      completed: ['in_progress', 'completed'],
      cancelled: ['cancelled'],
    };
    const expected: Record<TaskStatus, TaskStatus[]> = {
      not_started: ['in_progress', 'cancelled'],
      in_progress: ['at_risk', 'blocked', 'completed', 'cancelled'],
      at_risk: ['in_progress', 'blocked', 'completed', 'cancelled'],
      blocked: ['in_progress', 'at_risk', 'cancelled'],
      completed: ['in_progress'],
      cancelled: [],
    };
    expect(transitions).toEqual(expected);
    for (const from of TaskStatus.options) {
      const given = task.given(...changes(...paths[from]));
      expect(given.state.status).toBe(from);
      for (const to of TaskStatus.options) {
        const when = given.when(command(to, to === 'completed' ? { evidence: { summary: '验收报告' } } : {}));
        if (expected[from].includes(to)) when.thenMatches([{ data: { from, to } }]);
        else expect(when.thenThrows(TransitionRefused).allowed, `${from} → ${to}`).toEqual(expected[from]);
      }
    }
  });

  it('refuses a same-status change', () => {
    task
      .given(...changes('in_progress'))
      .when(command('in_progress'))
      .thenThrows(TransitionRefused);
  });

  it('needs an evidence summary to complete', () => {
    const given = task.given(...changes('in_progress'));
    given.when(command('completed')).thenThrows(RuleViolated);
    given.when(command('completed', { evidence: { summary: '  ' } })).thenThrows(Error, /evidence/);
    given
      .when(command('completed', { evidence: { summary: '中试平台备案文件', links: ['武科〔2023〕12号'] } }))
      .thenMatches([{ data: { evidence: { summary: '中试平台备案文件', links: ['武科〔2023〕12号'] } } }]);
    expect(given.when(command('completed', { evidence: { summary: '中试平台备案文件', links: ['武科〔2023〕12号'] } })).events()[0]!.data.evidence).toEqual({
      summary: '中试平台备案文件',
      links: ['武科〔2023〕12号'],
    });
  });

  it('reopens a completed task with a reason', () => {
    task
      .given(...changes('in_progress', 'completed'))
      .when(command('in_progress', { reason: '验收发现数据有误' }))
      .thenMatches([{ data: { from: 'completed', to: 'in_progress', reason: '验收发现数据有误' } }]);
  });

  it('needs a reason for every change', () => {
    task
      .given()
      .when(command('in_progress', { reason: ' ' }))
      .thenThrows(Error, /reason/);
  });

  it('takes an earlier effectiveAt, but not one in the future or before the plan took effect', () => {
    expect(
      task
        .given()
        .when(command('in_progress', { effectiveAt: '2023-04-10T02:00:00.000Z' }))
        .events()[0]!.effectiveAt,
    ).toBe('2023-04-10T02:00:00.000Z');
    task
      .given()
      .when(command('in_progress', { effectiveAt: '2026-11-27T08:00:00.001Z' }))
      .thenThrows(Error, /future/);
    task
      .given()
      .when(command('in_progress', { effectiveAt: '2023-03-01T00:00:00.000Z' }))
      .thenThrows(Error, /before the plan/);
  });

  it('counts every event of the stream in the revision', () => {
    expect(task.given().state.revision).toBe(0);
    expect(task.given(...changes('in_progress', 'at_risk')).state.revision).toBe(2);
  });
});
