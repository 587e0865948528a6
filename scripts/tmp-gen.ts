import { readFileSync } from 'node:fs';
import { SqliteEventStore } from '../src/store/sqlite-event-store.ts';
const file = process.argv[2]!; const N = Number(process.argv[3] ?? 300000);
const wuhan = JSON.parse(readFileSync('plans/wuhan-2023-p1.json', 'utf8'));
let t = Date.parse('2026-01-01T00:00:00Z');
const store = SqliteEventStore.open(file, { clock: () => new Date(t) });
const plans = Math.ceil(N / 15 / 300);
const actor = { id: 'bench', role: 'office' };
let id = 0; const nid = () => `00000000-0000-7000-8000-${String(++id).padStart(12, '0')}`;
for (let p = 0; p < plans; p++) {
  const plan = { ...wuhan, id: `bench-${String(p).padStart(4, '0')}` };
  await store.append(`plan-${plan.id}`, [{ eventId: nid(), type: 'PlanAdopted', planId: plan.id, data: { plan }, actor, effectiveAt: '2023-03-22T16:00:00.000Z' }]);
}
const cycle = ['in_progress', 'at_risk', 'blocked', 'in_progress', 'completed', 'in_progress'];
const tasks = []; for (let p = 0; p < plans; p++) for (const task of wuhan.tasks) tasks.push({ planId: `bench-${String(p).padStart(4, '0')}`, code: task.code, status: 'not_started', rev: -1, i: 0, eff: Date.parse('2025-12-01T00:00:00Z') });
let written = plans; const started = performance.now();
while (written < N) {
  for (const task of tasks) {
    if (written >= N) break;
    t += 60_000;
    const evs = [];
    for (let k = 0; k < 50; k++) {
      const to = cycle[task.i++ % cycle.length]!;
      task.eff = Math.min(t, task.eff + 10_000 + (k === 0 && Math.random() < 0.1 ? 0 : 0));
      evs.push({ eventId: nid(), type: 'TaskStatusChanged', planId: task.planId, actor, effectiveAt: new Date(Math.min(task.eff, t)).toISOString(), data: { taskCode: task.code, from: task.status, to, reason: '已完成年度目标的60%，正在推进项目签约', ...(to === 'completed' ? { evidence: { summary: '验收报告' } } : {}) } });
      task.status = to;
    }
    await store.append(`task-${task.planId}:${task.code}`, evs, { expectedRevision: task.rev === -1 ? 'no_stream' : task.rev });
    task.rev += 50; written += 50;
  }
}
console.log(`generated ${written} events in ${((performance.now() - started) / 1000).toFixed(1)} s`);
await store.close();
