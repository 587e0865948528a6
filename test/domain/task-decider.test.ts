// The task decider, as given events / when command / then events (or a refusal).
import { describe, expect, it } from 'vitest';
import { RuleViolated, TransitionRefused } from '../../src/domain/errors.ts';
import { decide, evolve, initialTaskState, type ChangeTaskStatus, type TaskState } from '../../src/domain/task.ts';
import { TaskStatus, transitions } from '../../src/domain/task-status.ts';

const NOW = '2026-11-27T08:00:00.000Z';
const PLAN_EFFECTIVE = '2023-03-22T16:00:00.000Z';

const changed = (from: TaskStatus, to: TaskStatus) => ({ type: 'TaskStatusChanged', data: { taskCode: '1.1', from, to, reason: 'r' } });

function given(...statuses: TaskStatus[]): TaskState {
  let state = initialTaskState;
  let from: TaskStatus = 'not_started';
  for (const to of statuses) {
    state = evolve(state, changed(from, to));
    from = to;
  }
  return state;
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
    expect(decide(command('in_progress'), given())).toEqual([
      { type: 'TaskStatusChanged', data: { taskCode: '1.1', from: 'not_started', to: 'in_progress', reason: '动员部署会已召开' } },
    ]);
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
      const state = given(...paths[from]);
      expect(state.status).toBe(from);
      for (const to of TaskStatus.options) {
        const cmd = command(to, to === 'completed' ? { evidence: { summary: '验收报告' } } : {});
        if (expected[from].includes(to)) {
          expect(decide(cmd, state)[0]!.data).toMatchObject({ from, to });
        } else {
          let error: unknown;
          try {
            decide(cmd, state);
          } catch (e) {
            error = e;
          }
          expect(error, `${from} → ${to}`).toBeInstanceOf(TransitionRefused);
          expect((error as TransitionRefused).allowed).toEqual(expected[from]);
        }
      }
    }
  });

  it('refuses a same-status change', () => {
    expect(() => decide(command('in_progress'), given('in_progress'))).toThrow(TransitionRefused);
  });

  it('needs an evidence summary to complete', () => {
    const state = given('in_progress');
    expect(() => decide(command('completed'), state)).toThrow(RuleViolated);
    expect(() => decide(command('completed', { evidence: { summary: '  ' } }), state)).toThrow(/evidence/);
    const [event] = decide(command('completed', { evidence: { summary: '中试平台备案文件', links: ['武科〔2023〕12号'] } }), state);
    expect(event!.data.evidence).toEqual({ summary: '中试平台备案文件', links: ['武科〔2023〕12号'] });
  });

  it('reopens a completed task with a reason', () => {
    const [event] = decide(command('in_progress', { reason: '验收发现数据有误' }), given('in_progress', 'completed'));
    expect(event!.data).toMatchObject({ from: 'completed', to: 'in_progress', reason: '验收发现数据有误' });
  });

  it('needs a reason for every change', () => {
    expect(() => decide(command('in_progress', { reason: ' ' }), given())).toThrow(/reason/);
  });

  it('takes an earlier effectiveAt, but not one in the future or before the plan took effect', () => {
    const [event] = decide(command('in_progress', { effectiveAt: '2023-04-10T02:00:00.000Z' }), given());
    expect(event!.effectiveAt).toBe('2023-04-10T02:00:00.000Z');
    expect(() => decide(command('in_progress', { effectiveAt: '2026-11-27T08:00:00.001Z' }), given())).toThrow(/future/);
    expect(() => decide(command('in_progress', { effectiveAt: '2023-03-01T00:00:00.000Z' }), given())).toThrow(/before the plan/);
  });

  it('counts every event of the stream in the revision', () => {
    expect(given().revision).toBe(0);
    expect(given('in_progress', 'at_risk').revision).toBe(2);
  });
});
