// The one message catalogue: every error code's text in English and Chinese, as functions of the
// facts the error carries. Errors hold only their code and facts (src/domain/errors.ts); the English
// here is their message for logs and the command line, and Problem Details speak either language.
// A new code needs both texts: the catalogue's type requires them, and a test
// checks that no text is empty and that Chinese is Chinese (test/http/error-catalogue.test.ts).
import { statusLabels } from './labels.ts';
import { type Light, lightLabels } from './light.ts';

export type Language = 'en' | 'zh';

/** One code's texts: each a function of the error's facts. */
export interface Texts<P> {
  en: (p: P) => string;
  zh: (p: P) => string;
}

const texts = <P extends object = object>(t: Texts<P>): Texts<P> => t;

// Status words of the other records, for the Chinese texts (the task's are in labels.ts).
const actionItemStatusZh: Record<string, string> = { open: '未办结', closed: '已办结', withdrawn: '已撤回' };
const meetingStatusZh: Record<string, string> = { scheduled: '已安排', held: '已召开', cancelled: '已取消', withdrawn: '已撤回' };
const handlingPlanStatusZh: Record<string, string> = { not_submitted: '未报送', submitted: '已报送', returned: '已退回', filed: '已备案' };
const ratingZh: Record<string, string> = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' };
const taskStatusZh = (s: string) => `${statusLabels[s as keyof typeof statusLabels] ?? s}（${s}）`;

/** Where a back-dated write runs into the record's valid time: the record whose latest change it may not precede. */
export type ValidTimeSubject =
  | 'task'
  | 'plan-amendment'
  | 'amendment-withdrawal'
  | 'evaluation'
  | 'meeting'
  | 'meeting-action-item'
  | 'action-item'
  | 'annual-summary'
  | 'inspection'
  | 'handling-plan'
  | 'indicator'
  | 'leading-group'
  | 'reminder'
  | 'progress';

interface ValidTimeFacts {
  effectiveAt: string;
  previousEffectiveAt: string;
  currentStatus: string;
  of: ValidTimeSubject;
  unitId?: string;
  period?: string;
  revision?: number;
}

const validTimeEn = (p: ValidTimeFacts): string => {
  const at = p.previousEffectiveAt;
  const before = (what: string) => `effectiveAt ${p.effectiveAt} is before ${what}, which took effect at ${at}; `;
  const record = `Record it with effectiveAt at or after ${at}.`;
  switch (p.of) {
    case 'task':
      return (
        `effectiveAt ${p.effectiveAt} is before the task's previous change, which took effect at ${at} ` +
        `(status ${p.currentStatus}); a late report may go back only as far as the task's last change, so that every ` +
        `later transition stays legal. Report it with effectiveAt at or after ${at}.`
      );
    case 'plan-amendment':
      return `${before("the plan's latest amendment")}amendments take effect in the order they are recorded, so a late one may go back only as far as the last. ${record}`;
    case 'amendment-withdrawal':
      return (
        `amendment ${p.revision} took effect at ${p.effectiveAt}, before the plan's latest change at ${at} (a later amendment, since withdrawn); ` +
        "its withdrawal would take effect back in time, which the plan's valid time does not allow. Record a new amendment that restores what it changed."
      );
    case 'evaluation':
      return `${before("the plan's latest evaluation change")}evaluations and withdrawals take effect in the order they are recorded. ${record}`;
    case 'meeting':
      return `${before("the meeting's latest change")}a meeting's records take effect in the order they are recorded. ${record}`;
    case 'meeting-action-item':
      return `${before('the latest change of an action item the minutes assigned')}a meeting's records take effect in the order they are recorded. ${record}`;
    case 'action-item':
      return `${before("the action item's latest change")}an item's changes take effect in the order they are recorded. ${record}`;
    case 'annual-summary':
      return `${before("the unit's latest annual-summary change")}its summaries and withdrawals take effect in the order they are recorded. ${record}`;
    case 'inspection':
      return `${before('the inspection or the latest change of an action item it raised')}a withdrawal takes effect after them. ${record}`;
    case 'handling-plan':
      return `${before("the unit's handling plan's latest change")}its submissions and filings take effect in the order they are recorded. ${record}`;
    case 'indicator':
      return (
        before("the indicator's latest value") +
        "an indicator's values are recorded in the order of the dates they refer to, so a late value may go back only as far as the latest one. " +
        `Report it with effectiveAt at or after ${at}.`
      );
    case 'leading-group':
      return `${before("the leading group's latest change")}its replacements take effect in the order they are recorded, so a late one may go back only as far as the last. ${record}`;
    case 'reminder':
      return `${before(`the latest reminder to ${p.unitId}`)}a unit's reminders take effect in the order they are recorded. ${record}`;
    case 'progress':
      return `${before(`the latest report on this task for ${p.period}`)}a month's reports take effect in the order they are recorded, so a late one may go back only as far as the last. ${record}`;
  }
};

const validTimeZh = (p: ValidTimeFacts): string => {
  const at = p.previousEffectiveAt;
  const before = (what: string) => `effectiveAt ${p.effectiveAt} 早于${what}的生效时间 ${at}；`;
  const record = `请将 effectiveAt 设为 ${at} 或之后。`;
  switch (p.of) {
    case 'task':
      return `${before(`该任务上一次变更（状态 ${p.currentStatus}）`)}补报最早只能追溯到该任务的上一次变更，以保证其后每次状态变更都合法。${record}`;
    case 'plan-amendment':
      return `${before('方案最近一次调整')}方案调整按记录顺序生效，补记最早只能追溯到最近一次调整。${record}`;
    case 'amendment-withdrawal':
      return `第 ${p.revision} 条调整自 ${p.effectiveAt} 生效，早于方案最近一次变更（${at}，一条其后已撤回的调整）；撤回它须追溯生效，方案的生效时间不允许倒退。请另行记录一条调整，恢复其所改内容。`;
    case 'evaluation':
      return `${before('方案满意度测评最近一次变更')}测评与撤回按记录顺序生效。${record}`;
    case 'meeting':
      return `${before('该会议最近一次记录')}会议记录按记录顺序生效。${record}`;
    case 'meeting-action-item':
      return `${before('会议纪要所交办督办事项最近一次变更')}会议记录按记录顺序生效。${record}`;
    case 'action-item':
      return `${before('该督办事项最近一次变更')}督办事项的变更按记录顺序生效。${record}`;
    case 'annual-summary':
      return `${before('该单位年度总结最近一次变更')}年度总结的报送与撤回按记录顺序生效。${record}`;
    case 'inspection':
      return `${before('该督办/视察记录或其交办督办事项最近一次变更')}撤回须在其后生效。${record}`;
    case 'handling-plan':
      return `${before('该单位办理工作方案最近一次变更')}方案的报送与备案按记录顺序生效。${record}`;
    case 'indicator':
      return `${before('该指标最新数值')}指标数值按其所指日期的先后记录，补报最早只能追溯到最新数值。${record}`;
    case 'leading-group':
      return `${before('领导小组最近一次变更')}递补按记录顺序生效，补报最早只能追溯到最近一次变更。${record}`;
    case 'reminder':
      return `${before(`对 ${p.unitId} 最近一次催办`)}催办按记录顺序生效。${record}`;
    case 'progress':
      return `${before(`该任务 ${p.period} 最近一次进展报送`)}每月的报送按记录顺序生效，补报最早只能追溯到最近一次报送。${record}`;
  }
};

/** Why an alert id names nothing. */
export type AlertAbsence =
  | { because: 'malformed' }
  | { because: 'no-unit'; planId: string; unitId: string }
  | { because: 'no-task'; planId: string; taskCode: string }
  | { because: 'no-action-item'; planId: string; itemId: string; at: string }
  | { because: 'owes-nothing'; unitId: string; at: string };

/** Why a plan is not found at a reading (none of these: the store has no such plan). */
export type PlanAbsence =
  | { because: 'no-leading-group' }
  | { because: 'not-yet-recorded'; asOf: string; recordedAt: string; effectiveFrom: string }
  | { because: 'not-yet-in-effect'; validAt: string; effectiveFrom?: string };

/**
 * Why the access rules refuse a caller (src/app/access.ts): `rule` is the rule a 403 names, `access`
 * which of its refusals. `role` is the caller's.
 */
export type AccessRefusal =
  | { rule: 'token-plan'; access: 'bound-elsewhere'; boundTo: readonly string[]; planId: string }
  | { rule: 'token-plan'; access: 'system-events'; planId: string }
  | { rule: 'unit-reads-own-plan'; access: 'name-it' | 'whole-store' }
  | { rule: 'store-wide-token'; access: 'whole-store'; boundTo: readonly string[] }
  | {
      rule:
        | 'write-office'
        | 'write-cppcc'
        | 'write-action-item-unit'
        | 'task-status-by-office-or-lead'
        | 'write-task-member'
        | 'indicator-by-office-or-task-unit';
      access: 'role';
      role: string;
    }
  | { rule: 'write-own-unit'; access: 'role'; role: string }
  | { rule: 'write-own-unit'; access: 'other-unit'; unitId: string; forUnit: string | null }
  | { rule: 'write-action-item-unit' | 'task-status-by-office-or-lead' | 'write-task-member' | 'indicator-by-office-or-task-unit'; access: 'unnamed' }
  | { rule: 'write-action-item-unit'; access: 'other-unit'; itemId: string; assignedTo: string; unitId: string }
  | { rule: 'task-status-by-office-or-lead'; access: 'other-unit'; unitId: string; taskCode: string; leads: string }
  | {
      rule: 'write-task-member' | 'indicator-by-office-or-task-unit';
      access: 'other-unit';
      unitId: string;
      taskCode: string;
      leads: string;
      responsible: string;
    };

function accessEn(p: AccessRefusal): string {
  switch (p.access) {
    case 'bound-elsewhere':
      return `this token is bound to plan ${p.boundTo.join(', ')}, not ${p.planId}`;
    case 'system-events':
      return `the store's own events (${p.planId}) are for a store-wide office token`;
    case 'name-it':
      return 'a unit token reads only its own plan: name it';
    case 'whole-store':
      return p.rule === 'unit-reads-own-plan'
        ? 'a unit token reads only its own plan; this reads the whole store (office, supervisor and cppcc tokens may)'
        : `this reads the whole store; a token bound to plan ${p.boundTo.join(', ')} may not (a store-wide token may)`;
    case 'unnamed':
      return p.rule === 'write-action-item-unit' ? 'no action item named' : 'no task named';
    case 'role':
      switch (p.rule) {
        case 'write-office':
          return `only the office (办公室) may record this; a ${p.role} token may not (rule write-office)`;
        case 'write-cppcc':
          return `only the CPPCC (市政协) or the office (办公室) recording it for them may record this; a ${p.role} token may not (rule write-cppcc)`;
        case 'write-action-item-unit':
          return `only the office or the unit an action item is assigned to may close it; a ${p.role} token reads`;
        case 'write-own-unit':
          return `only the unit itself or the office (办公室) may record this; a ${p.role} token may not (rule write-own-unit)`;
        case 'task-status-by-office-or-lead':
          return `only the office or the task's lead unit (牵头单位) may change a task's status; a ${p.role} token reads`;
        default:
          return `only the office or a unit that leads or is responsible for the task may record this; a ${p.role} token reads`;
      }
    case 'other-unit':
      switch (p.rule) {
        case 'write-own-unit':
          return `unit ${p.unitId} may record this only for itself, not for unit ${p.forUnit ?? '…'} (rule write-own-unit)`;
        case 'write-action-item-unit':
          return `action item ${p.itemId} is assigned to unit ${p.assignedTo}; unit ${p.unitId} may close only its own action items`;
        case 'task-status-by-office-or-lead':
          return `unit ${p.unitId} does not lead task ${p.taskCode} (牵头单位: ${p.leads}); a unit may change the status only of tasks it leads`;
        default:
          return (
            `unit ${p.unitId} neither leads nor is responsible for task ${p.taskCode} (牵头单位: ${p.leads}; 责任单位: ${p.responsible}); ` +
            (p.rule === 'indicator-by-office-or-task-unit'
              ? 'a unit may report values only for the indicators of its own tasks'
              : 'a unit may record this only for tasks it is on')
          );
      }
  }
}

function accessZh(p: AccessRefusal): string {
  switch (p.access) {
    case 'bound-elsewhere':
      return `该令牌限于方案 ${p.boundTo.join(', ')}，不能用于方案 ${p.planId}`;
    case 'system-events':
      return `存储自身的事件（${p.planId}）仅供全库范围的办公室令牌读取`;
    case 'name-it':
      return '单位令牌只能读取本方案：请指明方案';
    case 'whole-store':
      return p.rule === 'unit-reads-own-plan'
        ? '单位令牌只能读取本方案；此操作读取整个存储（办公室、督查、政协令牌可以）'
        : `此操作读取整个存储；限于方案 ${p.boundTo.join(', ')} 的令牌不能读取（全库范围的令牌可以）`;
    case 'unnamed':
      return p.rule === 'write-action-item-unit' ? '未指明督办事项' : '未指明任务';
    case 'role':
      switch (p.rule) {
        case 'write-office':
          return `只有领导小组办公室可以记录此项；${p.role} 令牌不可以（规则 write-office）`;
        case 'write-cppcc':
          return `只有市政协或代为录入的领导小组办公室可以记录此项；${p.role} 令牌不可以（规则 write-cppcc）`;
        case 'write-action-item-unit':
          return `只有领导小组办公室或承办单位可以办结督办事项；${p.role} 令牌只能读取`;
        case 'write-own-unit':
          return `只有单位本身或领导小组办公室可以记录此项；${p.role} 令牌不可以（规则 write-own-unit）`;
        case 'task-status-by-office-or-lead':
          return `只有领导小组办公室或任务的牵头单位可以变更任务状态；${p.role} 令牌只能读取`;
        case 'indicator-by-office-or-task-unit':
          return `只有领导小组办公室或指标所属任务的牵头、责任单位可以报送指标数值；${p.role} 令牌只能读取`;
        default:
          return `只有领导小组办公室或任务的牵头、责任单位可以记录此项；${p.role} 令牌只能读取`;
      }
    case 'other-unit':
      switch (p.rule) {
        case 'write-own-unit':
          return `单位 ${p.unitId} 只能为本单位记录此项，不能为单位 ${p.forUnit ?? '…'} 记录（规则 write-own-unit）`;
        case 'write-action-item-unit':
          return `督办事项 ${p.itemId} 交办给单位 ${p.assignedTo}；单位 ${p.unitId} 只能办结交办给本单位的事项`;
        case 'task-status-by-office-or-lead':
          return `单位 ${p.unitId} 不是任务 ${p.taskCode} 的牵头单位（牵头单位：${p.leads}）；单位只能变更其牵头任务的状态`;
        default:
          return (
            `单位 ${p.unitId} 既不是任务 ${p.taskCode} 的牵头单位，也不是责任单位（牵头单位：${p.leads}；责任单位：${p.responsible}）；` +
            (p.rule === 'indicator-by-office-or-task-unit' ? '单位只能报送本单位任务的指标数值' : '单位只能为本单位承担的任务记录此项')
          );
      }
  }
}

/** Why a token is not accepted (src/app/token/token-queries.ts, src/http/middleware/auth.ts). */
export type TokenRefusal =
  | { because: 'no-token' | 'not-bearer' | 'unknown' }
  | { because: 'weak'; weakness: string; recipe: string }
  | { because: 'revoked' | 'expired'; at: string };

/** The errors' texts, by code. The code is the Problem's type (/problems/{code}). */
const ERROR_TEXTS = {
  'transition-refused': texts<{ from: string; to: string; allowed: readonly string[] }>({
    en: (p) =>
      p.allowed.length
        ? `a task cannot go from ${p.from} to ${p.to}; from ${p.from} it may go to: ${p.allowed.join(', ')}`
        : `a task cannot go from ${p.from} to ${p.to}; ${p.from} is final`,
    zh: (p) =>
      p.allowed.length
        ? `任务不能从${taskStatusZh(p.from)}变为${taskStatusZh(p.to)}；从${taskStatusZh(p.from)}只能变为：${p.allowed.map(taskStatusZh).join('、')}`
        : `任务不能从${taskStatusZh(p.from)}变为${taskStatusZh(p.to)}；${taskStatusZh(p.from)}是最终状态`,
  }),
  'plan-not-found': texts<{ planId: string; why?: PlanAbsence }>({
    en: (p) => {
      switch (p.why?.because) {
        case undefined:
          return `no plan ${p.planId}`;
        case 'no-leading-group':
          return `plan ${p.planId} has no leading group`;
        case 'not-yet-recorded':
          return (
            `plan ${p.planId} was not yet recorded as of ${p.why.asOf}: it was adopted (recorded) at ${p.why.recordedAt}, ` +
            `taking effect from ${p.why.effectiveFrom}. asOf asks what duban showed then; to ask what was in effect on a date, ` +
            `use validAt (e.g. validAt=${p.why.effectiveFrom.slice(0, 10)} or later).`
          );
        case 'not-yet-in-effect':
          return `plan ${p.planId} was not yet in effect at ${p.why.validAt}${p.why.effectiveFrom ? `: it takes effect from ${p.why.effectiveFrom}` : ''}`;
      }
    },
    zh: (p) => {
      switch (p.why?.because) {
        case undefined:
          return `没有方案 ${p.planId}`;
        case 'no-leading-group':
          return `方案 ${p.planId} 没有领导小组`;
        case 'not-yet-recorded':
          return (
            `截至 ${p.why.asOf}，方案 ${p.planId} 尚未录入：它于 ${p.why.recordedAt} 录入，自 ${p.why.effectiveFrom} 起生效。` +
            `asOf 查询当时系统显示的内容；要查询某日生效的状态，请使用 validAt（如 validAt=${p.why.effectiveFrom.slice(0, 10)} 或之后）。`
          );
        case 'not-yet-in-effect':
          return `方案 ${p.planId} 在 ${p.why.validAt} 尚未生效${p.why.effectiveFrom ? `：自 ${p.why.effectiveFrom} 起生效` : ''}`;
      }
    },
  }),
  'task-not-found': texts<{ planId: string; taskCode: string }>({
    en: (p) => `plan ${p.planId} has no task ${p.taskCode}`,
    zh: (p) => `方案 ${p.planId} 中没有任务 ${p.taskCode}`,
  }),
  'plan-already-adopted': texts<{ planId: string }>({
    en: (p) => `plan ${p.planId} is already adopted`,
    zh: (p) => `方案 ${p.planId} 已经录入`,
  }),
  'valid-time-conflict': texts<ValidTimeFacts>({ en: validTimeEn, zh: validTimeZh }),
  'unit-not-found': texts<{ planId: string; unitId: string; owes?: 'handling plan' | 'annual summary' }>({
    en: (p) => (p.owes ? `unit ${p.unitId} leads or shares no task of plan ${p.planId}, so it owes no ${p.owes}` : `plan ${p.planId} has no unit ${p.unitId}`),
    zh: (p) =>
      p.owes
        ? `单位 ${p.unitId} 不牵头也不参与方案 ${p.planId} 的任何任务，无须报送${p.owes === 'handling plan' ? '办理工作方案' : '年度总结'}`
        : `方案 ${p.planId} 中没有单位 ${p.unitId}`,
  }),
  forbidden: texts<
    | { rule: 'change-own-value'; valueId: string; owner: string | null; unitId: string | null }
    | { rule: 'report-own-unit'; unitId: string; forUnit: string }
    | { rule: 'withdraw-own-report'; reportId: string; owner: string; unitId: string }
    | AccessRefusal
  >({
    en: (p) => {
      if ('access' in p) return accessEn(p);
      switch (p.rule) {
        case 'change-own-value':
          return (
            `value ${p.valueId} was reported by ${p.owner !== null ? `unit ${p.owner}` : 'the office'}; ` +
            `a unit corrects or withdraws only the values it reported (unit ${p.unitId ?? '-'}), the office any`
          );
        case 'report-own-unit':
          return `a unit token reports for its own unit (${p.unitId}), not for ${p.forUnit}`;
        case 'withdraw-own-report':
          return `report ${p.reportId} is ${p.owner}'s; a unit withdraws only its own reports (unit ${p.unitId}), the office any`;
      }
    },
    zh: (p) => {
      if ('access' in p) return accessZh(p);
      switch (p.rule) {
        case 'change-own-value':
          return `数值 ${p.valueId} 由${p.owner !== null ? `单位 ${p.owner} ` : '领导小组办公室'}报送；单位只能更正或撤回本单位报送的数值（单位 ${p.unitId ?? '-'}），领导小组办公室可以处理任何数值`;
        case 'report-own-unit':
          return `单位令牌只能为本单位（${p.unitId}）报送，不能代 ${p.forUnit} 报送`;
        case 'withdraw-own-report':
          return `进展报送 ${p.reportId} 由 ${p.owner} 报送；单位只能撤回本单位的报送（单位 ${p.unitId}），领导小组办公室可以撤回任何报送`;
      }
    },
  }),
  'amendment-not-found': texts<{ planId: string; revision: number }>({
    en: (p) => `plan ${p.planId} has no amendment ${p.revision} in effect`,
    zh: (p) => `方案 ${p.planId} 没有生效中的第 ${p.revision} 条调整`,
  }),
  'amendment-not-latest': texts<{ revision: number; latest: number }>({
    en: (p) => `amendment ${p.revision} is not the latest in effect (${p.latest} is): withdraw the later ones first`,
    zh: (p) => `第 ${p.revision} 条调整不是最近一条生效的调整（最近一条是第 ${p.latest} 条）：请先撤回其后的调整`,
  }),
  'evaluation-not-found': texts<{ planId: string; evaluationId: string }>({
    en: (p) => `plan ${p.planId} has no evaluation ${p.evaluationId}`,
    zh: (p) => `方案 ${p.planId} 没有满意度测评 ${p.evaluationId}`,
  }),
  'evaluation-not-current': texts<{ evaluationId: string; scope: string; current: string | null; at?: string }>({
    en: (p) =>
      `evaluation ${p.evaluationId} is not the current evaluation of ${p.scope}${p.at ? ` at ${p.at}` : ''} ` +
      (p.current ? `(${p.current} is): ` : '(it has none): ') +
      'only the current one counts',
    zh: (p) =>
      `满意度测评 ${p.evaluationId} 不是 ${p.scope}${p.at ? ` 在 ${p.at} ` : ' '}的现行测评（${p.current ? `现行测评为 ${p.current}` : '尚无现行测评'}）：只以现行测评为准`,
  }),
  'evaluation-not-reopenable': texts<{ evaluationId: string; rating: string | null }>({
    en: (p) =>
      `evaluation ${p.evaluationId} does not reopen a task: ` +
      (p.rating === null
        ? 'it is the overall evaluation (总体), of no task'
        : `it is rated ${p.rating} (${ratingZh[p.rating] ?? p.rating}); only a task rated 不满意 is reopened`),
    zh: (p) =>
      `满意度测评 ${p.evaluationId} 不能重新启动任务：` +
      (p.rating === null ? '它是总体测评，不针对某项任务' : `测评结果为${ratingZh[p.rating] ?? p.rating}；只有测评为不满意的任务可以重新办理`),
  }),
  'meeting-not-found': texts<{ planId: string; meetingId: string }>({
    en: (p) => `plan ${p.planId} has no meeting ${p.meetingId}`,
    zh: (p) => `方案 ${p.planId} 没有会议 ${p.meetingId}`,
  }),
  'meeting-state-conflict': texts<{ meetingId: string; status: string; attempt: 'schedule' | 'minutes' | 'cancel' | 'withdraw' }>({
    en: (p) => {
      switch (p.attempt) {
        case 'schedule':
          return `meeting ${p.meetingId} is already recorded`;
        case 'minutes':
          return `meeting ${p.meetingId} is ${p.status}; minutes are recorded for a scheduled meeting`;
        case 'cancel':
          return `meeting ${p.meetingId} is ${p.status}; only a scheduled meeting is cancelled`;
        case 'withdraw':
          return `meeting ${p.meetingId} was already withdrawn`;
      }
    },
    zh: (p) => {
      const status = meetingStatusZh[p.status] ?? p.status;
      switch (p.attempt) {
        case 'schedule':
          return `会议 ${p.meetingId} 已有记录`;
        case 'minutes':
          return `会议 ${p.meetingId} ${status}；会议纪要只为已安排的会议记录`;
        case 'cancel':
          return `会议 ${p.meetingId} ${status}；只有已安排的会议可以取消`;
        case 'withdraw':
          return `会议 ${p.meetingId} 已撤回`;
      }
    },
  }),
  'task-not-completed': texts<{ taskCode: string; status: string }>({
    en: (p) => `task ${p.taskCode} is ${p.status}, not completed: only a completed task is reopened for a 不满意 rating`,
    zh: (p) => `任务 ${p.taskCode} 当前为 ${p.status}，不是已完成：只有已完成的任务可以因不满意测评重新办理`,
  }),
  'action-item-not-found': texts<{ planId: string; itemId: string }>({
    en: (p) => `plan ${p.planId} has no action item ${p.itemId}`,
    zh: (p) => `方案 ${p.planId} 没有督办事项 ${p.itemId}`,
  }),
  'action-item-state-conflict': texts<{ itemId: string; status: string }>({
    en: (p) => `action item ${p.itemId} is ${p.status}; only an open item is closed or extended`,
    zh: (p) => `督办事项 ${p.itemId} ${actionItemStatusZh[p.status] ?? p.status}；只有未办结的事项可以办结或延期`,
  }),
  'annual-summary-not-submitted': texts<{ unitId: string; year: number }>({
    en: (p) => `unit ${p.unitId} has no annual summary of ${p.year} standing to withdraw`,
    zh: (p) => `单位 ${p.unitId} 没有可撤回的 ${p.year} 年度总结`,
  }),
  'inspection-not-found': texts<{ planId: string; inspectionId: string }>({
    en: (p) => `plan ${p.planId} has no inspection ${p.inspectionId}`,
    zh: (p) => `方案 ${p.planId} 没有督办/视察记录 ${p.inspectionId}`,
  }),
  'inspection-state-conflict': texts<{ inspectionId: string }>({
    en: (p) => `inspection ${p.inspectionId} was already withdrawn`,
    zh: (p) => `督办/视察记录 ${p.inspectionId} 已撤回`,
  }),
  'handling-plan-state-conflict': texts<{ unitId: string; status: string; attempt: 'submit' | 'file' | 'withdraw' }>({
    en: (p) => {
      if (p.attempt === 'submit') return `the handling plan of unit ${p.unitId} is already filed (已备案); a filed plan is not submitted again`;
      if (p.attempt === 'file') {
        return p.status === 'not_submitted'
          ? `unit ${p.unitId} has not submitted a handling plan; only a submitted plan is filed or returned`
          : `the handling plan of unit ${p.unitId} is ${p.status}; only a submitted plan is filed or returned`;
      }
      return p.status === 'not_submitted'
        ? `unit ${p.unitId} has no submitted handling plan to withdraw`
        : p.status === 'filed'
          ? `the handling plan of unit ${p.unitId} is already filed (已备案); a filed plan is not withdrawn`
          : `the handling plan of unit ${p.unitId} was returned (已退回); only a submission awaiting the office is withdrawn`;
    },
    zh: (p) => {
      if (p.attempt === 'submit') return `单位 ${p.unitId} 的办理工作方案已备案，已备案的方案不能再次报送`;
      if (p.attempt === 'file') {
        return p.status === 'not_submitted'
          ? `单位 ${p.unitId} 尚未报送办理工作方案；只有已报送的方案可以备案或退回`
          : `单位 ${p.unitId} 的办理工作方案${handlingPlanStatusZh[p.status] ?? p.status}；只有已报送的方案可以备案或退回`;
      }
      return p.status === 'not_submitted'
        ? `单位 ${p.unitId} 没有可撤回的已报送办理工作方案`
        : p.status === 'filed'
          ? `单位 ${p.unitId} 的办理工作方案已备案，已备案的方案不能撤回`
          : `单位 ${p.unitId} 的办理工作方案已退回；只有待办公室审核的报送可以撤回`;
    },
  }),
  'bulletin-already-published': texts<{ period: string; publishedAt: string }>({
    en: (p) => `the bulletin for ${p.period} was already published at ${p.publishedAt}; read it with ?published=true`,
    zh: (p) => `${p.period} 情况季通报已于 ${p.publishedAt} 发布；请以 ?published=true 读取`,
  }),
  'bulletin-not-published': texts<{ planId: string; period: string; asOf: string }>({
    en: (p) =>
      `the bulletin of plan ${p.planId} for ${p.period} was not published as of ${p.asOf}; without published=true you get the bulletin as it reads now`,
    zh: (p) => `截至 ${p.asOf}，方案 ${p.planId} 的 ${p.period} 情况季通报尚未发布；不带 published=true 读取的是当前生成的通报`,
  }),
  'indicator-not-found': texts<{ planId: string; indicatorId: string }>({
    en: (p) => `plan ${p.planId} has no indicator ${p.indicatorId}`,
    zh: (p) => `方案 ${p.planId} 中没有指标 ${p.indicatorId}`,
  }),
  'indicator-value-not-found': texts<{ indicatorId: string; valueId: string }>({
    en: (p) => `indicator ${p.indicatorId} has no value ${p.valueId}`,
    zh: (p) => `指标 ${p.indicatorId} 没有数值 ${p.valueId}`,
  }),
  'replacement-not-found': texts<{ planId: string; replacementId: string }>({
    en: (p) => `the leading group of plan ${p.planId} has no replacement ${p.replacementId}`,
    zh: (p) => `方案 ${p.planId} 的领导小组没有递补记录 ${p.replacementId}`,
  }),
  'replacement-not-latest': texts<{ replacementId: string; seat?: string; latest?: string }>({
    en: (p) =>
      p.latest === undefined
        ? `replacement ${p.replacementId} was already withdrawn`
        : `replacement ${p.replacementId} is not the latest of seat ${p.seat} (${p.latest} is): withdraw the later one first`,
    zh: (p) =>
      p.latest === undefined
        ? `递补记录 ${p.replacementId} 已撤回`
        : `递补记录 ${p.replacementId} 不是席位 ${p.seat} 最近一次递补（最近一次是 ${p.latest}）：请先撤回其后的递补`,
  }),
  'seat-holder-mismatch': texts<{ seat: string; named: string; holder: string }>({
    en: (p) => `seat ${p.seat} is held by ${p.holder}, not ${p.named}; read the leading group again and name its current holder`,
    zh: (p) => `席位 ${p.seat} 现由 ${p.holder} 担任，不是 ${p.named}；请重新读取领导小组并写明现任人员`,
  }),
  'alert-not-found': texts<{ alertId: string; why: AlertAbsence }>({
    en: (p) => {
      const why = p.why;
      switch (why.because) {
        case 'malformed':
          return `no alert ${p.alertId}: an alert id is handling-plan:{unitId}, monthly-report:{YYYY-MM}:{taskCode}:{unitId}, task:{taskCode}:{unitId}, annual-summary:{unitId} or action-item:{itemId}`;
        case 'no-unit':
          return `no alert ${p.alertId}: plan ${why.planId} has no unit ${why.unitId}`;
        case 'no-task':
          return `no alert ${p.alertId}: plan ${why.planId} has no task ${why.taskCode}`;
        case 'no-action-item':
          return `no alert ${p.alertId}: plan ${why.planId} has no action item ${why.itemId} in effect at ${why.at}`;
        case 'owes-nothing':
          return `no alert ${p.alertId}: unit ${why.unitId} owes no such thing at ${why.at}`;
      }
    },
    zh: (p) => {
      const why = p.why;
      switch (why.because) {
        case 'malformed':
          return `没有提醒事项 ${p.alertId}：编号应为 handling-plan:{unitId}、monthly-report:{YYYY-MM}:{taskCode}:{unitId}、task:{taskCode}:{unitId}、annual-summary:{unitId} 或 action-item:{itemId}`;
        case 'no-unit':
          return `没有提醒事项 ${p.alertId}：方案 ${why.planId} 没有单位 ${why.unitId}`;
        case 'no-task':
          return `没有提醒事项 ${p.alertId}：方案 ${why.planId} 没有任务 ${why.taskCode}`;
        case 'no-action-item':
          return `没有提醒事项 ${p.alertId}：方案 ${why.planId} 在 ${why.at} 没有生效中的督办事项 ${why.itemId}`;
        case 'owes-nothing':
          return `没有提醒事项 ${p.alertId}：单位 ${why.unitId} 在 ${why.at} 不承担该事项`;
      }
    },
  }),
  'alert-not-due': texts<{ alertId: string; at: string; light: Light }>({
    en: (p) =>
      `${p.alertId} is ${p.light} at ${p.at}${p.light === 'green' ? ' (done, or not yet within the yellow-light window)' : ''}; only a yellow or red item is chased (催办)`,
    zh: (p) => `${p.alertId} 在 ${p.at} 为${lightLabels[p.light]}${p.light === 'green' ? '（已完成或尚未进入黄灯提醒期）' : ''}；只对黄灯或红灯事项催办`,
  }),
  'report-not-found': texts<{ taskCode: string; reportId: string }>({
    en: (p) => `task ${p.taskCode} has no progress report ${p.reportId}`,
    zh: (p) => `任务 ${p.taskCode} 没有进展报送 ${p.reportId}`,
  }),
  unauthorized: texts<TokenRefusal>({
    en: (p) => {
      switch (p.because) {
        case 'no-token':
          return 'this needs a token: send Authorization: Bearer <token> (see the README, Access)';
        case 'not-bearer':
          return 'the Authorization header is not Bearer <token>';
        case 'unknown':
          return 'the token is not one duban issued';
        case 'weak':
          return `the token is too weak to be accepted any more (${p.weakness}): have a strong one issued; ${p.recipe}`;
        case 'revoked':
          return `the token was revoked at ${p.at}`;
        case 'expired':
          return `the token expired at ${p.at}`;
      }
    },
    zh: (p) => {
      switch (p.because) {
        case 'no-token':
          return '需要令牌：请发送 Authorization: Bearer <令牌>（见 README 的 Access 一节）';
        case 'not-bearer':
          return 'Authorization 请求头不是 Bearer <令牌> 的形式';
        case 'unknown':
          return '该令牌不是 duban 签发的';
        case 'weak':
          return `该令牌强度不足，不再接受（${p.weakness}）：请签发一个强令牌；${p.recipe}`;
        case 'revoked':
          return `该令牌已于 ${p.at} 吊销`;
        case 'expired':
          return `该令牌已于 ${p.at} 过期`;
      }
    },
  }),
  // The application's (src/app/errors.ts).
  'precondition-failed': texts<{ currentEtag: string }>({
    en: (p) => `the resource has changed: its ETag is now ${p.currentEtag}`,
    zh: (p) => `资源已被修改：其 ETag 现为 ${p.currentEtag}`,
  }),
  // With `stored`: a write whose events are in, answered before the read model applied them.
  'not-yet-applied': texts<{ wanted: number; applied: number; waitedMs: number; stored?: { position: number; eventIds: readonly string[] } }>({
    en: (p) =>
      p.stored
        ? `the write is stored (position ${p.stored.position}, event ${p.stored.eventIds.join(', ')}) but not yet readable: the read model has applied position ${p.applied} (waited ${p.waitedMs} ms). Do not send it again; read it back shortly`
        : `the read model has applied position ${p.applied}, not yet ${p.wanted} (waited ${p.waitedMs} ms); retry shortly`,
    zh: (p) =>
      p.stored
        ? `写入已保存（位置 ${p.stored.position}，事件 ${p.stored.eventIds.join('、')}），但尚不可读：读模型已应用到位置 ${p.applied}（已等待 ${p.waitedMs} 毫秒）。请勿重复提交，稍后读取即可`
        : `读模型已应用到位置 ${p.applied}，尚未到 ${p.wanted}（已等待 ${p.waitedMs} 毫秒）；请稍后重试`,
  }),
  'invalid-plan-file': texts<{ file: string; issues: readonly { path: string; message: string }[] }>({
    en: (p) => `${p.file} is not a valid plan:\n${p.issues.map((i) => `  ${i.path || '(root)'}: ${i.message}`).join('\n')}`,
    zh: (p) => `${p.file} 不是有效的方案：\n${p.issues.map((i) => `  ${i.path || '（根）'}：${i.message}`).join('\n')}`,
  }),
  // The store's (src/store/errors.ts).
  'concurrent-change': texts<{ streamId: string; expected: string; actual: number }>({
    en: (p) => `stream ${p.streamId} is at revision ${p.actual}, expected ${p.expected}; read it again and retry`,
    zh: (p) => `事件流 ${p.streamId} 当前版本为 ${p.actual}，而非预期的 ${p.expected}（其间已被他人修改）；请重新读取后重试`,
  }),
  'already-applied': texts<{ eventId: string }>({
    en: () => 'this request was applied before, but its response was lost (the server stopped before sending it); read the resource for its state now',
    zh: () => '该请求此前已生效，但其响应因服务中断而丢失；请重新读取该资源以查看当前状态',
  }),
};

const changeSubjectEn = (s: AmendmentSubject) =>
  s.what === 'task-units'
    ? `task ${s.id}'s units`
    : s.what === 'task-deadline'
      ? `task ${s.id}'s deadline`
      : s.what === 'indicator-target'
        ? `indicator ${s.id}'s target`
        : s.what === 'report-due-day'
          ? 'the monthly report due day'
          : 'the yellow-light window';
const changeSubjectZh = (s: AmendmentSubject) =>
  s.what === 'task-units'
    ? `任务 ${s.id} 的承办单位`
    : s.what === 'task-deadline'
      ? `任务 ${s.id} 的完成时限`
      : s.what === 'indicator-target'
        ? `指标 ${s.id} 的目标值`
        : s.what === 'report-due-day'
          ? '每月报送截止日'
          : '黄灯提醒期';

/** What an amendment would change. */
export type AmendmentSubject = { what: 'task-units' | 'task-deadline' | 'indicator-target'; id: string } | { what: 'report-due-day' | 'yellow-window' };

/**
 * The rules a command can break, by code: each is the text of one field at fault in a 422's `errors`
 * (RuleViolated names the field).
 */
const RULE_TEXTS = {
  // The forms zod schemas hold fields to (src/domain/text.ts, indicator-value.ts, a period's form):
  // a schema's message is English text, made here by schemaMessage so its Chinese is found by code.
  'text-too-long': texts<{ max: number }>({ en: (p) => `at most ${p.max} characters`, zh: (p) => `最多 ${p.max} 个字符` }),
  'text-bidi-control': texts<{ cp: string }>({ en: (p) => `contains ${p.cp}, a bidirectional control character`, zh: (p) => `含有双向控制字符 ${p.cp}` }),
  'text-control': texts<{ cp: string }>({ en: (p) => `contains ${p.cp}, a control character`, zh: (p) => `含有控制字符 ${p.cp}` }),
  'text-single-line': texts({ en: () => 'must be a single line', zh: () => '只能是一行文字，不能换行' }),
  'text-lone-surrogate': texts({ en: () => 'contains a lone surrogate (not a Unicode character)', zh: () => '含有孤立的代理项（不是有效的 Unicode 字符）' }),
  'text-invisible': texts({ en: () => 'needs visible text, not only spaces or invisible characters', zh: () => '需要可见的文字，不能只有空白或不可见字符' }),
  'link-form': texts<{ example: string }>({
    en: (p) => `an http(s) URL or a document number such as ${p.example}`,
    zh: (p) => `应为 http(s) 网址或文号，例如 ${p.example}`,
  }),
  'document-number-form': texts<{ example: string }>({
    en: (p) => `a document number: the issuer's code in Chinese characters, the year in 〔〕, the number and 号, e.g. ${p.example}`,
    zh: (p) => `应为发文字号：机关代字（汉字）、以六角括号〔〕括入的年份、序号和“号”，例如 ${p.example}`,
  }),
  'decimal-form': texts<{ integerDigits: number; fractionDigits: number }>({
    en: (p) =>
      `a non-negative exact decimal such as "150" or "2.5", as a string, at most ${p.integerDigits} digits before the point and ${p.fractionDigits} after`,
    zh: (p) => `应为非负的精确小数（字符串），如 "150" 或 "2.5"，整数部分最多 ${p.integerDigits} 位，小数部分最多 ${p.fractionDigits} 位`,
  }),
  'period-form': texts<{ example: string }>({
    en: (p) => `a period as YYYY-MM, YYYY-Qn or YYYY, e.g. ${p.example}`,
    zh: (p) => `期间应为 YYYY-MM、YYYY-Qn 或 YYYY，例如 ${p.example}`,
  }),
  'effective-at-in-future': texts({ en: () => 'effectiveAt may not be in the future', zh: () => 'effectiveAt 不能晚于当前时间' }),
  'effective-at-before-plan': texts<{ planEffectiveAt: string }>({
    en: (p) => `effectiveAt may not be before the plan took effect (${p.planEffectiveAt})`,
    zh: (p) => `effectiveAt 不能早于方案生效时间（${p.planEffectiveAt}）`,
  }),
  'backdate-too-far': texts<{ days: number; effectiveAt: string }>({
    en: (p) => `a unit may back-date a write at most ${p.days} days (effectiveAt ${p.effectiveAt} is earlier); the office may go further`,
    zh: (p) => `单位补报最多只能追溯 ${p.days} 天（effectiveAt ${p.effectiveAt} 更早）；领导小组办公室可以追溯更久`,
  }),
  'before-changed-value': texts<{ change: 'correction' | 'withdrawal'; notBefore: string }>({
    en: (p) =>
      p.change === 'correction'
        ? `a correction may not take effect before the value it corrects (${p.notBefore})`
        : `a withdrawal may not take effect before the value it withdraws (${p.notBefore})`,
    zh: (p) =>
      `${p.change === 'correction' ? '更正' : '撤回'}的生效时间不能早于被${p.change === 'correction' ? '更正' : '撤回'}数值的生效时间（${p.notBefore}）`,
  }),
  'unit-or-group-unknown': texts<{ planId: string; unitId: string }>({
    en: (p) => `plan ${p.planId} has no unit or group ${p.unitId}`,
    zh: (p) => `方案 ${p.planId} 中没有单位或单位组 ${p.unitId}`,
  }),
  'unit-unknown': texts<{ unitId: string; planId?: string }>({
    en: (p) => (p.planId ? `plan ${p.planId} has no unit ${p.unitId}` : `the plan has no unit ${p.unitId}`),
    zh: (p) => (p.planId ? `方案 ${p.planId} 中没有单位 ${p.unitId}` : `方案中没有单位 ${p.unitId}`),
  }),
  'task-unknown': texts<{ taskCode: string; planId?: string; tasks?: readonly string[] }>({
    en: (p) =>
      (p.planId ? `plan ${p.planId} has no task ${p.taskCode}` : `the plan has no task ${p.taskCode}`) +
      (p.tasks ? `; its tasks are ${p.tasks.join(', ')}` : ''),
    zh: (p) => (p.planId ? `方案 ${p.planId} 中没有任务 ${p.taskCode}` : `方案中没有任务 ${p.taskCode}`) + (p.tasks ? `；任务为 ${p.tasks.join('、')}` : ''),
  }),
  'indicator-unknown': texts<{ planId: string; indicatorId: string }>({
    en: (p) => `plan ${p.planId} has no indicator ${p.indicatorId}`,
    zh: (p) => `方案 ${p.planId} 中没有指标 ${p.indicatorId}`,
  }),
  'outside-plan-span': texts<{ what: string; first: string; last: string | null }>({
    en: (p) => `${p.what} lies outside the plan's span (${p.last ? `${p.first} to ${p.last}` : `from ${p.first}`})`,
    zh: (p) => `${p.what} 不在方案的时间范围内（${p.last ? `${p.first} 至 ${p.last}` : `${p.first} 起`}）`,
  }),
  'period-not-begun-at-valid-at': texts<{ period: string; validAt: string }>({
    en: (p) => `${p.period} had not begun at validAt ${p.validAt}`,
    zh: (p) => `在 validAt ${p.validAt} 时，${p.period} 尚未开始`,
  }),
  'period-not-begun-at-as-of': texts<{ period: string; asOf: string }>({
    en: (p) => `${p.period} had not begun at asOf ${p.asOf}`,
    zh: (p) => `截至 asOf ${p.asOf}，${p.period} 尚未开始`,
  }),
  'cursor-unknown': texts({ en: () => 'not a cursor this service gave out', zh: () => '不是本服务给出的游标' }),
  'needs-plan-id': texts<{ field: string }>({
    en: (p) => `${p.field} is a plan's own id: give planId with it`,
    zh: (p) => `${p.field} 属于某个方案，须同时给出 planId`,
  }),
  'effective-at-and-as-of-date': texts({ en: () => 'give effectiveAt or asOfDate, not both', zh: () => 'effectiveAt 与 asOfDate 只能给出其一' }),
  'as-of-date-in-future': texts({ en: () => 'asOfDate may not be in the future', zh: () => 'asOfDate 不能晚于今天' }),
  'indicator-unit-mismatch': texts<{ indicatorId: string; unit: string; given: string }>({
    en: (p) => `indicator ${p.indicatorId} is counted in ${p.unit}, not ${p.given}: give the value in ${p.unit}`,
    zh: (p) => `指标 ${p.indicatorId} 的计量单位是 ${p.unit}，不是 ${p.given}：请以 ${p.unit} 报送`,
  }),
  'indicator-whole-number': texts<{ unit: string; value: string }>({
    en: (p) => `the indicator counts in ${p.unit}: give a whole number, not ${p.value}`,
    zh: (p) => `该指标以“${p.unit}”计数，应为整数，而不是 ${p.value}`,
  }),
  'value-withdrawn': texts<{ valueId: string }>({
    en: (p) => `value ${p.valueId} was withdrawn; it is neither corrected nor withdrawn again`,
    zh: (p) => `数值 ${p.valueId} 已撤回，不能再更正或撤回`,
  }),
  'correction-changes-nothing': texts<{ valueId: string; value: string }>({
    en: (p) => `value ${p.valueId} is already ${p.value}: a correction changes it`,
    zh: (p) => `数值 ${p.valueId} 已经是 ${p.value}：更正须改变数值`,
  }),
  'correction-needs-reason': texts({ en: () => 'every correction carries a reason', zh: () => '每次更正都需要说明原因' }),
  'withdrawal-needs-reason': texts({ en: () => 'every withdrawal carries a reason', zh: () => '每次撤回都需要说明原因' }),
  'status-change-needs-reason': texts({ en: () => 'every status change carries a reason', zh: () => '每次状态变更都需要说明原因' }),
  'completion-needs-evidence': texts({ en: () => 'completing a task needs an evidence summary', zh: () => '完成任务需要提供佐证材料摘要' }),
  'reopen-to-in-progress': texts({
    en: () => 'a task reopened for its rating goes back to in_progress',
    zh: () => '因测评重新办理的任务回到推进中（in_progress）',
  }),
  'plan-not-adopted': texts({ en: () => 'the plan is not adopted', zh: () => '该方案尚未录入' }),
  'amendment-changes-nothing': texts<AmendmentSubject>({
    en: (p) => `${changeSubjectEn(p)} is already so: an amendment changes something`,
    zh: (p) => `${changeSubjectZh(p)}已是如此：调整须有所改变`,
  }),
  'amendment-names-no-list': texts({
    en: () => 'name leadUnits, responsibleUnits or both: the lists that change',
    zh: () => '请写明要调整的 leadUnits、responsibleUnits 或两者',
  }),
  'task-needs-lead-unit': texts({ en: () => 'a task has at least one lead unit (牵头单位)', zh: () => '任务至少要有一个牵头单位' }),
  'unit-named-twice': texts<{ unitId: string }>({ en: (p) => `${p.unitId} is named twice`, zh: (p) => `${p.unitId} 重复出现` }),
  'deadline-before-issue': texts<{ issuedOn: string }>({
    en: (p) => `a deadline may not be before the plan was issued (${p.issuedOn})`,
    zh: (p) => `完成时限不能早于方案印发日期（${p.issuedOn}）`,
  }),
  'amended-plan-invalid': texts<{ issues: string }>({
    en: (p) => `the amended plan would not be valid: ${p.issues}`,
    zh: (p) => `调整后的方案将无效：${p.issues}`,
  }),
  'dissatisfied-needs-comments': texts({
    en: () => 'a rating of 不满意 (dissatisfied) says why: give comments',
    zh: () => '测评为不满意时须说明理由：请填写测评意见',
  }),
  'meeting-before-plan': texts<{ planEffectiveAt: string; scheduledFor: string }>({
    en: (p) => `a meeting is scheduled for a time after the plan took effect (${p.planEffectiveAt}), not ${p.scheduledFor}`,
    zh: (p) => `会议时间应晚于方案生效时间（${p.planEffectiveAt}），不能为 ${p.scheduledFor}`,
  }),
  'meeting-too-far-ahead': texts<{ days: number; scheduledFor: string }>({
    en: (p) => `a meeting is scheduled at most ${p.days} days ahead, not for ${p.scheduledFor}`,
    zh: (p) => `会议最多提前 ${p.days} 天安排，不能安排在 ${p.scheduledFor}`,
  }),
  'action-item-to-group': texts<{ unitId: string; groupName: string }>({
    en: (p) => `${p.unitId} is a group (${p.groupName}); an action item is assigned to one of its units`,
    zh: (p) => `${p.unitId} 是单位组（${p.groupName}）；督办事项应交办给其中某一单位`,
  }),
  'action-item-due-before-assigned': texts<{ at: string; dueDate: string }>({
    en: (p) => `an action item is due no earlier than the day it is assigned (${p.at}), not ${p.dueDate}`,
    zh: (p) => `督办事项的办结时限不能早于交办之日（${p.at}），不能为 ${p.dueDate}`,
  }),
  'extension-not-later': texts<{ dueDate: string; requested: string }>({
    en: (p) => `an extension moves the due date later than ${p.dueDate}, not to ${p.requested}`,
    zh: (p) => `延期须晚于现有办结时限 ${p.dueDate}，不能改为 ${p.requested}`,
  }),
  'annual-summary-before-plan-year': texts<{ planYear: number; year: number }>({
    en: (p) => `the plan was issued in ${p.planYear}: an annual summary is of ${p.planYear} or later, not ${p.year}`,
    zh: (p) => `方案印发于 ${p.planYear} 年：年度总结应为 ${p.planYear} 年或其后年份，不能是 ${p.year} 年`,
  }),
  'annual-summary-year-not-begun': texts<{ year: number; atYear: number }>({
    en: (p) => `an annual summary of ${p.year} cannot be submitted in ${p.atYear}: a year is summed up once it has begun`,
    zh: (p) => `${p.atYear} 年不能报送 ${p.year} 年度总结：年度开始后才能总结`,
  }),
  'unit-owes-no-handling-plan': texts<{ unitId: string }>({
    en: (p) => `unit ${p.unitId} leads or shares no task of the plan, so it owes no handling plan`,
    zh: (p) => `单位 ${p.unitId} 不牵头也不参与方案的任何任务，无须报送办理工作方案`,
  }),
  'measure-task-not-owed': texts<{ unitId: string; taskCode: string; tasks: readonly string[] }>({
    en: (p) => `unit ${p.unitId} neither leads nor shares task ${p.taskCode}; its tasks are ${p.tasks.join(', ')}`,
    zh: (p) => `单位 ${p.unitId} 既不牵头也不参与任务 ${p.taskCode}；其任务为 ${p.tasks.join('、')}`,
  }),
  'return-needs-reason': texts({ en: () => 'a returned handling plan needs a reason (退回理由)', zh: () => '退回办理工作方案须说明退回理由' }),
  'bulletin-before-quarter-end': texts<{ period: string; periodEnd: string; at: string }>({
    en: (p) => `a quarter's bulletin is published once the quarter has ended: ${p.period} ends at ${p.periodEnd}, publication at ${p.at}`,
    zh: (p) => `季度结束后方可发布情况季通报：${p.period} 于 ${p.periodEnd} 结束，发布时间为 ${p.at}`,
  }),
  'seat-unknown': texts<{ seat: string; deputies: number; members: number }>({
    en: (p) => `the leading group has no seat ${p.seat}; its seats are leader, deputy-1…deputy-${p.deputies} and member-1…member-${p.members}`,
    zh: (p) => `领导小组没有席位 ${p.seat}；席位为 leader、deputy-1…deputy-${p.deputies} 和 member-1…member-${p.members}`,
  }),
  'successor-already-holds': texts<{ name: string; seat: string }>({
    en: (p) => `${p.name} already holds seat ${p.seat}; a successor is someone else`,
    zh: (p) => `${p.name} 已担任席位 ${p.seat}；递补人员应为他人`,
  }),
  'report-withdrawn': texts<{ reportId: string }>({
    en: (p) => `report ${p.reportId} was already withdrawn`,
    zh: (p) => `进展报送 ${p.reportId} 已撤回`,
  }),
  'report-by-group': texts<{ unitId: string; groupName: string; example: string }>({
    en: (p) => `${p.unitId} is a group (${p.groupName}); a report is by one of its units, e.g. ${p.example}`,
    zh: (p) => `${p.unitId} 是单位组（${p.groupName}）；应由其中某一单位报送，例如 ${p.example}`,
  }),
  'unit-not-on-task': texts<{ unitId: string; taskCode: string }>({
    en: (p) => `unit ${p.unitId} is neither a lead nor a responsible unit of task ${p.taskCode}; it cannot report on it`,
    zh: (p) => `单位 ${p.unitId} 既不是任务 ${p.taskCode} 的牵头单位，也不是责任单位，不能报送其进展`,
  }),
  'period-not-begun': texts<{ period: string }>({
    en: (p) => `${p.period} has not begun yet; a month is reported on once it has begun`,
    zh: (p) => `${p.period} 尚未开始；月份开始后才能报送`,
  }),
  'report-before-month': texts<{ period: string; periodStart: string; at: string }>({
    en: (p) => `a report for ${p.period} is made once the month has begun (${p.periodStart}), not at ${p.at}`,
    zh: (p) => `${p.period} 的报送须在该月开始（${p.periodStart}）之后，不能在 ${p.at}`,
  }),
  // Tokens (the duban tokens command).
  'token-needs-name': texts({ en: () => 'a token needs a name saying whose it is', zh: () => '令牌需要一个说明其归属的名称' }),
  'unit-token-needs-unit': texts({ en: () => 'a unit token names its unit (--unit)', zh: () => '单位令牌须指明其单位（--unit）' }),
  'unit-token-needs-plan': texts({ en: () => 'a unit token is bound to a plan (--plan)', zh: () => '单位令牌须限定于某个方案（--plan）' }),
  'only-unit-token-names-unit': texts<{ role: string }>({
    en: (p) => `only a unit token names a unit; a ${p.role} token acts for no unit`,
    zh: (p) => `只有单位令牌指明单位；${p.role} 令牌不代表任何单位`,
  }),
  'expiry-past': texts<{ expiresAt: string }>({ en: (p) => `the expiry ${p.expiresAt} is already past`, zh: (p) => `过期时间 ${p.expiresAt} 已过` }),
  'expiry-unreadable': texts<{ expires: string }>({
    en: (p) => `${p.expires} is not a calendar date (2026-12-31) or a date-time with its offset (2026-12-31T18:00:00+08:00)`,
    zh: (p) => `${p.expires} 不是日期（2026-12-31），也不是带时区偏移的日期时间（2026-12-31T18:00:00+08:00）`,
  }),
  'token-too-weak': texts<{ weakness: string; recipe: string }>({
    en: (p) => `a token set by hand must be as strong as an issued one, and ${p.weakness}; ${p.recipe}`,
    zh: (p) => `手工设定的令牌须与签发的令牌同样强（${p.weakness}）；${p.recipe}`,
  }),
  'token-already-issued': texts<{ tokenId: string }>({
    en: (p) => `this token was already issued, as ${p.tokenId}`,
    zh: (p) => `该令牌已经签发，编号为 ${p.tokenId}`,
  }),
  'token-unknown': texts<{ tokenId: string }>({ en: (p) => `no token ${p.tokenId}`, zh: (p) => `没有令牌 ${p.tokenId}` }),
  'token-already-revoked': texts<{ tokenId: string; revokedAt: string }>({
    en: (p) => `token ${p.tokenId} was already revoked at ${p.revokedAt}`,
    zh: (p) => `令牌 ${p.tokenId} 已于 ${p.revokedAt} 吊销`,
  }),
  'unit-in-several-plans': texts<{ planIds: readonly string[]; unitId: string }>({
    en: (p) => `plans ${p.planIds.join(', ')} all name unit ${p.unitId}: say which the token is for (--plan)`,
    zh: (p) => `方案 ${p.planIds.join('、')} 都有单位 ${p.unitId}：请指明令牌用于哪个方案（--plan）`,
  }),
  'unit-in-no-plan': texts<{ unitId: string; planIds: readonly string[] }>({
    en: (p) => `no plan has unit ${p.unitId} (plans: ${p.planIds.join(', ')})`,
    zh: (p) => `没有方案含有单位 ${p.unitId}（方案：${p.planIds.join('、')}）`,
  }),
};

export type ErrorCode = keyof typeof ERROR_TEXTS;
export type RuleCode = keyof typeof RULE_TEXTS;
export type MessageCode = ErrorCode | RuleCode;

/** Every code's texts, errors' and rules' alike. */
export const MESSAGES: { readonly [C in MessageCode]: (typeof ERROR_TEXTS & typeof RULE_TEXTS)[C] } = { ...ERROR_TEXTS, ...RULE_TEXTS };

/** The facts a code's texts are written from. */
export type ParamsOf<C extends MessageCode> = Parameters<(typeof MESSAGES)[C]['en']>[0];

/** A broken rule as a command raises it: the rule's code and its facts. */
export type RuleText = { [C in RuleCode]: { rule: C } & ParamsOf<C> }[RuleCode];

/** A code's text in both languages, from its facts. */
export function textsOf<C extends MessageCode>(code: C, params: ParamsOf<C>): { en: string; zh: string } {
  return { en: textOf(code, params, 'en'), zh: textOf(code, params, 'zh') };
}

/** A code's text in a language, from its facts. */
export function textOf(code: MessageCode, params: object, lang: Language): string {
  return (MESSAGES[code] as Texts<object>)[lang](params);
}

// A zod schema's message is a plain string: each one made here is remembered with its code and facts,
// so the HTTP edge renders it in either language from the catalogue (bounded: a few forms, their facts
// a length, a code point or an example).
const schemaMessages = new Map<string, { code: MessageCode; params: object }>();

/** The English message of a form a zod schema holds a field to, rendered again in Chinese by code. */
export function schemaMessage<C extends MessageCode>(code: C, params: ParamsOf<C>): string {
  const en = textOf(code, params, 'en');
  if (!schemaMessages.has(en)) schemaMessages.set(en, { code, params });
  return en;
}

/** A schema's message in a language, when schemaMessage made it. */
export function schemaMessageIn(en: string, lang: Language): string | undefined {
  const known = schemaMessages.get(en);
  return known && textOf(known.code, known.params, lang);
}
