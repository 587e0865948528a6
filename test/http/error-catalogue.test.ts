// Every error the layers raise has its texts in the one catalogue, in English and in Chinese, and
// answers as a Problem by its kind. A new code without Chinese fails here (and SAMPLES's type makes
// TypeScript ask for a sample of it); a new error class without a sample below fails here too.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_KINDS, KnownError } from '../../src/domain/errors.ts';
import { MESSAGES, type MessageCode, type ParamsOf, textOf } from '../../src/domain/messages.ts';
import { toProblem } from '../../src/http/problem.ts';
import { ConcurrencyError, DuplicateEventError, StoreError } from '../../src/store/errors.ts';

const CJK = /[\u4e00-\u9fff]/;
const src = new URL('../../src/', import.meta.url).pathname;

/** Facts for each code's texts: one per variant of the text. */
const SAMPLES: { [C in MessageCode]: [ParamsOf<C>, ...ParamsOf<C>[]] } = {
  'text-too-long': [{ max: 2000 }],
  'text-bidi-control': [{ cp: 'U+202E' }],
  'text-control': [{ cp: 'U+0007' }],
  'text-single-line': [{}],
  'text-lone-surrogate': [{}],
  'text-invisible': [{}],
  'link-form': [{ example: '武政办〔2023〕12号' }],
  'document-number-form': [{ example: '武政办〔2023〕12号' }],
  'decimal-form': [{ integerDigits: 15, fractionDigits: 6 }],
  'period-form': [{ example: '2023-Q2' }],
  'transition-refused': [
    { from: 'not_started', to: 'completed', allowed: ['in_progress', 'cancelled'] },
    { from: 'cancelled', to: 'in_progress', allowed: [] },
  ],
  'plan-not-found': [
    { planId: 'p' },
    { planId: 'p', why: { because: 'no-leading-group' } },
    {
      planId: 'p',
      why: { because: 'not-yet-recorded', asOf: '2023-01-01T00:00:00Z', recordedAt: '2023-02-01T00:00:00Z', effectiveFrom: '2023-02-01T00:00:00Z' },
    },
    { planId: 'p', why: { because: 'not-yet-in-effect', validAt: '2023-01-01T00:00:00Z' } },
  ],
  'task-not-found': [{ planId: 'p', taskCode: '1.1' }],
  'plan-already-adopted': [{ planId: 'p' }],
  'valid-time-conflict': (
    [
      'task',
      'plan-amendment',
      'amendment-withdrawal',
      'evaluation',
      'meeting',
      'meeting-action-item',
      'action-item',
      'annual-summary',
      'inspection',
      'handling-plan',
      'indicator',
      'leading-group',
      'reminder',
      'progress',
    ] as const
  ).map((of) => ({
    effectiveAt: '2023-05-01T00:00:00Z',
    previousEffectiveAt: '2023-06-01T00:00:00Z',
    currentStatus: 'in_progress',
    of,
    unitId: 'jxj',
    period: '2023-05',
    revision: 2,
  })) as [ParamsOf<'valid-time-conflict'>],
  'unit-not-found': [
    { planId: 'p', unitId: 'u' },
    { planId: 'p', unitId: 'u', owes: 'handling plan' },
    { planId: 'p', unitId: 'u', owes: 'annual summary' },
  ],
  forbidden: [
    { rule: 'change-own-value', valueId: 'v1', owner: 'jrj', unitId: 'jxj' },
    { rule: 'change-own-value', valueId: 'v1', owner: null, unitId: 'jxj' },
    { rule: 'report-own-unit', unitId: 'jxj', forUnit: 'jrj' },
    { rule: 'withdraw-own-report', reportId: 'r1', owner: 'jrj', unitId: 'jxj' },
    { rule: 'token-plan', access: 'bound-elsewhere', boundTo: ['p'], planId: 'q' },
    { rule: 'token-plan', access: 'system-events', planId: '_system' },
    { rule: 'unit-reads-own-plan', access: 'name-it' },
    { rule: 'unit-reads-own-plan', access: 'whole-store' },
    { rule: 'store-wide-token', access: 'whole-store', boundTo: ['p'] },
    ...(
      [
        'write-office',
        'write-cppcc',
        'write-action-item-unit',
        'write-own-unit',
        'task-status-by-office-or-lead',
        'write-task-member',
        'indicator-by-office-or-task-unit',
      ] as const
    ).map((rule) => ({ rule, access: 'role', role: 'supervisor' }) as const),
    ...(['write-action-item-unit', 'task-status-by-office-or-lead', 'write-task-member', 'indicator-by-office-or-task-unit'] as const).map(
      (rule) => ({ rule, access: 'unnamed' }) as const,
    ),
    { rule: 'write-own-unit', access: 'other-unit', unitId: 'jxj', forUnit: 'jrj' },
    { rule: 'write-action-item-unit', access: 'other-unit', itemId: 'i1', assignedTo: 'jrj', unitId: 'jxj' },
    { rule: 'task-status-by-office-or-lead', access: 'other-unit', unitId: 'jxj', taskCode: '1.1', leads: '市发改委' },
    { rule: 'write-task-member', access: 'other-unit', unitId: 'jxj', taskCode: '1.1', leads: '市发改委', responsible: '市科技局' },
    { rule: 'indicator-by-office-or-task-unit', access: 'other-unit', unitId: 'jxj', taskCode: '1.1', leads: '市发改委', responsible: '市科技局' },
  ],
  unauthorized: [
    { because: 'no-token' },
    { because: 'not-bearer' },
    { because: 'unknown' },
    { because: 'weak', weakness: 'it has only 10 characters', recipe: 'openssl rand -base64 32' },
    { because: 'revoked', at: '2023-06-01T00:00:00Z' },
    { because: 'expired', at: '2023-06-01T00:00:00Z' },
  ],
  'amendment-not-found': [{ planId: 'p', revision: 3 }],
  'amendment-not-latest': [{ revision: 1, latest: 2 }],
  'evaluation-not-found': [{ planId: 'p', evaluationId: 'e1' }],
  'evaluation-not-current': [
    { evaluationId: 'e1', scope: 'task:1.1', current: 'e2', at: '2023-06-01T00:00:00Z' },
    { evaluationId: 'e1', scope: 'overall', current: null },
  ],
  'evaluation-not-reopenable': [
    { evaluationId: 'e1', rating: null },
    { evaluationId: 'e1', rating: 'satisfied' },
  ],
  'meeting-not-found': [{ planId: 'p', meetingId: 'm1' }],
  'meeting-state-conflict': (['schedule', 'minutes', 'cancel', 'withdraw'] as const).map((attempt) => ({ meetingId: 'm1', status: 'held', attempt })) as [
    ParamsOf<'meeting-state-conflict'>,
  ],
  'task-not-completed': [{ taskCode: '1.1', status: 'in_progress' }],
  'action-item-not-found': [{ planId: 'p', itemId: 'i1' }],
  'action-item-state-conflict': [{ itemId: 'i1', status: 'closed' }],
  'annual-summary-not-submitted': [{ unitId: 'jxj', year: 2023 }],
  'inspection-not-found': [{ planId: 'p', inspectionId: 'v1' }],
  'inspection-state-conflict': [{ inspectionId: 'v1' }],
  'handling-plan-state-conflict': [
    { unitId: 'jxj', status: 'filed', attempt: 'submit' },
    { unitId: 'jxj', status: 'not_submitted', attempt: 'file' },
    { unitId: 'jxj', status: 'returned', attempt: 'file' },
    { unitId: 'jxj', status: 'not_submitted', attempt: 'withdraw' },
    { unitId: 'jxj', status: 'filed', attempt: 'withdraw' },
    { unitId: 'jxj', status: 'returned', attempt: 'withdraw' },
  ],
  'bulletin-already-published': [{ period: '2023-Q2', publishedAt: '2023-07-05T00:00:00Z' }],
  'bulletin-not-published': [{ planId: 'p', period: '2023-Q2', asOf: '2023-07-01T00:00:00Z' }],
  'indicator-not-found': [{ planId: 'p', indicatorId: 'ind-1' }],
  'indicator-value-not-found': [{ indicatorId: 'ind-1', valueId: 'v9' }],
  'replacement-not-found': [{ planId: 'p', replacementId: 'r1' }],
  'replacement-not-latest': [{ replacementId: 'r1' }, { replacementId: 'r1', seat: 'deputy-1', latest: 'r2' }],
  'seat-holder-mismatch': [{ seat: 'leader', named: '张三', holder: '李四' }],
  'alert-not-found': [
    { alertId: 'x', why: { because: 'malformed' } },
    { alertId: 'task:1.1:u', why: { because: 'no-unit', planId: 'p', unitId: 'u' } },
    { alertId: 'task:9.9:jxj', why: { because: 'no-task', planId: 'p', taskCode: '9.9' } },
    { alertId: 'action-item:i9', why: { because: 'no-action-item', planId: 'p', itemId: 'i9', at: '2023-06-01T00:00:00Z' } },
    { alertId: 'handling-plan:jxj', why: { because: 'owes-nothing', unitId: 'jxj', at: '2023-06-01T00:00:00Z' } },
  ],
  'alert-not-due': [
    { alertId: 'task:1.1:jxj', at: '2023-06-01T00:00:00Z', light: 'green' },
    { alertId: 'task:1.1:jxj', at: '2023-06-01T00:00:00Z', light: 'red' },
  ],
  'report-not-found': [{ taskCode: '1.1', reportId: 'r1' }],
  'precondition-failed': [{ currentEtag: '"3"' }],
  'not-yet-applied': [{ wanted: 10, applied: 8, waitedMs: 2000 }],
  'invalid-plan-file': [{ file: 'plan.json', issues: [{ path: 'tasks.0', message: 'Required' }] }],
  'concurrent-change': [{ streamId: 'task-p:1.1', expected: '2', actual: 3 }],
  'already-applied': [{ eventId: '0191c4a0-0000-7000-8000-000000000000' }],
  'effective-at-in-future': [{}],
  'effective-at-before-plan': [{ planEffectiveAt: '2023-05-10T00:00:00Z' }],
  'backdate-too-far': [{ days: 2, effectiveAt: '2023-05-01T00:00:00Z' }],
  'before-changed-value': [
    { change: 'correction', notBefore: '2023-05-01T00:00:00Z' },
    { change: 'withdrawal', notBefore: '2023-05-01T00:00:00Z' },
  ],
  'unit-or-group-unknown': [{ planId: 'p', unitId: 'u' }],
  'unit-unknown': [{ unitId: 'u' }, { unitId: 'u', planId: 'p' }],
  'task-unknown': [{ taskCode: '9.9' }, { taskCode: '9.9', planId: 'p' }, { taskCode: '9.9', tasks: ['1.1', '1.2'] }],
  'indicator-unknown': [{ planId: 'p', indicatorId: 'ind-9' }],
  'outside-plan-span': [
    { what: '2030-01', first: '2023-05', last: '2025-12' },
    { what: '2020-01', first: '2023-05', last: null },
  ],
  'period-not-begun-at-valid-at': [{ period: '2023-07', validAt: '2023-06-01T00:00:00Z' }],
  'period-not-begun-at-as-of': [{ period: '2023-Q3', asOf: '2023-06-01T00:00:00Z' }],
  'cursor-unknown': [{}],
  'needs-plan-id': [{ field: 'taskCode' }],
  'effective-at-and-as-of-date': [{}],
  'as-of-date-in-future': [{}],
  'indicator-unit-mismatch': [{ indicatorId: 'ind-1', unit: '家', given: '个' }],
  'indicator-whole-number': [{ unit: '家', value: '2.5' }],
  'value-withdrawn': [{ valueId: 'v1' }],
  'correction-changes-nothing': [{ valueId: 'v1', value: '150' }],
  'correction-needs-reason': [{}],
  'withdrawal-needs-reason': [{}],
  'status-change-needs-reason': [{}],
  'completion-needs-evidence': [{}],
  'reopen-to-in-progress': [{}],
  'plan-not-adopted': [{}],
  'amendment-changes-nothing': [
    { what: 'task-units', id: '1.1' },
    { what: 'task-deadline', id: '1.1' },
    { what: 'indicator-target', id: 'ind-1' },
    { what: 'report-due-day' },
    { what: 'yellow-window' },
  ],
  'amendment-names-no-list': [{}],
  'task-needs-lead-unit': [{}],
  'unit-named-twice': [{ unitId: 'jxj' }],
  'deadline-before-issue': [{ issuedOn: '2023-05-10' }],
  'amended-plan-invalid': [{ issues: 'tasks.0.deadline: Invalid' }],
  'dissatisfied-needs-comments': [{}],
  'meeting-before-plan': [{ planEffectiveAt: '2023-05-10T00:00:00Z', scheduledFor: '2023-05-01T00:00:00Z' }],
  'meeting-too-far-ahead': [{ days: 366, scheduledFor: '2030-01-01T00:00:00Z' }],
  'action-item-to-group': [{ unitId: 'districts', groupName: '各区' }],
  'action-item-due-before-assigned': [{ at: '2023-05-10T00:00:00Z', dueDate: '2023-05-09' }],
  'extension-not-later': [{ dueDate: '2023-06-30', requested: '2023-06-01' }],
  'annual-summary-before-plan-year': [{ planYear: 2023, year: 2022 }],
  'annual-summary-year-not-begun': [{ year: 2024, atYear: 2023 }],
  'unit-owes-no-handling-plan': [{ unitId: 'jxj' }],
  'measure-task-not-owed': [{ unitId: 'jxj', taskCode: '9.9', tasks: ['1.1', '1.2'] }],
  'return-needs-reason': [{}],
  'bulletin-before-quarter-end': [{ period: '2023-Q2', periodEnd: '2023-07-01T00:00:00+08:00', at: '2023-06-30T00:00:00Z' }],
  'seat-unknown': [{ seat: 'deputy-9', deputies: 3, members: 12 }],
  'successor-already-holds': [{ name: '张三', seat: 'leader' }],
  'report-withdrawn': [{ reportId: 'r1' }],
  'report-by-group': [{ unitId: 'districts', groupName: '各区', example: 'jax' }],
  'unit-not-on-task': [{ unitId: 'jxj', taskCode: '1.1' }],
  'period-not-begun': [{ period: '2023-07' }],
  'report-before-month': [{ period: '2023-06', periodStart: '2023-06-01T00:00:00+08:00', at: '2023-05-30T00:00:00Z' }],
  'token-needs-name': [{}],
  'unit-token-needs-unit': [{}],
  'unit-token-needs-plan': [{}],
  'only-unit-token-names-unit': [{ role: 'supervisor' }],
  'expiry-past': [{ expiresAt: '2020-01-01T00:00:00Z' }],
  'expiry-unreadable': [{ expires: 'tomorrow' }],
  'token-too-weak': [{ weakness: 'it has only 10 characters', recipe: 'openssl rand -base64 32' }],
  'token-already-issued': [{ tokenId: 't1' }],
  'token-unknown': [{ tokenId: 't1' }],
  'token-already-revoked': [{ tokenId: 't1', revokedAt: '2023-06-01T00:00:00Z' }],
  'unit-in-several-plans': [{ planIds: ['p', 'q'], unitId: 'jxj' }],
  'unit-in-no-plan': [{ unitId: 'u', planIds: ['p'] }],
};

describe('the message catalogue', () => {
  it('has an English and a Chinese text for every code, every variant of its facts', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(MESSAGES).sort());
    for (const [code, samples] of Object.entries(SAMPLES) as [MessageCode, object[]][]) {
      for (const params of samples) {
        const en = textOf(code, params, 'en');
        const zh = textOf(code, params, 'zh');
        expect(en.trim(), `${code} en`).not.toBe('');
        expect(en, `${code} en`).not.toMatch(/undefined|\[object/);
        expect(zh, `${code} zh`).toMatch(CJK);
        expect(zh, `${code} zh`).not.toMatch(/undefined|\[object/);
      }
    }
  });
});

/** One instance of each error class, the class named by the file that holds it. */
const INSTANCES: Record<string, () => Promise<Error>> = {
  'domain/errors.ts#TransitionRefused': async () => new (await import('../../src/domain/errors.ts')).TransitionRefused('blocked', 'completed', ['in_progress']),
  'domain/errors.ts#RuleViolated': async () => new (await import('../../src/domain/errors.ts')).RuleViolated('reason', { rule: 'status-change-needs-reason' }),
  'domain/errors.ts#PlanNotFound': async () => new (await import('../../src/domain/errors.ts')).PlanNotFound('p'),
  'domain/errors.ts#TaskNotFound': async () => new (await import('../../src/domain/errors.ts')).TaskNotFound('p', '9.9'),
  'domain/errors.ts#PlanAlreadyAdopted': async () => new (await import('../../src/domain/errors.ts')).PlanAlreadyAdopted('p'),
  'domain/errors.ts#ValidTimeConflict': async () =>
    new (await import('../../src/domain/errors.ts')).ValidTimeConflict('2023-05-01T00:00:00Z', '2023-06-01T00:00:00Z', 'blocked'),
  'domain/errors.ts#UnitNotFound': async () => new (await import('../../src/domain/errors.ts')).UnitNotFound('p', 'u'),
  'domain/errors.ts#NotOwnRecord': async () =>
    new (await import('../../src/domain/errors.ts')).NotOwnRecord({ rule: 'report-own-unit', unitId: 'jxj', forUnit: 'jrj' }),
  'domain/plan-amendment.ts#AmendmentNotFound': async () => new (await import('../../src/domain/plan-amendment.ts')).AmendmentNotFound('p', 3),
  'domain/plan-amendment.ts#AmendmentNotLatest': async () => new (await import('../../src/domain/plan-amendment.ts')).AmendmentNotLatest(1, 2),
  'domain/plan-amendment.ts#WithdrawalValidTimeConflict': async () =>
    new (await import('../../src/domain/plan-amendment.ts')).WithdrawalValidTimeConflict(1, '2023-05-01T00:00:00Z', '2023-06-01T00:00:00Z'),
  'domain/plan-amendment.ts#PlanAmendmentValidTimeConflict': async () =>
    new (await import('../../src/domain/plan-amendment.ts')).PlanAmendmentValidTimeConflict('2023-05-01T00:00:00Z', '2023-06-01T00:00:00Z'),
  'domain/evaluation.ts#EvaluationNotFound': async () => new (await import('../../src/domain/evaluation.ts')).EvaluationNotFound('p', 'e1'),
  'domain/evaluation.ts#EvaluationNotCurrent': async () => new (await import('../../src/domain/evaluation.ts')).EvaluationNotCurrent('e1', 'overall', null),
  'domain/evaluation.ts#EvaluationNotReopenable': async () => new (await import('../../src/domain/evaluation.ts')).EvaluationNotReopenable('e1', 'satisfied'),
  'domain/evaluation.ts#EvaluationValidTimeConflict': async () =>
    new (await import('../../src/domain/evaluation.ts')).EvaluationValidTimeConflict('2023-05-01T00:00:00Z', '2023-06-01T00:00:00Z'),
  'domain/meeting.ts#MeetingNotFound': async () => new (await import('../../src/domain/meeting.ts')).MeetingNotFound('p', 'm1'),
  'domain/meeting.ts#MeetingStateConflict': async () => new (await import('../../src/domain/meeting.ts')).MeetingStateConflict('m1', 'held', 'cancel'),
  'domain/meeting.ts#MeetingValidTimeConflict': async () =>
    new (await import('../../src/domain/meeting.ts')).MeetingValidTimeConflict('2023-05-01T00:00:00Z', '2023-06-01T00:00:00Z', 'held'),
  'domain/task.ts#TaskNotCompleted': async () => new (await import('../../src/domain/task.ts')).TaskNotCompleted('1.1', 'in_progress'),
  'domain/action-item.ts#ActionItemNotFound': async () => new (await import('../../src/domain/action-item.ts')).ActionItemNotFound('p', 'i1'),
  'domain/action-item.ts#ActionItemStateConflict': async () => new (await import('../../src/domain/action-item.ts')).ActionItemStateConflict('i1', 'closed'),
  'domain/action-item.ts#ActionItemValidTimeConflict': async () =>
    new (await import('../../src/domain/action-item.ts')).ActionItemValidTimeConflict('2023-05-01T00:00:00Z', '2023-06-01T00:00:00Z', 'open'),
  'domain/annual-summary.ts#AnnualSummaryNotSubmitted': async () =>
    new (await import('../../src/domain/annual-summary.ts')).AnnualSummaryNotSubmitted('jxj', 2023),
  'domain/annual-summary.ts#AnnualSummaryValidTimeConflict': async () =>
    new (await import('../../src/domain/annual-summary.ts')).AnnualSummaryValidTimeConflict('2023-05-01T00:00:00Z', '2023-06-01T00:00:00Z'),
  'domain/inspection.ts#InspectionNotFound': async () => new (await import('../../src/domain/inspection.ts')).InspectionNotFound('p', 'v1'),
  'domain/inspection.ts#InspectionStateConflict': async () => new (await import('../../src/domain/inspection.ts')).InspectionStateConflict('v1'),
  'domain/inspection.ts#InspectionValidTimeConflict': async () =>
    new (await import('../../src/domain/inspection.ts')).InspectionValidTimeConflict('2023-05-01T00:00:00Z', '2023-06-01T00:00:00Z'),
  'domain/handling-plan.ts#HandlingPlanStateConflict': async () =>
    new (await import('../../src/domain/handling-plan.ts')).HandlingPlanStateConflict('jxj', 'filed', 'withdraw'),
  'domain/handling-plan.ts#HandlingPlanValidTimeConflict': async () =>
    new (await import('../../src/domain/handling-plan.ts')).HandlingPlanValidTimeConflict('2023-05-01T00:00:00Z', '2023-06-01T00:00:00Z', 'submitted'),
  'domain/bulletin.ts#BulletinAlreadyPublished': async () =>
    new (await import('../../src/domain/bulletin.ts')).BulletinAlreadyPublished('2023-Q2', '2023-07-05T00:00:00Z'),
  'domain/bulletin.ts#BulletinNotPublished': async () =>
    new (await import('../../src/domain/bulletin.ts')).BulletinNotPublished('p', '2023-Q2', '2023-07-01T00:00:00Z'),
  'domain/indicator.ts#IndicatorNotFound': async () => new (await import('../../src/domain/indicator.ts')).IndicatorNotFound('p', 'ind-1'),
  'domain/indicator.ts#IndicatorValueNotFound': async () => new (await import('../../src/domain/indicator.ts')).IndicatorValueNotFound('ind-1', 'v9'),
  'domain/indicator.ts#IndicatorValidTimeConflict': async () =>
    new (await import('../../src/domain/indicator.ts')).IndicatorValidTimeConflict('2023-05-01T00:00:00Z', '2023-06-01T00:00:00Z'),
  'domain/leading-group.ts#ReplacementNotFound': async () => new (await import('../../src/domain/leading-group.ts')).ReplacementNotFound('p', 'r1'),
  'domain/leading-group.ts#ReplacementNotLatest': async () =>
    new (await import('../../src/domain/leading-group.ts')).ReplacementNotLatest('r1', { seat: 'leader', latest: 'r2' }),
  'domain/leading-group.ts#SeatHolderMismatch': async () =>
    new (await import('../../src/domain/leading-group.ts')).SeatHolderMismatch('leader', '张三', '李四'),
  'domain/leading-group.ts#LeadingGroupValidTimeConflict': async () =>
    new (await import('../../src/domain/leading-group.ts')).LeadingGroupValidTimeConflict('2023-05-01T00:00:00Z', '2023-06-01T00:00:00Z'),
  'domain/reminder.ts#AlertNotFound': async () => new (await import('../../src/domain/reminder.ts')).AlertNotFound('x', { because: 'malformed' }),
  'domain/reminder.ts#AlertNotDue': async () => new (await import('../../src/domain/reminder.ts')).AlertNotDue('task:1.1:jxj', '2023-06-01T00:00:00Z', 'green'),
  'domain/reminder.ts#ReminderValidTimeConflict': async () =>
    new (await import('../../src/domain/reminder.ts')).ReminderValidTimeConflict('2023-05-01T00:00:00Z', '2023-06-01T00:00:00Z', 'jxj'),
  'domain/progress.ts#ProgressReportNotFound': async () => new (await import('../../src/domain/progress.ts')).ProgressReportNotFound('1.1', 'r1'),
  'domain/progress.ts#NotOwnReport': async () => new (await import('../../src/domain/progress.ts')).NotOwnReport('r1', 'jrj', 'jxj'),
  'domain/progress.ts#ProgressValidTimeConflict': async () =>
    new (await import('../../src/domain/progress.ts')).ProgressValidTimeConflict('2023-05-01T00:00:00Z', '2023-06-01T00:00:00Z', '2023-05'),
  'app/errors.ts#PreconditionFailed': async () => new (await import('../../src/app/errors.ts')).PreconditionFailed('"3"'),
  'app/errors.ts#InvalidPlanFile': async () =>
    new (await import('../../src/app/errors.ts')).InvalidPlanFile('plan.json', [{ path: '', message: 'Unexpected token' }]),
  'app/errors.ts#NotYetApplied': async () => new (await import('../../src/app/errors.ts')).NotYetApplied(10, 8, 2000),
  'app/errors.ts#WriteNotYetApplied': async () =>
    new (await import('../../src/app/errors.ts')).WriteNotYetApplied(10, 8, 2000, ['0191c4a0-0000-7000-8000-000000000001']),
  'domain/token.ts#TokenAlreadyIssued': async () => new (await import('../../src/domain/token.ts')).TokenAlreadyIssued('t1'),
  'store/errors.ts#ConcurrencyError': async () => new ConcurrencyError('task-p:1.1', 2, 3),
  'store/errors.ts#DuplicateEventError': async () => new DuplicateEventError('0191c4a0-0000-7000-8000-000000000000'),
};

const STATUS = { 'not-found': 404, conflict: 409, invalid: 422, forbidden: 403, 'precondition-failed': 412, unavailable: 503 } as const;

/** Every exported class under src/ that extends another class, as file#Name. */
function exportedSubclasses(): { file: string; name: string }[] {
  const found: { file: string; name: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/^export class (\w+) extends /gm)) found.push({ file: relative(src, path), name: m[1]! });
      }
    }
  };
  walk(src);
  return found;
}

describe('every error the layers raise on purpose', () => {
  it('has a sample here, so that its texts are checked', async () => {
    const missing: string[] = [];
    for (const { file, name } of exportedSubclasses()) {
      if (!/^(domain|app|store)\//.test(file) || `${file}#${name}` in INSTANCES) continue;
      // Only error classes count: import the module and look.
      const cls = ((await import(join(src, file))) as Record<string, { prototype: unknown } | undefined>)[name];
      if (cls && cls.prototype instanceof KnownError) missing.push(`${file}#${name}`);
    }
    expect(missing).toEqual([]);
  });

  it.each(Object.keys(INSTANCES))('%s: a Problem by its kind, its detail in English and Chinese', async (key) => {
    const error = await INSTANCES[key]!();
    const problem = toProblem(error);
    expect(problem, key).not.toBeNull();
    const { kind, code } = error as unknown as { kind: keyof typeof STATUS; code: MessageCode };
    expect(ERROR_KINDS).toContain(kind);
    expect(Object.keys(MESSAGES)).toContain(code);
    // The store's errors keep their own message (the store knows no catalogue); the others' is the catalogue's English.
    if (error instanceof KnownError) expect(error.message).toBe(textOf(code, error.params as object, 'en'));
    const en = problem!.body(undefined, 'en');
    const zh = problem!.body(undefined, 'zh');
    expect(zh.status).toBe(STATUS[kind]);
    if (zh.errors) {
      // A broken rule: the field at fault carries the text.
      expect(en.errors![0]!.detail).toBe(error.message);
      expect(zh.errors[0]!.detail).toMatch(CJK);
    } else {
      expect(en.type).toBe(`/problems/${code}`);
      expect(en.detail).toBe(textOf(code, (error as unknown as { params: object }).params, 'en'));
      expect(zh.detail).toMatch(CJK);
    }
  });

  it('keeps the members a client acts on, and answers an unknown error as a bug (null: 500)', async () => {
    const { TransitionRefused, NotOwnRecord } = await import('../../src/domain/errors.ts');
    const { PreconditionFailed, NotYetApplied } = await import('../../src/app/errors.ts');
    expect(toProblem(new TransitionRefused('blocked', 'completed', ['in_progress']))!.body().allowed).toEqual(['in_progress']);
    expect(toProblem(new NotOwnRecord({ rule: 'report-own-unit', unitId: 'jxj', forUnit: 'jrj' }))!.body().rule).toBe('report-own-unit');
    const stale = toProblem(new PreconditionFailed('"3"'))!;
    expect(stale.body().currentEtag).toBe('"3"');
    expect(stale.headers.etag).toBe('"3"');
    expect(toProblem(new NotYetApplied(10, 8, 2000))!.headers['retry-after']).toBe('1');
    expect(toProblem(new DuplicateEventError('e1'))!.body().eventId).toBe('e1');
    expect(toProblem(new StoreError('the disk is full'))).toBeNull();
    expect(toProblem(new Error('a bug'))).toBeNull();
  });
});
