// The annual-summary decider (年度总结) as given events / when command / then events (or a refusal),
// and the fold of those events by the annual-summary projection.
import { describe, expect, it } from 'vitest';
import { type AnnualSummaryRecord, annualSummary, annualSummaryKey } from '../../projections/annual-summary.ts';
import { foldKey } from '../../projections/projection.ts';
import {
  type AnnualSummaryEvent,
  AnnualSummaryNotSubmitted,
  AnnualSummaryValidTimeConflict,
  annualSummaryDecider,
  type SubmitAnnualSummary,
  type WithdrawAnnualSummary,
} from '../../src/domain/annual-summary.ts';
import { RuleViolated } from '../../src/domain/errors.ts';
import type { RecordedEvent } from '../../src/store/event-store.ts';
import { deciderSpec, type GivenEvent } from '../support/decider-spec.ts';

const NOW = '2026-11-27T08:00:00.000Z';
const timing = { now: NOW, planEffectiveAt: '2023-03-22T16:00:00.000Z', timeZone: 'Asia/Shanghai', maxBackdateDays: 2, byOffice: true };
const submit = (extra: Partial<SubmitAnnualSummary> = {}): SubmitAnnualSummary => ({
  type: 'SubmitAnnualSummary',
  summaryId: 's-new',
  unitId: 'jxj',
  planYear: 2023,
  year: 2023,
  title: '市经信局2023年度办理工作总结',
  text: '全年培育科技型中小企业1200家。',
  ...timing,
  ...extra,
});
const withdraw = (extra: Partial<WithdrawAnnualSummary> = {}): WithdrawAnnualSummary => ({
  type: 'WithdrawAnnualSummary',
  unitId: 'jxj',
  year: 2023,
  reason: '误报初稿',
  ...timing,
  ...extra,
});

const submitted = (summaryId: string, effectiveAt: string, year = 2023, supersedes?: string): AnnualSummaryEvent & { effectiveAt: string } => ({
  type: 'AnnualSummarySubmitted',
  data: { summaryId, unitId: 'jxj', year, title: `总结 ${summaryId}`, text: '正文', ...(supersedes ? { supersedes } : {}) },
  effectiveAt,
});
const given = (...events: GivenEvent[]) => deciderSpec(annualSummaryDecider).given(...events);

const recorded = (events: { type: string; data: unknown; effectiveAt?: string }[]): RecordedEvent[] =>
  events.map((e, i) => ({
    eventId: `e${i}`,
    type: e.type,
    streamId: 'annual-summary-p:jxj',
    streamRevision: i,
    globalPosition: i + 2,
    planId: 'p',
    recordedAt: NOW,
    effectiveAt: e.effectiveAt ?? NOW,
    actor: { id: 'a', role: 'unit', unitId: 'jxj' },
    correlationId: `e${i}`,
    causationId: null,
    schemaVersion: 1,
    data: e.data,
    hash: '',
    prevHash: null,
  }));

describe('submitting an annual summary', () => {
  it('records the first, then a resubmission that names the one it replaces', () => {
    given()
      .when(submit({ effectiveAt: '2023-12-20T02:00:00.000Z', documentNumber: '武经信〔2023〕88号', attachments: ['https://example.gov.cn/a.pdf'] }))
      .then([
        {
          type: 'AnnualSummarySubmitted',
          data: {
            summaryId: 's-new',
            unitId: 'jxj',
            year: 2023,
            title: '市经信局2023年度办理工作总结',
            text: '全年培育科技型中小企业1200家。',
            documentNumber: '武经信〔2023〕88号',
            attachments: ['https://example.gov.cn/a.pdf'],
          },
          effectiveAt: '2023-12-20T02:00:00.000Z',
        },
      ]);
    const [event] = given(submitted('s1', '2023-12-20T02:00:00.000Z')).when(submit()).events();
    expect(event!.data).toMatchObject({ summaryId: 's-new', supersedes: 's1' });
    // Another year's summary replaces nothing.
    expect(
      given(submitted('s1', '2023-12-20T02:00:00.000Z'))
        .when(submit({ year: 2024 }))
        .events()[0]!.data,
    ).not.toHaveProperty('supersedes');
  });

  it("refuses a year before the plan's issue year, or after the year it takes effect in (Asia/Shanghai)", () => {
    given()
      .when(submit({ year: 2022 }))
      .thenThrows(RuleViolated);
    // 2023-12-31T16:30Z is 2024-01-01 00:30 in Shanghai: a 2024 summary may be dated then, not a minute before.
    expect(
      given()
        .when(submit({ year: 2024, effectiveAt: '2023-12-31T16:30:00.000Z' }))
        .events(),
    ).toHaveLength(1);
    given()
      .when(submit({ year: 2024, effectiveAt: '2023-12-31T15:59:00.000Z' }))
      .thenThrows(Error, /cannot be submitted in 2023/);
  });

  it("keeps valid time running forwards on the unit's stream, and bounds a unit token's back-dating", () => {
    const state = given(submitted('s1', '2023-12-20T02:00:00.000Z'));
    state.when(submit({ effectiveAt: '2023-12-19T02:00:00.000Z' })).thenThrows(AnnualSummaryValidTimeConflict);
    state.when(submit({ effectiveAt: '2026-11-20T08:00:00.000Z', byOffice: false })).thenThrows(Error, /at most 2 days/);
    expect(state.when(submit({ effectiveAt: '2026-11-26T08:00:00.000Z', byOffice: false })).events()).toHaveLength(1);
  });
});

describe('withdrawing an annual summary (撤回)', () => {
  it('withdraws the current one, reinstating the one it replaced', () => {
    const state = given(submitted('s1', '2023-12-20T02:00:00.000Z'), submitted('s2', '2023-12-22T02:00:00.000Z', 2023, 's1'));
    state.when(withdraw({ effectiveAt: '2023-12-23T02:00:00.000Z' })).then([
      {
        type: 'AnnualSummaryWithdrawn',
        data: {
          summaryId: 's2',
          unitId: 'jxj',
          year: 2023,
          reason: '误报初稿',
          withdrawn: { title: '总结 s2', submittedAt: '2023-12-22T02:00:00.000Z' },
          reinstates: 's1',
        },
        effectiveAt: '2023-12-23T02:00:00.000Z',
      },
    ]);
  });

  it('refuses when nothing stands for the year (409), and back-dating before the latest change', () => {
    given().when(withdraw()).thenThrows(AnnualSummaryNotSubmitted);
    const once = given(submitted('s1', '2023-12-20T02:00:00.000Z'));
    once.when(withdraw({ year: 2024 })).thenThrows(AnnualSummaryNotSubmitted);
    once.when(withdraw({ effectiveAt: '2023-12-01T00:00:00.000Z' })).thenThrows(AnnualSummaryValidTimeConflict);
    const [event] = once.when(withdraw({ effectiveAt: '2023-12-21T02:00:00.000Z' })).events();
    given(submitted('s1', '2023-12-20T02:00:00.000Z'), event!).when(withdraw()).thenThrows(AnnualSummaryNotSubmitted);
  });
});

describe('the annual-summary projection', () => {
  it("keeps the standing summaries, the first one's time, and every submission and withdrawal in history", () => {
    const events = recorded([
      submitted('s1', '2023-12-20T02:00:00.000Z'),
      submitted('s2', '2024-01-05T02:00:00.000Z', 2023, 's1'),
      {
        type: 'AnnualSummaryWithdrawn',
        data: {
          summaryId: 's2',
          unitId: 'jxj',
          year: 2023,
          reason: '误报',
          withdrawn: { title: '总结 s2', submittedAt: '2024-01-05T02:00:00.000Z' },
          reinstates: 's1',
        },
        effectiveAt: '2024-01-06T02:00:00.000Z',
      },
    ]);
    const record = foldKey<AnnualSummaryRecord>(annualSummary, annualSummaryKey('p', 'jxj', 2023), events)!;
    expect(record.standing.map((s) => s.summaryId)).toEqual(['s1']);
    expect(record.firstSubmittedAt).toBe('2023-12-20T02:00:00.000Z');
    expect(record.history.map((h) => [h.kind, h.summaryId])).toEqual([
      ['submitted', 's1'],
      ['submitted', 's2'],
      ['withdrawn', 's2'],
    ]);
    expect(record).toMatchObject({ since: '2024-01-06T02:00:00.000Z', revision: 3 });
    expect(foldKey(annualSummary, annualSummaryKey('p', 'jxj', 2024), events)).toBeUndefined();
  });
});
