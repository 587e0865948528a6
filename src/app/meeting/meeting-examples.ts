// Examples for the OpenAPI document (meetings, action items, inspections): answers of the simulated
// year (scripts/simulate-year.ts, seed 2023), trimmed to an item or two; the corrections (cancellation, withdrawals) from the same requests in a store of their own.
// test/http/openapi.test.ts parses each with the schema it documents.

/** A coordination meeting as held, one decision assigning one action item. */
export const meetingExample = {
  meetingId: '0188a3c2-0000-7000-8000-000000000131',
  kind: 'coordination',
  kindLabel: '协调会议',
  title: '科技创新供应链第一次工作协调会',
  chair: { name: '张明武', title: '市人民政府副秘书长' },
  scheduledFor: '2023-05-18T01:30:00.000Z',
  place: '市政府3号楼会议室',
  status: 'held',
  statusLabel: '已召开',
  scheduledAt: '2023-05-12T02:00:00.000Z',
  held: {
    heldAt: '2023-05-18T01:30:00.000Z',
    recordedAt: '2023-05-18T01:37:00.000Z',
    recordedBy: { id: 'tok_office', role: 'office', name: '领导小组办公室' },
    attendees: [{ name: '王强', title: '市经信局副局长', unit: { id: 'jxj', name: '市经信局', kind: 'unit' } }],
    minutes: '科技创新供应链第一次工作协调会：听取各单位进展汇报，研究解决重点难点问题。',
    decisions: [
      {
        decisionId: 'd1',
        text: '制定专精特新企业梯度培育方案',
        tasks: [{ code: '4.2', title: '健全产业链协调机制' }],
        actionItems: [
          {
            itemId: '0188a3c2-0000-7000-8000-000000000135',
            unit: { id: 'jxj', name: '市经信局', kind: 'unit' },
            dueDate: '2023-06-30',
            text: '制定专精特新企业梯度培育方案',
            href: '/plans/wuhan-2023-p1/action-items/0188a3c2-0000-7000-8000-000000000135',
          },
        ],
      },
    ],
  },
  cancellation: null,
  withdrawals: [],
  href: '/plans/wuhan-2023-p1/meetings/0188a3c2-0000-7000-8000-000000000131',
  globalPosition: 106,
};

export const meetingReadingExample = { ...meetingExample, asOf: '2024-01-08T08:07:00.000Z', validAt: '2023-06-30T08:00:00.000Z', position: 348 };

/** A meeting cancelled (会议取消). */
export const meetingCancelledExample = {
  meeting: {
    meetingId: '0188a3c2-0000-7000-8000-000000000011',
    kind: 'coordination',
    kindLabel: '协调会议',
    title: '科技创新供应链工作协调会（8月）',
    chair: { name: '张明武', title: '市人民政府副秘书长' },
    scheduledFor: '2023-09-05T01:30:00.000Z',
    place: '市政府3号楼会议室',
    status: 'cancelled',
    statusLabel: '已取消',
    scheduledAt: '2023-08-28T02:00:00.000Z',
    held: null,
    cancellation: {
      reason: '与市政府常务会议时间冲突，另行安排',
      cancelledAt: '2023-09-01T08:00:00.000Z',
      recordedAt: '2023-09-01T08:07:00.000Z',
      cancelledBy: { id: 'tok_office', role: 'office', name: '领导小组办公室' },
    },
    withdrawals: [],
    href: '/plans/wuhan-2023-p1/meetings/0188a3c2-0000-7000-8000-000000000011',
    globalPosition: 8,
  },
  globalPosition: 8,
};

/** Minutes withdrawn (撤回): the meeting is scheduled again and its item owes nothing. */
export const meetingWithdrawalExample = {
  meeting: {
    meetingId: '0188a3c2-0000-7000-8000-000000000002',
    kind: 'coordination',
    kindLabel: '协调会议',
    title: '科技创新供应链第一次工作协调会',
    chair: { name: '张明武', title: '市人民政府副秘书长' },
    scheduledFor: '2023-05-18T01:30:00.000Z',
    place: '市政府3号楼会议室',
    status: 'scheduled',
    statusLabel: '已安排',
    scheduledAt: '2023-05-12T02:00:00.000Z',
    held: null,
    cancellation: null,
    withdrawals: [
      {
        withdrawn: 'minutes',
        reason: '纪要误录为本次会议，撤回后重新录入',
        withdrawnAt: '2023-05-19T01:00:00.000Z',
        recordedAt: '2023-05-19T01:07:00.000Z',
        withdrawnBy: { id: 'tok_office', role: 'office', name: '领导小组办公室' },
        actionItemIds: ['0188a3c2-0000-7000-8000-000000000004'],
      },
    ],
    href: '/plans/wuhan-2023-p1/meetings/0188a3c2-0000-7000-8000-000000000002',
    globalPosition: 4,
  },
  withdrawnActionItems: ['0188a3c2-0000-7000-8000-000000000004'],
  globalPosition: 4,
};

/** An action item extended (延期) once, still open. */
export const actionItemReadingExample = {
  itemId: '0188a3c2-0000-7000-8000-000000000136',
  source: {
    kind: 'meeting',
    id: '0188a3c2-0000-7000-8000-000000000131',
    title: '科技创新供应链第一次工作协调会',
    partId: 'd2',
    text: '完成重大科技基础设施布局研究',
    tasks: [{ code: '2.1', title: '加强供需资源双向融通' }],
    href: '/plans/wuhan-2023-p1/meetings/0188a3c2-0000-7000-8000-000000000131',
  },
  unit: { id: 'kjj', name: '市科技局', kind: 'unit' },
  text: '完成重大科技基础设施布局研究',
  assignedAt: '2023-05-18T01:30:00.000Z',
  dueDate: '2023-07-31',
  originalDueDate: '2023-06-30',
  dueDateHistory: [
    {
      previousDueDate: '2023-06-30',
      dueDate: '2023-07-31',
      reason: '需待省级规划出台后衔接',
      from: '2023-06-28T02:00:00.000Z',
      recordedAt: '2023-06-28T02:07:00.000Z',
      extendedBy: { id: 'tok_office', role: 'office', name: '领导小组办公室' },
    },
  ],
  status: 'open',
  statusLabel: '未办结',
  resolution: null,
  closedOnTime: null,
  light: {
    light: 'green',
    lightLabel: '绿灯',
    dueDate: '2023-07-31',
    dueAt: '2023-07-31T15:59:59.999Z',
    since: null,
    daysLeft: 21,
    daysOverdue: null,
    done: false,
    countsWorkingDays: false,
  },
  withdrawal: null,
  href: '/plans/wuhan-2023-p1/action-items/0188a3c2-0000-7000-8000-000000000136',
  globalPosition: 134,
  asOf: '2024-01-08T08:07:00.000Z',
  validAt: '2023-07-10T08:00:00.000Z',
  position: 348,
};

/** A supervision visit (督办) whose finding assigns an item. */
export const inspectionExample = {
  inspectionId: '0188a3c2-0000-7000-8000-000000000188',
  kind: 'supervision',
  kindLabel: '督办',
  title: '市政府督办武汉基金设立工作',
  at: '2023-06-20T07:00:00.000Z',
  who: [{ name: '陈劲超', title: '市人民政府常务副市长', role: 'city_leader', roleLabel: '市领导' }],
  tasks: [{ code: '3.3', title: '推动金融资本高效赋能' }],
  units: [
    { id: 'czj', name: '市财政局', kind: 'unit' },
    { id: 'jrj', name: '市地方金融局', kind: 'unit' },
  ],
  findings: [
    {
      findingId: 'f1',
      text: '财政出资到位进度偏慢',
      tasks: [{ code: '3.3', title: '推动金融资本高效赋能' }],
      actionItems: [
        {
          itemId: '0188a3c2-0000-7000-8000-000000000189',
          unit: { id: 'czj', name: '市财政局', kind: 'unit' },
          dueDate: '2023-07-31',
          text: '落实武汉基金首期财政出资',
          href: '/plans/wuhan-2023-p1/action-items/0188a3c2-0000-7000-8000-000000000189',
        },
      ],
    },
  ],
  status: 'recorded',
  withdrawal: null,
  recordedAt: '2023-06-20T07:07:00.000Z',
  recordedBy: { id: 'tok_office', role: 'office', name: '领导小组办公室' },
  href: '/plans/wuhan-2023-p1/inspections/0188a3c2-0000-7000-8000-000000000188',
  globalPosition: 132,
};

export const inspectionReadingExample = { ...inspectionExample, asOf: '2024-01-08T08:07:00.000Z', validAt: '2023-07-31T08:00:00.000Z', position: 348 };

/** An inspection withdrawn (撤回) with its item. */
export const inspectionWithdrawalExample = {
  inspection: {
    inspectionId: '0188a3c2-0000-7000-8000-000000000007',
    kind: 'supervision',
    kindLabel: '督办',
    title: '市政府督办武汉基金设立工作',
    at: '2023-06-20T07:00:00.000Z',
    who: [{ name: '陈劲超', title: '市人民政府常务副市长', role: 'city_leader', roleLabel: '市领导' }],
    tasks: [{ code: '3.3', title: '推动金融资本高效赋能' }],
    units: [
      { id: 'czj', name: '市财政局', kind: 'unit' },
      { id: 'jrj', name: '市地方金融局', kind: 'unit' },
    ],
    findings: [
      {
        findingId: 'f1',
        text: '财政出资到位进度偏慢',
        tasks: [{ code: '3.3', title: '推动金融资本高效赋能' }],
        actionItems: [
          {
            itemId: '0188a3c2-0000-7000-8000-000000000008',
            unit: { id: 'czj', name: '市财政局', kind: 'unit' },
            dueDate: '2023-07-31',
            text: '落实武汉基金首期财政出资',
            href: '/plans/wuhan-2023-p1/action-items/0188a3c2-0000-7000-8000-000000000008',
          },
        ],
      },
    ],
    status: 'withdrawn',
    withdrawal: {
      reason: '督办记录重复录入',
      withdrawnAt: '2023-06-21T02:00:00.000Z',
      recordedAt: '2023-06-21T02:07:00.000Z',
      withdrawnBy: { id: 'tok_office', role: 'office', name: '领导小组办公室' },
    },
    recordedAt: '2023-06-20T07:07:00.000Z',
    recordedBy: { id: 'tok_office', role: 'office', name: '领导小组办公室' },
    href: '/plans/wuhan-2023-p1/inspections/0188a3c2-0000-7000-8000-000000000007',
    globalPosition: 6,
  },
  withdrawnActionItems: ['0188a3c2-0000-7000-8000-000000000008'],
  globalPosition: 6,
};
