// Chinese labels for codes, as data: the codes stay plain strings in every response, and a label
// comes beside its code for readers (report writers, supervisors) — never instead of it.
import type { TaskStatus } from './task-status.ts';

export const statusLabels: Readonly<Record<TaskStatus, string>> = {
  not_started: '未启动',
  in_progress: '推进中',
  at_risk: '有风险',
  blocked: '受阻',
  completed: '已完成',
  cancelled: '已取消',
};

/** The plan's language for each event type (docs/domain.md, Glossary). */
export const eventTypeLabels: Readonly<Record<string, string>> = {
  PlanAdopted: '印发工作方案',
  TaskStatusChanged: '任务状态变更',
  ProgressReported: '信息报送',
  ProgressReportWithdrawn: '撤回信息报送',
  MonthlyDispatchHeld: '月调度',
  IndicatorValueReported: '指标数值报送',
  IndicatorValueCorrected: '指标数值更正',
  IndicatorValueWithdrawn: '撤回指标数值',
  HandlingPlanSubmitted: '报送办理工作方案',
  HandlingPlanFiled: '办理工作方案备案',
  HandlingPlanWithdrawn: '撤回办理工作方案',
  MeetingScheduled: '会议安排',
  MeetingHeld: '召开会议',
  ActionItemAssigned: '交办事项',
  ActionItemClosed: '交办事项办结',
  ActionItemExtended: '交办事项延期',
  MeetingCancelled: '会议取消',
  MeetingRecordWithdrawn: '撤回会议记录',
  InspectionWithdrawn: '撤回督办/视察记录',
  InspectionRecorded: '督办/视察',
  LeadingGroupFormed: '成立领导小组',
  MemberReplaced: '成员递补',
  ReminderSent: '催办',
  MemberReplacementWithdrawn: '撤回成员递补',
  PlanAmended: '工作方案调整',
  PlanAmendmentWithdrawn: '撤回工作方案调整',
  AnnualSummarySubmitted: '报送年度总结',
  AnnualSummaryWithdrawn: '撤回年度总结',
  BulletinPublished: '季通报',
  ReportedToCppcc: '向市政协汇报',
  SatisfactionEvaluated: '满意度测评',
  SatisfactionEvaluationWithdrawn: '撤回满意度测评',
  TokenIssued: '发放令牌',
  TokenRevoked: '吊销令牌',
  DigestRecorded: '存证摘要',
};

/** Who a token's holder is to the plan, in its language; `system` is duban itself (digests). */
export const roleLabels: Readonly<Record<string, string>> = {
  office: '领导小组办公室',
  unit: '责任单位',
  supervisor: '督查',
  cppcc: '市政协',
  system: '系统',
};

export const statusLabel = (status: string): string => statusLabels[status as TaskStatus] ?? status;
export const eventTypeLabel = (type: string): string => eventTypeLabels[type] ?? type;
export const roleLabel = (role: string): string => roleLabels[role] ?? role;
