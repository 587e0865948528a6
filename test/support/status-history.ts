// A short history of task status changes with late reports (effectiveAt before recordedAt), for
// tests that compare read models at every (asOf, validAt): [recordedAt, task code, POST body].
export const statusHistory: readonly [at: string, code: string, body: Record<string, unknown>][] = [
  ['2026-11-28T01:00:00Z', '1.1', { status: 'in_progress', reason: '启动' }],
  ['2026-11-28T02:00:00Z', '2.1', { status: 'in_progress', reason: '启动' }],
  ['2026-11-29T03:00:00Z', '1.1', { status: 'at_risk', reason: '滞后', effectiveAt: '2026-11-28T12:00:00Z' }],
  ['2026-12-02T03:00:00Z', '4.2', { status: 'in_progress', reason: '启动', effectiveAt: '2026-11-20T00:00:00+08:00' }],
  ['2026-12-03T03:00:00Z', '1.1', { status: 'in_progress', reason: '恢复' }],
  ['2026-12-04T03:00:00Z', '1.1', { status: 'completed', reason: '完成', evidence: { summary: '验收' }, effectiveAt: '2026-12-03T09:00:00Z' }],
  ['2026-12-05T03:00:00Z', '2.1', { status: 'blocked', reason: '资金', effectiveAt: '2026-12-01T00:00:00Z' }],
];
