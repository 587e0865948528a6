// The projections as pure folds: given recorded events, then state; a prefix gives the past state.
import { describe, expect, it } from 'vitest';
import { auditIndexEntry, summarize } from '../../projections/audit.ts';
import { planCatalogue } from '../../projections/plan.ts';
import { foldKey } from '../../projections/projection.ts';
import { taskStatus } from '../../projections/task.ts';
import { asDomainEvent } from '../../src/domain/events.ts';
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
  recorded(
    'task-demo:1.1',
    1,
    'TaskStatusChanged',
    { taskCode: '1.1', from: 'in_progress', to: 'completed', reason: '完成', evidence: { summary: '验收' } },
    '2026-01-03T00:00:00.000Z',
    '2025-12-30T00:00:00.000Z',
  ),
];

const task = (code: string, upTo = events.length) => foldKey(taskStatus, `demo:${code}`, events.slice(0, upTo));

describe('task-status', () => {
  it('keys each task by plan and code: an adoption touches every task, a change only its own', () => {
    expect(taskStatus.keysOf(asDomainEvent(events[0]!))).toEqual(['demo:1.1', 'demo:1.2']);
    expect(taskStatus.keysOf(asDomainEvent(events[1]!))).toEqual(['demo:1.1']);
  });

  it('starts every task of an adopted plan at not_started, since the plan took effect', () => {
    expect(['1.1', '1.2'].map((code) => task(code, 1)).map((t) => [t!.code, t!.status, t!.since, t!.revision])).toEqual([
      ['1.1', 'not_started', '2024-01-01T16:00:00.000Z', 0],
      ['1.2', 'not_started', '2024-01-01T16:00:00.000Z', 0],
    ]);
  });

  it('follows each change: status, since (valid time), recordedAt, reason, evidence, revision', () => {
    expect(task('1.1')).toMatchObject({
      status: 'completed',
      since: '2025-12-30T00:00:00.000Z',
      recordedAt: '2026-01-03T00:00:00.000Z',
      reason: '完成',
      evidence: { summary: '验收' },
      revision: 2,
      globalPosition: 3,
    });
    expect(task('1.2')!.status).toBe('not_started');
  });

  it('gives the past state from a prefix of the events', () => {
    expect(task('1.1', 2)!.status).toBe('in_progress');
    expect(task('1.1', 0)).toBeUndefined();
  });

  it('is pure: it never changes the state it is handed', () => {
    const before = task('1.1', 2)!;
    const copy = structuredClone(before);
    taskStatus.evolve(before, asDomainEvent(events[2]!), 'demo:1.1');
    expect(before).toEqual(copy);
  });
});

describe('plan-catalogue', () => {
  it('keeps each adopted plan with its adoption', () => {
    const plan = foldKey(planCatalogue, 'demo', events);
    expect(plan).toMatchObject({ recordedAt: '2026-01-01T00:00:00.000Z', effectiveAt: '2024-01-01T16:00:00.000Z', adoptedBy: actor, globalPosition: 1 });
    expect(plan!.definition.title).toBe('示范方案');
  });
});

describe('audit-trail', () => {
  it('indexes each event by plan, stream, task, type, actor and both times', () => {
    expect(auditIndexEntry(asDomainEvent(events[2]!))).toEqual({
      globalPosition: 3,
      planId: 'demo',
      streamId: 'task-demo:1.1',
      type: 'TaskStatusChanged',
      actorId: 'local',
      unitId: null,
      recordedAt: '2026-01-03T00:00:00.000Z',
      effectiveAt: '2025-12-30T00:00:00.000Z',
    });
  });

  it("summarises each event in the plan's language, with before → after and Chinese labels beside the codes", () => {
    expect(events.map((e) => summarize(asDomainEvent(e)).summary)).toEqual([
      '印发工作方案 示范方案（2 项任务，0 项指标）',
      '任务 1.1：未启动 → 推进中',
      '任务 1.1：推进中 → 已完成',
    ]);
    expect(summarize(asDomainEvent(events[2]!))).toEqual({
      summary: '任务 1.1：推进中 → 已完成',
      reason: '完成',
      changes: [{ field: 'status', before: 'in_progress', beforeLabel: '推进中', after: 'completed', afterLabel: '已完成' }],
    });
  });
});
