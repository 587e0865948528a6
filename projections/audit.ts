// The audit trail is read from the events themselves. What the read model keeps of each event is
// only its index entry — which plan, stream, type, actor and unit, and both times — so a
// filtered page is one indexed query; the row a reader sees is built from the event when asked:
// a readable summary, and before → after for every change of state.
import { ratingLabels } from '../src/domain/evaluation.ts';
import { inspectionKindLabels } from '../src/domain/inspection.ts';
import { eventTypeLabel, roleLabel, statusLabel } from '../src/domain/labels.ts';
import { meetingKindLabels, meetingStatusLabels } from '../src/domain/meeting.ts';
import { changeValues, describeChange } from '../src/domain/plan-amendment.ts';
import { scopeOf } from '../src/domain/token.ts';
import type { Actor } from '../src/store/event-store.ts';
import type { RecordedDomainEvent } from './projection.ts';

export interface AuditIndexEntry {
  globalPosition: number;
  planId: string;
  streamId: string;
  type: string;
  actorId: string;
  /** The actor's unit, if it acts for one. */
  unitId: string | null;
  recordedAt: string;
  effectiveAt: string;
}

export function auditIndexEntry(event: RecordedDomainEvent): AuditIndexEntry {
  return {
    globalPosition: event.globalPosition,
    planId: event.planId,
    streamId: event.streamId,
    type: event.type,
    actorId: event.actor.id,
    unitId: event.actor.unitId ?? null,
    recordedAt: event.recordedAt,
    effectiveAt: event.effectiveAt,
  };
}

export interface StateChange {
  field: string;
  /** The field in the reader's words where its key names a unit (信息报送 市经信局 2023-04). */
  fieldLabel?: string;
  before: string | null;
  beforeLabel: string | null;
  after: string | null;
  afterLabel: string | null;
}

export interface AuditSummary {
  summary: string;
  reason: string | null;
  changes: StateChange[];
}

/**
 * How a summary names things for the people who read it: units by name (市经信局, not jxj), people by
 * their token's name and role, instants in the plan's time zone (2023-05-18 09:30). The application
 * looks the names up in the read model at the reading; without them (plainWords) the ids show.
 */
export interface AuditWords {
  /** A unit's or group's name in a plan (the event's own plan unless named), or its id when unknown. */
  unit(unitId: string, planId?: string): string;
  /** The holder of the token that acted: its name, or its id when unknown. */
  actorName(actor: Actor): string;
  /** A token's name, by its id; null when unknown. */
  tokenName(tokenId: string): string | null;
  /** An instant as the plan's people read it. */
  time(instant: string): string;
}

export const plainWords: AuditWords = {
  unit: (unitId) => unitId,
  actorName: (actor) => actor.name ?? actor.id,
  tokenName: () => null,
  time: (instant) => instant,
};

/** Who acted, for a reader: 市经信局 OA（责任单位，市经信局）. */
export function actorLabel(actor: Actor, words: AuditWords): string {
  const name = words.actorName(actor);
  // An office token named 领导小组办公室 is not 领导小组办公室（领导小组办公室）.
  const parts = [...(roleLabel(actor.role) !== name ? [roleLabel(actor.role)] : []), ...(actor.unitId ? [words.unit(actor.unitId)] : [])];
  return parts.length ? `${name}（${parts.join('，')}）` : name;
}

/** A readable line for an event, with the state it changed (before → after). */
export function summarize(event: RecordedDomainEvent, words: AuditWords = plainWords): AuditSummary {
  const unit = (unitId: string) => words.unit(unitId);
  switch (event.type) {
    case 'PlanAdopted': {
      const { plan } = event.data;
      return {
        summary: `印发工作方案 ${plan.title}（${plan.tasks.length} 项任务，${plan.indicators.length} 项指标）`,
        reason: null,
        changes: [{ field: 'plan', before: null, beforeLabel: null, after: plan.id, afterLabel: plan.title }],
      };
    }
    case 'TaskStatusChanged': {
      const data = event.data;
      return {
        summary: `任务 ${data.taskCode}：${statusLabel(data.from)} → ${statusLabel(data.to)}${data.evaluationId ? `（满意度测评不满意，重新办理；测评 ${data.evaluationId}）` : ''}`,
        reason: data.reason,
        changes: [{ field: 'status', before: data.from, beforeLabel: statusLabel(data.from), after: data.to, afterLabel: statusLabel(data.to) }],
      };
    }
    case 'MemberReplaced': {
      const data = event.data;
      const after =
        data.successor.title && data.successor.title !== data.previous.title ? `${data.successor.name}（${data.successor.title}）` : data.successor.name;
      return {
        summary: `领导小组成员递补 ${data.seat}（${data.previous.title}）：${data.previous.name} → ${after}`,
        reason: data.reason ?? null,
        changes: [
          {
            field: `seat ${data.seat}`,
            before: data.previous.name,
            beforeLabel: data.previous.title,
            after: data.successor.name,
            afterLabel: data.successor.title ?? data.previous.title,
          },
        ],
      };
    }
    case 'IndicatorValueReported': {
      const data = event.data;
      return {
        summary: `指标 ${data.indicatorId} 报送数值：${data.value} ${data.unit}${data.source ? `（来源：${data.source}）` : ''}`,
        reason: data.note ?? null,
        changes: [{ field: 'value', before: null, beforeLabel: null, after: data.value, afterLabel: `${data.value} ${data.unit}` }],
      };
    }
    case 'IndicatorValueCorrected': {
      const data = event.data;
      return {
        summary: `指标 ${data.indicatorId} 数值更正：${data.previousValue} → ${data.value}`,
        reason: data.reason,
        changes: [{ field: 'value', before: data.previousValue, beforeLabel: data.previousValue, after: data.value, afterLabel: data.value }],
      };
    }
    case 'HandlingPlanSubmitted': {
      const data = event.data;
      const doc = data.documentNumber ? `（${data.documentNumber}）` : '';
      return {
        summary: `单位 ${unit(data.unitId)} 报送办理工作方案《${data.title}》${doc}，${data.measures.length} 项措施：→ 已报送`,
        reason: null,
        changes: [{ field: 'handling plan', before: null, beforeLabel: null, after: 'submitted', afterLabel: '已报送' }],
      };
    }
    case 'HandlingPlanFiled': {
      const data = event.data;
      const label = data.outcome === 'filed' ? '已备案' : '已退回';
      return {
        summary: `单位 ${unit(data.unitId)} 的办理工作方案${data.outcome === 'filed' ? '备案' : '退回'}：已报送 → ${label}`,
        reason: data.reason ?? null,
        changes: [{ field: 'handling plan', before: 'submitted', beforeLabel: '已报送', after: data.outcome, afterLabel: label }],
      };
    }
    case 'HandlingPlanWithdrawn': {
      const data = event.data;
      const labels = { not_submitted: '未报送', submitted: '已报送', returned: '已退回' } as const;
      const doc = data.withdrawn.documentNumber ? `（${data.withdrawn.documentNumber}）` : '';
      return {
        summary: `单位 ${unit(data.unitId)} 撤回办理工作方案《${data.withdrawn.title}》${doc}：已报送 → ${labels[data.restores]}${data.restores === 'not_submitted' ? '' : '，此前报送恢复有效'}`,
        reason: data.reason,
        changes: [{ field: 'handling plan', before: 'submitted', beforeLabel: '已报送', after: data.restores, afterLabel: labels[data.restores] }],
      };
    }
    case 'IndicatorValueWithdrawn': {
      const data = event.data;
      return {
        summary: `撤回指标 ${data.indicatorId} 数值 ${data.value}：已报送 → 已撤回`,
        reason: data.reason,
        changes: [{ field: 'value', before: data.value, beforeLabel: data.value, after: null, afterLabel: '已撤回' }],
      };
    }
    case 'MemberReplacementWithdrawn': {
      const data = event.data;
      return {
        summary: `撤回领导小组成员递补 ${data.seat}：${data.withdrawn.name} → ${data.restored.name}（恢复原任人员）`,
        reason: data.reason,
        changes: [
          {
            field: `seat ${data.seat}`,
            before: data.withdrawn.name,
            beforeLabel: data.withdrawn.title,
            after: data.restored.name,
            afterLabel: data.restored.title,
          },
        ],
      };
    }
    case 'PlanAmended': {
      const data = event.data;
      return {
        summary: `工作方案调整：${data.changes.map(describeChange).join('；')}`,
        reason: data.reason,
        changes: data.changes.map((change) => {
          const { field, before, after } = changeValues(change);
          return { field, before, beforeLabel: null, after, afterLabel: null };
        }),
      };
    }
    case 'PlanAmendmentWithdrawn': {
      const data = event.data;
      return {
        summary: `撤回工作方案调整（方案记录第 ${data.revision} 条）：${data.changes.map(describeChange).join('；')}`,
        reason: data.reason,
        changes: data.changes.map((change) => {
          const { field, before, after } = changeValues(change);
          return { field, before: after, beforeLabel: null, after: before, afterLabel: null };
        }),
      };
    }
    case 'ProgressReported': {
      const data = event.data;
      const percent = data.percentComplete !== undefined ? `，完成 ${data.percentComplete}%` : '';
      return {
        summary: `任务 ${data.taskCode} ${data.period} 信息报送（单位 ${unit(data.unitId)}${percent}）${data.supersedes ? '：更新本月报送，原报送留存' : ''}`,
        reason: null,
        changes: [
          {
            field: `report ${data.unitId} ${data.period}`,
            fieldLabel: `信息报送 ${unit(data.unitId)} ${data.period}`,
            before: data.supersedes ?? null,
            beforeLabel: data.supersedes ? '原报送' : '未报送',
            after: data.reportId,
            afterLabel: '已报送',
          },
        ],
      };
    }
    case 'ProgressReportWithdrawn': {
      const data = event.data;
      return {
        summary: `撤回任务 ${data.taskCode} ${data.period} 信息报送（单位 ${unit(data.unitId)}）：已报送 → 已撤回${data.reinstates ? '，此前报送恢复有效' : ''}`,
        reason: data.reason,
        changes: [
          {
            field: `report ${data.unitId} ${data.period}`,
            fieldLabel: `信息报送 ${unit(data.unitId)} ${data.period}`,
            before: data.reportId,
            beforeLabel: '已报送',
            after: data.reinstates ?? null,
            afterLabel: data.reinstates ? '此前报送' : '已撤回',
          },
        ],
      };
    }
    case 'ReminderSent': {
      const data = event.data;
      const what =
        data.kind === 'handling_plan'
          ? '办理工作方案'
          : data.kind === 'monthly_report'
            ? `任务 ${data.taskCode} ${data.period} 信息报送`
            : data.kind === 'annual_summary'
              ? '年度总结'
              : data.kind === 'action_item'
                ? `督办事项 ${data.itemId}`
                : `任务 ${data.taskCode} 办结`;
      return {
        summary: `催办单位 ${unit(data.unitId)}：${what}（${data.light === 'red' ? '红灯' : '黄灯'}）`,
        reason: data.note ?? null,
        changes: [{ field: `reminder ${data.alertId}`, before: null, beforeLabel: null, after: data.reminderId, afterLabel: '已催办' }],
      };
    }
    case 'AnnualSummarySubmitted': {
      const data = event.data;
      const doc = data.documentNumber ? `（${data.documentNumber}）` : '';
      return {
        summary: `单位 ${unit(data.unitId)} 报送 ${data.year} 年度总结《${data.title}》${doc}${data.supersedes ? '：替换此前报送，原报送留存' : ''}`,
        reason: null,
        changes: [
          {
            field: `annual summary ${data.year}`,
            before: data.supersedes ?? null,
            beforeLabel: data.supersedes ? '此前报送' : '未报送',
            after: data.summaryId,
            afterLabel: '已报送',
          },
        ],
      };
    }
    case 'AnnualSummaryWithdrawn': {
      const data = event.data;
      return {
        summary: `单位 ${unit(data.unitId)} 撤回 ${data.year} 年度总结《${data.withdrawn.title}》${data.reinstates ? '：此前报送恢复有效' : '：已报送 → 未报送'}`,
        reason: data.reason,
        changes: [
          {
            field: `annual summary ${data.year}`,
            before: data.summaryId,
            beforeLabel: '已报送',
            after: data.reinstates ?? null,
            afterLabel: data.reinstates ? '此前报送' : '未报送',
          },
        ],
      };
    }
    case 'SatisfactionEvaluated': {
      const data = event.data;
      const what = data.scope.kind === 'task' ? `任务 ${data.scope.taskCode}` : '总体';
      return {
        summary: `满意度测评 ${what}：${ratingLabels[data.rating]}（${data.evaluator.name}${data.evaluator.group ? `，${data.evaluator.group}` : ''}）${data.supersedes ? '，替换此前测评' : ''}`,
        reason: data.comments ?? null,
        changes: [
          {
            field: `evaluation ${what}`,
            before: data.supersedes ?? null,
            beforeLabel: data.supersedes ? '此前测评' : '未测评',
            after: data.rating,
            afterLabel: ratingLabels[data.rating],
          },
        ],
      };
    }
    case 'SatisfactionEvaluationWithdrawn': {
      const data = event.data;
      const what = data.scope.kind === 'task' ? `任务 ${data.scope.taskCode}` : '总体';
      return {
        summary: `撤回满意度测评 ${what}（${ratingLabels[data.rating]}）${data.reinstates ? '：此前测评恢复有效' : ''}`,
        reason: data.reason,
        changes: [
          {
            field: `evaluation ${what}`,
            before: data.rating,
            beforeLabel: ratingLabels[data.rating],
            after: data.reinstates ?? null,
            afterLabel: data.reinstates ? '此前测评' : '已撤回',
          },
        ],
      };
    }
    case 'BulletinPublished': {
      const data = event.data;
      return {
        summary: `发布 ${data.period} 情况季通报${data.documentNumber ? `（${data.documentNumber}）` : ''}：按存储位置 ${data.builtAt.position} 生成，内容哈希 ${data.hashes.json.slice(0, 12)}…`,
        reason: data.note ?? null,
        changes: [{ field: `bulletin ${data.period}`, before: null, beforeLabel: '未发布', after: data.hashes.json, afterLabel: '已发布' }],
      };
    }
    case 'MeetingScheduled': {
      const data = event.data;
      return {
        summary: `安排${meetingKindLabels[data.kind]}《${data.title}》：${words.time(data.scheduledFor)}，${data.place}，${data.chair.name}主持`,
        reason: null,
        changes: [{ field: 'meeting', before: null, beforeLabel: null, after: 'scheduled', afterLabel: meetingStatusLabels.scheduled }],
      };
    }
    case 'MeetingHeld': {
      const data = event.data;
      const items = data.decisions.reduce((n, d) => n + d.actionItems.length, 0);
      return {
        summary: `召开${meetingKindLabels[data.kind]}《${data.title}》：${data.decisions.length} 项议定事项，交办 ${items} 项督办事项`,
        reason: null,
        changes: [{ field: 'meeting', before: 'scheduled', beforeLabel: meetingStatusLabels.scheduled, after: 'held', afterLabel: meetingStatusLabels.held }],
      };
    }
    case 'MeetingCancelled': {
      const data = event.data;
      return {
        summary: `取消会议《${data.title}》`,
        reason: data.reason,
        changes: [
          { field: 'meeting', before: 'scheduled', beforeLabel: meetingStatusLabels.scheduled, after: 'cancelled', afterLabel: meetingStatusLabels.cancelled },
        ],
      };
    }
    case 'MeetingRecordWithdrawn': {
      const data = event.data;
      const what = { minutes: '会议纪要', cancellation: '会议取消', schedule: '会议安排' }[data.withdrawn];
      const before = data.withdrawn === 'minutes' ? 'held' : data.withdrawn === 'cancellation' ? 'cancelled' : 'scheduled';
      return {
        summary: `撤回会议《${data.title}》的${what}${data.actionItemIds.length ? `，所交办 ${data.actionItemIds.length} 项督办事项一并撤回` : ''}`,
        reason: data.reason,
        changes: [{ field: 'meeting', before, beforeLabel: meetingStatusLabels[before], after: data.restores, afterLabel: meetingStatusLabels[data.restores] }],
      };
    }
    case 'ActionItemClosed': {
      const data = event.data;
      return {
        summary: `督办事项办结（单位 ${unit(data.unitId)}，${data.onTime ? '按期' : '逾期'}）`,
        reason: data.resolution,
        changes: [{ field: `action item ${data.itemId}`, before: 'open', beforeLabel: '未办结', after: 'closed', afterLabel: '已办结' }],
      };
    }
    case 'ActionItemExtended': {
      const data = event.data;
      return {
        summary: `督办事项延期（单位 ${unit(data.unitId)}）：${data.previousDueDate} → ${data.dueDate}`,
        reason: data.reason,
        changes: [
          {
            field: `action item ${data.itemId} due date`,
            before: data.previousDueDate,
            beforeLabel: data.previousDueDate,
            after: data.dueDate,
            afterLabel: data.dueDate,
          },
        ],
      };
    }
    case 'InspectionRecorded': {
      const data = event.data;
      const items = data.findings.reduce((n, f) => n + f.actionItems.length, 0);
      return {
        summary: `${inspectionKindLabels[data.kind]}《${data.title}》（${data.who.map((w) => w.name).join('、')}）：${data.findings.length} 项发现，交办 ${items} 项督办事项`,
        reason: null,
        changes: [{ field: 'inspection', before: null, beforeLabel: null, after: 'recorded', afterLabel: '已记录' }],
      };
    }
    case 'InspectionWithdrawn': {
      const data = event.data;
      return {
        summary: `撤回督办/视察记录《${data.title}》${data.actionItemIds.length ? `，所交办 ${data.actionItemIds.length} 项督办事项一并撤回` : ''}`,
        reason: data.reason,
        changes: [{ field: 'inspection', before: 'recorded', beforeLabel: '已记录', after: 'withdrawn', afterLabel: '已撤回' }],
      };
    }
    case 'TokenIssued': {
      const data = event.data;
      const plans = scopeOf(data, event.actor);
      const scope = [
        roleLabel(data.role),
        ...(data.unitId ? [`单位 ${words.unit(data.unitId, plans?.[0])}`] : []),
        plans ? `方案 ${plans.join('、')}` : '全部方案',
      ].join('，');
      const until = data.expiresAt ? `有效至 ${words.time(data.expiresAt)}` : '长期有效';
      return {
        summary: `发放令牌「${data.name}」（${scope}）：由 ${actorLabel(event.actor, words)} 发放，${until}`,
        reason: null,
        changes: [{ field: `token ${data.tokenId}`, before: null, beforeLabel: null, after: data.role, afterLabel: until }],
      };
    }
    case 'TokenRevoked': {
      const data = event.data;
      const name = words.tokenName(data.tokenId);
      return {
        summary: `吊销令牌${name ? `「${name}」` : ` ${data.tokenId}`}：由 ${actorLabel(event.actor, words)} 吊销`,
        reason: data.reason ?? null,
        changes: [{ field: `token ${data.tokenId}`, before: 'issued', beforeLabel: '有效', after: 'revoked', afterLabel: '已吊销' }],
      };
    }
    default:
      return { summary: `${eventTypeLabel(event.type)}（${event.streamId}）`, reason: null, changes: [] };
  }
}
