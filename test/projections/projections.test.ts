// The projections as pure folds: given recorded events, then state; a prefix gives the past state.
import { describe, expect, it } from 'vitest';
import { auditTrail } from '../../projections/audit-trail.ts';
import { planCatalogue } from '../../projections/plan-catalogue.ts';
import { fold } from '../../projections/projection.ts';
import { taskStatus } from '../../projections/task-status.ts';
import { PlanDefinition } from '../../src/domain/plan.ts';
import type { RecordedEvent } from '../../src/store/event-store.ts';

const plan = PlanDefinition.parse({
  id: 'demo',
  title: '示范方案',
  issuer: 'office',
  issuedOn: '2024-01-02',
  timeZone: 'Asia/Shanghai',
  units: [
    { id: 'office', name: '办公厅', level: 'government' },
    { id: 'a', name: '甲局', level: 'department' },
  ],
  sections: [{ number: 1, title: '第一部分' }],
  tasks: [
    { code: '1.1', section: 1, item: 1, title: '任务一', text: '任务一的全文', leadUnits: ['a'] },
    { code: '1.2', section: 1, item: 2, title: '任务二', text: '任务二的全文', leadUnits: ['a'] },
  ],
});

const actor = { id: 'local', role: 'office' };
let position = 0;
function recorded(streamId: string, streamRevision: number, type: string, data: unknown, recordedAt: string, effectiveAt = recordedAt): RecordedEvent {
  position += 1;
  return {
    eventId: `e${position}`,
    type,
    streamId,
    streamRevision,
    globalPosition: position,
    planId: 'demo',
    recordedAt,
    effectiveAt,
    actor,
    correlationId: `e${position}`,
    causationId: null,
    schemaVersion: 1,
    data,
    hash: `h${position}`,
    prevHash: null,
  };
}

const events = [
  recorded('plan-demo', 0, 'PlanAdopted', { plan }, '2026-01-01T00:00:00.000Z', '2024-01-01T16:00:00.000Z'),
  recorded('task-demo:1.1', 0, 'TaskStatusChanged', { taskCode: '1.1', from: 'not_started', to: 'in_progress', reason: '开始' }, '2026-01-02T00:00:00.000Z'),
  recorded('task-demo:1.1', 1, 'TaskStatusChanged', { taskCode: '1.1', from: 'in_progress', to: 'completed', reason: '完成', evidence: { summary: '验收' } }, '2026-01-03T00:00:00.000Z', '2025-12-30T00:00:00.000Z'),
];

describe('task-status', () => {
  it('starts every task of an adopted plan at not_started, since the plan took effect', () => {
    const state = fold(taskStatus, events.slice(0, 1));
    expect([...state.get('demo')!.values()].map((t) => [t.code, t.status, t.since, t.revision])).toEqual([
      ['1.1', 'not_started', '2024-01-01T16:00:00.000Z', 0],
      ['1.2', 'not_started', '2024-01-01T16:00:00.000Z', 0],
    ]);
  });

  it('follows each change: status, since (valid time), recordedAt, reason, evidence, revision', () => {
    const task = fold(taskStatus, events).get('demo')!.get('1.1')!;
    expect(task).toMatchObject({
      status: 'completed',
      since: '2025-12-30T00:00:00.000Z',
      recordedAt: '2026-01-03T00:00:00.000Z',
      reason: '完成',
      evidence: { summary: '验收' },
      revision: 2,
      globalPosition: 3,
    });
    expect(fold(taskStatus, events).get('demo')!.get('1.2')!.status).toBe('not_started');
  });

  it('gives the past state from a prefix of the events', () => {
    expect(fold(taskStatus, events.slice(0, 2)).get('demo')!.get('1.1')!.status).toBe('in_progress');
    expect(fold(taskStatus, []).size).toBe(0);
  });

  it('is deterministic: folding twice gives equal states', () => {
    expect(fold(taskStatus, events)).toEqual(fold(taskStatus, events));
  });
});

describe('plan-catalogue', () => {
  it('keeps each adopted plan with its adoption', () => {
    const plans = fold(planCatalogue, events);
    expect(plans.get('demo')).toMatchObject({ recordedAt: '2026-01-01T00:00:00.000Z', effectiveAt: '2024-01-01T16:00:00.000Z', adoptedBy: actor, globalPosition: 1 });
    expect(plans.get('demo')!.definition.title).toBe('示范方案');
  });
});

describe('audit-trail', () => {
  it('has a row per event in store order with a one-line summary and the reason', () => {
    const rows = fold(auditTrail, events);
    expect(rows.map((r) => [r.globalPosition, r.type, r.summary, r.reason])).toEqual([
      [1, 'PlanAdopted', 'plan demo adopted: 示范方案 (2 tasks, 0 indicators)', null],
      [2, 'TaskStatusChanged', 'task 1.1: not_started → in_progress', '开始'],
      [3, 'TaskStatusChanged', 'task 1.1: in_progress → completed', '完成'],
    ]);
    expect(rows[2]).toMatchObject({ recordedAt: '2026-01-03T00:00:00.000Z', effectiveAt: '2025-12-30T00:00:00.000Z', actor, streamId: 'task-demo:1.1' });
  });
});
