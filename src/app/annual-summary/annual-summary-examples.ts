// Examples for the OpenAPI document (annual summaries): answers of the simulated year
// (scripts/simulate-year.ts, seed 2023), trimmed to an item or two; the corrections (cancellation, withdrawals) from the same requests in a store of their own.
// test/http/openapi.test.ts parses each with the schema it documents.

/** A unit's annual summary (年度总结), submitted on time. */
export const annualSummaryExample = {
  planId: 'wuhan-2023-p1',
  unit: { id: 'jxj', name: '市经信局', kind: 'unit' },
  year: 2023,
  deadline: '2023-12-31',
  deadlineAt: '2023-12-31T15:59:59.999Z',
  status: 'submitted',
  statusLabel: '已报送',
  timeliness: 'on_time',
  timelinessLabel: '按时',
  current: {
    summaryId: '0188a3c2-0000-7000-8000-000000000513',
    title: '市经信局2023年度1号建议案办理工作总结',
    text: '全年工作按方案推进，完成年度目标。',
    attachments: [],
    submittedAt: '2023-12-20T06:58:00.000Z',
    recordedAt: '2023-12-20T07:05:00.000Z',
    actor: { id: 'tok_office', role: 'office', name: '领导小组办公室' },
  },
  firstSubmittedAt: '2023-12-20T06:58:00.000Z',
  since: '2023-12-20T06:58:00.000Z',
  history: [
    {
      kind: 'submitted',
      summaryId: '0188a3c2-0000-7000-8000-000000000513',
      title: '市经信局2023年度1号建议案办理工作总结',
      effectiveAt: '2023-12-20T06:58:00.000Z',
      recordedAt: '2023-12-20T07:05:00.000Z',
      actor: { id: 'tok_office', role: 'office', name: '领导小组办公室' },
      globalPosition: 305,
      label: '报送',
    },
  ],
  revision: 1,
};

export const annualSummaryReadingExample = { ...annualSummaryExample, asOf: '2024-01-08T08:07:00.000Z', validAt: '2023-12-31T16:00:00.000Z', position: 348 };

/** A revision withdrawn (撤回): the first summary stands again. */
export const annualSummaryWithdrawalExample = {
  unit: { id: 'jxj', name: '市经信局', kind: 'unit' },
  year: 2023,
  withdrawn: {
    summaryId: '0188a3c2-0000-7000-8000-000000000016',
    title: '市经信局2023年度1号建议案办理工作总结（修订）',
    documentNumber: '武经信〔2023〕91号',
    submittedAt: '2023-12-22T02:00:00.000Z',
  },
  reinstates: '0188a3c2-0000-7000-8000-000000000014',
  reason: '修订稿误报，恢复原总结',
  withdrawnAt: '2023-12-23T01:00:00.000Z',
  annualSummary: {
    planId: 'wuhan-2023-p1',
    unit: { id: 'jxj', name: '市经信局', kind: 'unit' },
    year: 2023,
    deadline: '2023-12-31',
    deadlineAt: '2023-12-31T15:59:59.999Z',
    status: 'submitted',
    statusLabel: '已报送',
    timeliness: 'on_time',
    timelinessLabel: '按时',
    current: {
      summaryId: '0188a3c2-0000-7000-8000-000000000014',
      title: '市经信局2023年度1号建议案办理工作总结',
      text: '全年工作按方案推进，完成年度目标。',
      documentNumber: '武经信〔2023〕88号',
      attachments: [],
      submittedAt: '2023-12-20T02:00:00.000Z',
      recordedAt: '2023-12-20T02:07:00.000Z',
      actor: { id: 'tok_office', role: 'office', name: '领导小组办公室' },
    },
    firstSubmittedAt: '2023-12-20T02:00:00.000Z',
    since: '2023-12-23T01:00:00.000Z',
    history: [
      {
        kind: 'submitted',
        summaryId: '0188a3c2-0000-7000-8000-000000000014',
        title: '市经信局2023年度1号建议案办理工作总结',
        documentNumber: '武经信〔2023〕88号',
        effectiveAt: '2023-12-20T02:00:00.000Z',
        recordedAt: '2023-12-20T02:07:00.000Z',
        actor: { id: 'tok_office', role: 'office', name: '领导小组办公室' },
        globalPosition: 9,
        label: '报送',
      },
      {
        kind: 'submitted',
        summaryId: '0188a3c2-0000-7000-8000-000000000016',
        title: '市经信局2023年度1号建议案办理工作总结（修订）',
        documentNumber: '武经信〔2023〕91号',
        effectiveAt: '2023-12-22T02:00:00.000Z',
        recordedAt: '2023-12-22T02:07:00.000Z',
        actor: { id: 'tok_office', role: 'office', name: '领导小组办公室' },
        globalPosition: 10,
        label: '报送',
      },
      {
        kind: 'withdrawn',
        summaryId: '0188a3c2-0000-7000-8000-000000000016',
        title: '市经信局2023年度1号建议案办理工作总结（修订）',
        documentNumber: '武经信〔2023〕91号',
        reason: '修订稿误报，恢复原总结',
        effectiveAt: '2023-12-23T01:00:00.000Z',
        recordedAt: '2023-12-23T01:07:00.000Z',
        actor: { id: 'tok_office', role: 'office', name: '领导小组办公室' },
        globalPosition: 11,
        label: '撤回',
      },
    ],
    revision: 3,
  },
  globalPosition: 11,
};
