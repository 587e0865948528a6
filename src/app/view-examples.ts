// Examples for the OpenAPI document (plans, tasks, audit, events): answers of the simulated year
// (scripts/simulate-year.ts, seed 2023), trimmed to an item or two. test/http/openapi.test.ts parses
// each with the schema it documents.

/** A task completed, with its units (a group's members trimmed) and indicator. */
export const taskExample = {
  planId: 'wuhan-2023-p1',
  code: '4.2',
  section: 4,
  sectionTitle: '推动重点产业集聚发展',
  title: '健全产业链协调机制',
  text: '加强产业链、供应链、创新链、政策链整体战略设计。加快培育领军式链主企业,引导中小企业围绕链主企业开展配套服务,不断延链补链强链。以补齐全链条短板为目标,定向培育发展“专精特新”企业,新增专精特新“小巨人”企业60家。坚决实施“一链一策”,健全链长工作机制,提升服务质效,实现重点产业链协调机制实体化运作。(牵头单位:市经信局、市发改委;责任单位:市商务局,各区人民政府)',
  status: 'completed',
  allowedTransitions: ['in_progress'],
  since: '2023-11-28T07:22:00.000Z',
  recordedAt: '2023-11-28T07:29:00.000Z',
  changedBy: { id: 'tok_office', role: 'office', name: '领导小组办公室' },
  reason: '按期完成',
  evidence: { summary: '完成情况已报领导小组办公室' },
  leadUnits: [
    { id: 'jxj', name: '市经信局', kind: 'unit' },
    { id: 'fgw', name: '市发改委', kind: 'unit' },
  ],
  responsibleUnits: [
    { id: 'swj', name: '市商务局', kind: 'unit' },
    {
      id: 'districts',
      name: '各区人民政府',
      kind: 'group',
      members: [
        { id: 'jiangan', name: '江岸区' },
        { id: 'jianghan', name: '江汉区' },
      ],
    },
  ],
  indicators: [
    {
      id: '4.2-1',
      taskCode: '4.2',
      name: '新增专精特新“小巨人”企业',
      target: { value: '60', unit: '家', comparator: 'at_least' },
      sourcePhrase: '新增专精特新“小巨人”企业60家',
    },
  ],
  revision: 2,
  globalPosition: 290,
};

/** Completing a task: evidence required. */
export const statusChangeExample = {
  status: 'completed',
  reason: '按期完成',
  evidence: { summary: '完成情况已报领导小组办公室' },
  effectiveAt: '2023-11-28T15:22:00+08:00',
};

/** A task's status change as an audit row. */
export const auditRowExample = {
  globalPosition: 290,
  eventId: '0188a3c2-0000-7000-8000-000000000487',
  recordedAt: '2023-11-28T07:29:00.000Z',
  effectiveAt: '2023-11-28T07:22:00.000Z',
  planId: 'wuhan-2023-p1',
  streamId: 'task-wuhan-2023-p1:4.2',
  streamRevision: 1,
  taskCode: '4.2',
  type: 'TaskStatusChanged',
  typeLabel: '任务状态变更',
  actor: { id: 'tok_office', role: 'office', name: '领导小组办公室' },
  actorLabel: '领导小组办公室',
  actorName: '领导小组办公室',
  actorUnitName: null,
  timeZone: 'Asia/Shanghai',
  summary: '任务 4.2：推进中 → 已完成',
  reason: '按期完成',
  changes: [{ field: 'status', before: 'in_progress', beforeLabel: '推进中', after: 'completed', afterLabel: '已完成' }],
  links: { event: '/events?after=289&limit=1' },
};

/** The same change as the recorded event. */
export const eventExample = {
  eventId: '0188a3c2-0000-7000-8000-000000000487',
  type: 'TaskStatusChanged',
  streamId: 'task-wuhan-2023-p1:4.2',
  streamRevision: 1,
  globalPosition: 290,
  planId: 'wuhan-2023-p1',
  recordedAt: '2023-11-28T07:29:00.000Z',
  effectiveAt: '2023-11-28T07:22:00.000Z',
  actor: { id: 'tok_office', role: 'office', name: '领导小组办公室' },
  correlationId: '0188a3c2-0000-7000-8000-000000000487',
  causationId: null,
  schemaVersion: 1,
  data: { taskCode: '4.2', from: 'in_progress', to: 'completed', reason: '按期完成', evidence: { summary: '完成情况已报领导小组办公室' } },
  hash: '12e7f27b7049768975f85d6b9244a8339461868597d50fd017141733d1effc03',
  prevHash: '41dbf3458de23b4005a35f7e0ec0fbffd0f454d81262fd7a605a68ac8ca42d53',
};

/** The Wuhan plan as listed. */
export const planSummaryExample = {
  id: 'wuhan-2023-p1',
  title: '市政协十四届二次会议1号建议案办理工作方案',
  issuer: 'szfb',
  issuedOn: '2023-03-23',
  timeZone: 'Asia/Shanghai',
  taskCount: 15,
  indicatorCount: 14,
  adoption: {
    recordedAt: '2023-03-23T01:00:00.000Z',
    effectiveAt: '2023-03-22T16:00:00.000Z',
    adoptedBy: { id: 'tok_office', role: 'office', name: '领导小组办公室' },
    globalPosition: 1,
  },
};

/** The Wuhan plan, trimmed to a unit or two, one task and its indicator. */
export const planViewExample = {
  id: 'wuhan-2023-p1',
  title: '市政协十四届二次会议1号建议案办理工作方案',
  subject: '关于大力发展创新型产业集群,推动武汉科教优势转化为创新发展优势的建议案',
  issuer: 'szfb',
  issuedOn: '2023-03-23',
  timeZone: 'Asia/Shanghai',
  addressees: ['各区人民政府', '市人民政府各部门'],
  generalRequirements:
    '坚持以习近平新时代中国特色社会主义思想为指导,深入实施创新驱动发展战略,促进创新链产业链资金链人才链深度融合,努力打造掌握关键核心技术、产业技术体系完备、产学研用一体化、大中小企业融通发展、达到国际国内领先水平的创新型产业集群,锻造光电子信息、大健康和生物技术、绿色低碳、汽车、数字经济等5大产业竞争新优势,有力支撑武汉具有全国影响力的科技创新中心建设,为实现高水平科技自立自强贡献武汉力量。',
  units: [
    { id: 'jxj', name: '市经信局', aliases: [], level: 'department' },
    { id: 'fgw', name: '市发改委', aliases: [], level: 'department' },
  ],
  groups: [
    {
      id: 'districts',
      name: '各区人民政府',
      aliases: ['各区人民政府〈含开发区、长江新区、风景区管委会,下同〉'],
      note: '各区人民政府(含开发区、长江新区、风景区管委会)',
      members: ['jiangan', 'jianghan'],
    },
  ],
  sections: [{ number: 4, title: '推动重点产业集聚发展' }],
  tasks: [
    {
      code: '4.2',
      section: 4,
      item: 2,
      title: '健全产业链协调机制',
      text: '加强产业链、供应链、创新链、政策链整体战略设计。加快培育领军式链主企业,引导中小企业围绕链主企业开展配套服务,不断延链补链强链。以补齐全链条短板为目标,定向培育发展“专精特新”企业,新增专精特新“小巨人”企业60家。坚决实施“一链一策”,健全链长工作机制,提升服务质效,实现重点产业链协调机制实体化运作。(牵头单位:市经信局、市发改委;责任单位:市商务局,各区人民政府)',
      leadUnits: ['jxj', 'fgw'],
      responsibleUnits: ['swj', 'districts'],
    },
  ],
  indicators: [
    {
      id: '4.2-1',
      taskCode: '4.2',
      name: '新增专精特新“小巨人”企业',
      target: { value: '60', unit: '家', comparator: 'at_least' },
      sourcePhrase: '新增专精特新“小巨人”企业60家',
    },
  ],
  phases: [
    {
      id: 'deployment',
      name: '工作部署阶段',
      startDate: '2023-03-23',
      endDate: '2023-03-31',
      description: '研究制订1号建议案办理工作方案,组织召开办理工作动员部署会,分解任务、明确责任。各牵头单位和责任单位根据分工制订办理工作方案。',
    },
    {
      id: 'handling',
      name: '具体办理阶段',
      startDate: '2023-04-01',
      endDate: '2023-11-30',
      description:
        '各牵头单位和责任单位按照方案要求认真开展办理工作。市人民政府分管领导同志适时带队检查办理工作情况,对重难点问题开展协调、督办。适时邀请市政协领导及委员视察办理工作。',
    },
  ],
  handlingPlanDeadline: '2023-03-31',
  annualSummaryDeadline: '2023-12-31',
  reporting: [
    {
      kind: 'progress_report',
      name: '议案办理信息报送',
      cadence: 'as_needed',
      description: '建立议案办理信息报送、工作月调度、情况季通报等制度,定期向市政协汇报工作进展情况。',
    },
    {
      kind: 'monthly_dispatch',
      name: '工作月调度',
      cadence: 'monthly',
      description: '建立议案办理信息报送、工作月调度、情况季通报等制度,定期向市政协汇报工作进展情况。',
    },
  ],
  leadingGroup: {
    name: '市政协第十四届二次会议1号建议案办理工作领导小组',
    leader: { name: '陈劲超', title: '市人民政府常务副市长', unitId: 'szf' },
    deputies: [
      { name: '张明武', title: '市人民政府副秘书长', unitId: 'szf' },
      { name: '盛继亮', title: '市科技局局长', unitId: 'kjj' },
    ],
    members: [
      { name: '李军', title: '市委外办副主任', unitId: 'wb' },
      { name: '徐超', title: '市人才工作局副局长', unitId: 'rcj' },
    ],
    office: { hostUnitId: 'kjj', directorName: '盛继亮' },
    replacementRule: '领导小组成员如有变动,由成员单位接任工作的同志递补,不另行发文调整。',
  },
  implementationPhase: 'handling',
  adoption: {
    recordedAt: '2023-03-23T01:00:00.000Z',
    effectiveAt: '2023-03-22T16:00:00.000Z',
    adoptedBy: { id: 'tok_office', role: 'office', name: '领导小组办公室' },
    globalPosition: 1,
  },
  asOf: '2024-01-08T08:07:00.000Z',
  validAt: '2024-01-08T08:07:00.000Z',
  position: 348,
};
