// Benchmark (not a test): the figures the read model is judged by, on a store shaped like a year of use.
//   npx tsx scripts/bench-time.ts [--events N] [--file path] [--keep] [--requests N] [--restarts K]
//                                 [--kind-seconds S] [--seed S]          (npm run bench:time -- …)
//
// 1. Generate N events (default 1 000 000) through the store API: ~N/4500 copies of the Wuhan plan
//    (bench-0001, bench-0002, …), its dates moved to 2026 (issue date, phases, handling-plan deadline,
//    any task deadline), each PlanAdopted recorded and effective on the issue date (2026-03-23), while
//    a fake clock walks recordedAt from there to the end of 2026. Each copy gets a year of office work,
//    written as the app writes it (same data shapes, streams from `streams`), ~315 events a copy:
//    - HandlingPlanSubmitted by every unit that owes one (unitsOwing: leads and responsible units,
//      groups expanded), 15% after the deadline, 3% never; HandlingPlanFiled (filed) 2–10 days later,
//      12% first returned with a reason and submitted again, 4% left undecided;
//    - ProgressReported by each lead unit of each task for each month of the implementation phase
//      (April–November), 15% missing, 10% after the due day (the plan's, default the 10th of the next
//      month), 4% followed by a second report that supersedes it (data.supersedes);
//    - IndicatorValueReported per indicator at each quarter's end within the phase and at its end
//      (cumulative, towards the target), entered 1–10 days later, 6% then IndicatorValueCorrected;
//    - MemberReplaced (递补) of one or two leading-group members, May–October;
//    - ReminderSent (催办, red) for half the missing or late reports and late handling plans;
//    - meetings (协调会议制度): the mobilisation meeting on issue, a leading-group meeting, two
//      coordination meetings, the report to the CPPCC, each MeetingScheduled days ahead, then
//      MeetingHeld (minutes 1–4 days later; leading-group and coordination meetings' decisions assign
//      1–2 action items each to a task's lead unit, due in 15–60 days) or, 10%, MeetingCancelled;
//    - action items (督办事项, on action-item-{planId}:{itemId}): 15% ActionItemExtended 15–30 days,
//      70% ActionItemClosed (15% of those after the due date, onTime as the decider says), the rest
//      open (overdue once due);
//    - one InspectionRecorded (视察 by CPPCC members, July–October) whose first finding raises an item;
//    - AnnualSummarySubmitted in December by every unit that owes one (8% never), by the deadline;
//    - SatisfactionEvaluated (满意度测评) of every task and the overall handling, late December.
//    Not generated: BulletinPublished (its data holds the published bytes of four formats, ~85 KB, built
//    by the real builder from the read model at the store position; faking them would make a store the
//    app never writes, building them here means running the read model inside the generator), the
//    reopening of a task rated 不满意 (it would take a TaskStatusChanged out of the round-robin streams'
//    legal sequence), and withdrawals (撤回). The quarterly bulletin is read live below.
//    Effective times are working hours in the plan's zone, entered with a lag of hours to days, and
//    appended in the order entered; valid time is monotone per stream (so per projection key).
//    These come out of the TaskStatusChanged budget, so the store holds N events; the mix is printed
//    (at N = 1M: ~92% TaskStatusChanged). TaskStatusChanged events follow the legal transitions,
//    ~300 per task stream less the office's share, appended ~50 per append, round-robin over the
//    streams; ~10% are late reports (their effectiveAt days before recordedAt, never before the
//    stream's previous effectiveAt).
//    --file reuses a generated file holding ≥ N events (otherwise it must not exist yet, or be empty).
// 2. `duban rebuild --store sqlite:<file>`: the events/s from its last line, if the command exists.
// 3. `duban serve --port 0`: first start, then restarts (spawn → the log line carrying `url`). After
//    the first start, a few reads of the first plan at the end of the year must answer 200 with the
//    office's year in them (monthly dispatch with reports and missing ones, alerts with reminders,
//    handling plans filed, indicator values, a replaced seat, a unit's record; meetings held, action
//    items from meetings and the inspection, open and closed, the inspection, annual summaries, every
//    task evaluated, scorecards ranking every unit, the Q2 bulletin): else exit 1.
// 4. Sequential keep-alive reads over HTTP with random plan, task, unit, month, asOf and validAt, and
//    without them: tasks, a task, the audit; alerts (all, ?unit), a unit's record, the monthly
//    dispatch (of a month begun at validAt), handling plans, indicators, the leading group; the
//    scorecards (all units, one unit), action items, meetings, evaluations, annual summaries, and the
//    quarterly bulletin as JSON (a quarter begun at asOf; it takes no validAt: the quarter's end).
// 5. The server's VmRSS after the reads.
// 6. Baselines from the same run (shared machines move): an indexed point read with raw better-sqlite3
//    on the same file, and GET /health (the server's floor per request).
// 7. One table against the targets. It reports; it does not fail on a missed target (exit 0).
//    Exit 1 only when it cannot run (bad arguments, generation failing, the generated year not reading
//    back, the server not starting).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import cliProgress from 'cli-progress';
import { DateTime } from 'luxon';
import { v7 as uuidv7 } from 'uuid';
import { readPlanFile } from '../src/app/plan/plan-adoption.ts';
import { startOf } from '../src/app/time.ts';
import type { ActionItemClosedData, ActionItemExtendedData, AssignedActionItem } from '../src/domain/action-item.ts';
import {
  type AnnualSummarySubmittedData,
  type HandlingPlanFiledData,
  type HandlingPlanSubmittedData,
  type IndicatorValueCorrectedData,
  type IndicatorValueReportedData,
  type MemberReplacedData,
  type ProgressReportedData,
  type Rating,
  type SatisfactionEvaluatedData,
  streams,
  type TaskStatusChangedData,
} from '../src/domain/events.ts';
import { tasksOwedBy, unitsOwing } from '../src/domain/handling-plan.ts';
import type { InspectionRecordedData } from '../src/domain/inspection.ts';
import { seatsOf } from '../src/domain/leading-group.ts';
import { endOfDate } from '../src/domain/light.ts';
import type { MeetingCancelledData, MeetingDecision, MeetingHeldData, MeetingKind, MeetingScheduledData } from '../src/domain/meeting.ts';
import { expandUnits, implementationPeriod, monthlyReportDueDayOf, type PlanDefinition } from '../src/domain/plan.ts';
import { type AlertRef, alertIdOf, type ReminderSentData } from '../src/domain/reminder.ts';
import type { TaskStatus } from '../src/domain/task-status.ts';
import { transitions } from '../src/domain/task-status.ts';
import type { Actor, NewEvent } from '../src/store/event-store.ts';
import { SqliteEventStore } from '../src/store/sqlite-event-store.ts';
import { percentile } from './percentile.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'duban.js');
const TEMPLATE = join(ROOT, 'plans', 'wuhan-2023-p1.json');

const EVENTS_PER_STREAM = 300;
const EVENTS_PER_APPEND = 50;
const LATE_SHARE = 0.1;
/** The year the plan copies run in (the template's dates are moved to it) and the clock walks. */
const YEAR = 2026;
const YEAR_END = Date.parse(`${YEAR}-12-31T23:59:59.999Z`);
const DAY = 86_400_000;
const ACTOR: Actor = { id: 'bench', role: 'office' };
const WARMUP = 50;

const TARGET = { readP95Ms: 50, restartS: 2, rssMb: 300, rebuildPerS: 100_000 };

/** A wrong argument or an unusable --file: said in one line, without a stack. */
class UsageError extends Error {}

interface Options {
  events: number;
  file: string | undefined;
  keep: boolean;
  requests: number;
  restarts: number;
  kindSeconds: number;
  seed: number;
}

const USAGE = `usage: npx tsx scripts/bench-time.ts [options]
  --events N         events in the store (default 1000000)
  --file PATH        use this SQLite file: reused if it holds >= N events, else generated into (must be new or empty)
  --keep             keep the temp dir with the generated store (its path is printed)
  --requests N       requests per read kind (default 1000)
  --restarts K       restarts measured, the last one serves the reads (default 3; the figure is their median)
  --kind-seconds S   stop a read kind after S seconds even if short of N requests (default 120)
  --seed S           random seed (default 1)`;

function parseArgs(argv: string[]): Options {
  const o: Options = { events: 1_000_000, file: undefined, keep: false, requests: 1000, restarts: 3, kindSeconds: 120, seed: 1 };
  const int = (name: string, v: string | undefined, min: number) => {
    const n = Number(v);
    if (v === undefined || !Number.isSafeInteger(n) || n < min) throw new UsageError(`${name} wants an integer >= ${min}, got ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.startsWith('--') && argv[i]!.includes('=') ? argv[i]!.split(/=(.*)/s, 2) : [argv[i]!, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--events':
        o.events = int(flag, value(), 1000);
        break;
      case '--file':
        o.file = resolve(value() ?? '');
        break;
      case '--keep':
        o.keep = true;
        break;
      case '--requests':
        o.requests = int(flag, value(), 1);
        break;
      case '--restarts':
        o.restarts = int(flag, value(), 1);
        break;
      case '--kind-seconds':
        o.kindSeconds = int(flag, value(), 1);
        break;
      case '--seed':
        o.seed = int(flag, value(), 0);
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break; // not reached: it states that no case falls through
      default:
        throw new UsageError(`unknown argument ${argv[i]}\n${USAGE}`);
    }
  }
  return o;
}

/** mulberry32: small, seeded, good enough to pick plans and phrases. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const say = (s: string) => process.stderr.write(`${s}\n`);
const iso = (ms: number) => new Date(ms).toISOString();
const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
const fmtMs = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

// ---------------------------------------------------------------------------------------------
// 1. Generation

/** Reasons by the status a change goes to: a dozen phrases of the length real reports have. */
const REASONS: Record<'start' | 'reopen' | 'at_risk' | 'blocked' | 'completed', string[]> = {
  start: ['已完成年度目标的60%，正在推进项目签约', '协调会议已明确责任分工，各责任单位按月调度推进', '配套资金已拨付到位，项目恢复正常推进'],
  reopen: ['市政协视察时指出部分成果尚未转化落地，重新列入督办', '满意度测评未达标，按整改要求重新办理'],
  at_risk: [
    '受原材料价格上涨影响，部分项目开工时间推迟，进度滞后于计划',
    '关键设备采购招标流标，需重新组织招标，存在延期风险',
    '指标完成率低于序时进度15个百分点，已约谈牵头单位',
  ],
  blocked: ['用地规划调整尚未获批，项目暂停施工，待市自然资源规划局审批', '合作方资金链紧张，协议签署暂缓，需市领导出面协调'],
  completed: ['年度目标任务已全部完成，经第三方评估验收合格', '各项指标均已达到或超过方案要求，已形成办理工作总结'],
};

/**
 * Where a task goes next, weighted: completing is rare and a completed task, having more reports to
 * come, is reopened; never cancelled (final). Checked against `transitions` below.
 */
const NEXT: Record<Exclude<TaskStatus, 'cancelled'>, [TaskStatus, number][]> = {
  not_started: [['in_progress', 1]],
  in_progress: [
    ['at_risk', 0.6],
    ['blocked', 0.3],
    ['completed', 0.1],
  ],
  at_risk: [
    ['in_progress', 0.7],
    ['blocked', 0.25],
    ['completed', 0.05],
  ],
  blocked: [
    ['in_progress', 0.6],
    ['at_risk', 0.4],
  ],
  completed: [['in_progress', 1]],
};
for (const [from, tos] of Object.entries(NEXT)) {
  for (const [to] of tos) {
    if (!transitions[from as TaskStatus].includes(to)) throw new Error(`bench bug: ${from} → ${to} is not a legal transition`);
  }
}

// ---------------------------------------------------------------------------------------------
// 1b. The office's year: what each plan's units and office write besides task status

/** An office-year event waiting for the clock: appended once the fake clock reaches `recordAt`. */
interface Scheduled {
  streamId: string;
  planId: string;
  type: string;
  actor: Actor;
  data: unknown;
  /** Valid time (ms); raised to the stream's previous one if the recording order needs it. */
  effectiveAt: number;
  /** When it is entered (ms): effectiveAt plus a lag. */
  recordAt: number;
  seq: number;
}

const OFFICE_TYPES = [
  'HandlingPlanSubmitted',
  'HandlingPlanFiled',
  'ProgressReported',
  'IndicatorValueReported',
  'IndicatorValueCorrected',
  'MemberReplaced',
  'ReminderSent',
  'MeetingScheduled',
  'MeetingHeld',
  'MeetingCancelled',
  'ActionItemClosed',
  'ActionItemExtended',
  'InspectionRecorded',
  'AnnualSummarySubmitted',
  'SatisfactionEvaluated',
] as const;

/** Shares of the office's year (the bench's realism knobs). */
const OFFICE = {
  /** Units that never submit their handling plan this year. */
  handlingPlanNever: 0.03,
  /** Submissions after the plan's deadline (1–25 days). */
  handlingPlanLate: 0.15,
  /** Submissions the office returns (退回) with a reason; the unit then submits again. */
  handlingPlanReturned: 0.12,
  /** Submissions the office has not decided on by the end of the year. */
  handlingPlanPending: 0.04,
  /** Monthly reports a lead unit never makes. */
  reportMissing: 0.15,
  /** Reports made after the month's due day (1–15 days). */
  reportLate: 0.1,
  /** Reports followed by a second one for the same unit, task and month (data.supersedes). */
  reportSuperseded: 0.04,
  /** Missing or late reports the office chases (催办) after the due day. */
  reportChased: 0.5,
  /** Indicator values corrected later. */
  valueCorrected: 0.06,
  /** Scheduled meetings cancelled instead of held. */
  meetingCancelled: 0.1,
  /** Action items closed by the end of the year; of those, closed after their due date. */
  itemClosed: 0.7,
  itemClosedLate: 0.15,
  /** Action items whose due date the office extends (before closing them or not). */
  itemExtended: 0.15,
  /** Units that never submit their annual summary; of those that do, after the deadline's day. */
  summaryMissing: 0.08,
  /** Evaluation ratings: satisfied, basically satisfied, dissatisfied (the rest). */
  satisfied: 0.7,
  basicallySatisfied: 0.25,
};

const PHRASES = {
  hpSummary: [
    '围绕建议案办理任务分工，明确本单位牵头和配合事项、责任处室、时间节点和工作措施，按月调度推进。',
    '成立本单位办理工作专班，由主要负责同志牵头，分管负责同志具体抓，逐项细化任务清单和责任清单。',
    '对照方案要求，制定任务台账，实行清单化管理、项目化推进，确保各项任务按期办结。',
  ],
  measure: [
    '制定专项工作方案，细化年度目标，明确责任处室和完成时限',
    '建立月调度机制，定期梳理进展和问题，及时报送办理信息',
    '加强与牵头单位的沟通衔接，配合做好政策制定和项目推进工作',
    '统筹用好专项资金，支持重点项目建设，跟踪问效',
    '组织开展专题调研，形成调研报告，提出工作建议',
  ],
  returned: ['工作措施不够具体，未明确时间节点和责任处室，请修改完善后重新报送', '与任务分工不对应，缺少配合事项的工作安排，请补充完善'],
  filed: ['经审核，同意备案'],
  done: [
    '召开专题推进会，研究部署本月重点工作，完成项目调度和问题梳理',
    '新增签约项目3个，完成投资计划的阶段性目标，相关政策文件已印发实施',
    '组织企业对接活动2场，走访重点企业15家，协调解决融资、用地等问题6个',
    '完成年度任务分解，各责任处室按照时间节点推进，整体进度符合序时要求',
    '专项资金已拨付到位，重点项目按计划推进，配套政策正在征求意见',
  ],
  problems: ['部分项目前期手续办理进度偏慢，需相关部门加强协调', '资金到位时间滞后，影响项目建设进度', '企业参与积极性有待提高，政策知晓度不高'],
  nextSteps: ['加快推进重点项目建设，确保按期完成年度目标', '加强跟踪调度，及时协调解决存在的问题', '做好政策宣传解读，扩大政策覆盖面'],
  source: ['市统计局季度统计数据', '牵头单位统计台账', '市科技局业务统计系统', '第三方评估机构核查数据'],
  valueNote: ['数据为截至本季度末累计数', '含已完成备案和正在办理的项目'],
  correction: ['统计口径调整，按最新统计数据更正', '原数据录入有误，经核实予以更正', '剔除重复统计的项目后更正'],
  reminder: ['请抓紧报送本月办理进展情况', '已逾期，请于3个工作日内报送，并说明逾期原因', '请按要求报送具体办理工作方案'],
  successor: ['王建华', '刘志强', '陈晓东', '张海燕', '李卫国', '周文斌', '吴明亮', '黄丽萍'],
  replacement: ['工作调整，由接任工作的同志递补，不另行发文调整', '原成员职务变动，按照领导小组递补规则由接任同志递补'],
  meetingTitle: {
    leading_group: ['领导小组第一次全体会议', '领导小组全体会议'],
    coordination: ['1号建议案办理工作专题协调会', '科技成果转化重点难点问题协调会'],
    mobilisation: ['1号建议案办理工作动员部署会'],
    report_to_cppcc: ['向市政协汇报1号建议案办理工作情况'],
  } satisfies Record<MeetingKind, string[]>,
  chair: [
    { name: '李明', title: '市人民政府副市长' },
    { name: '赵刚', title: '市人民政府副秘书长' },
  ],
  place: ['市民之家第三会议室', '市人民政府1号楼第二会议室', '市政协机关会议室'],
  minutes: [
    '会议听取了各牵头单位办理工作进展情况汇报，分析了存在的问题，研究部署了下一阶段工作。会议指出，要对照任务分工，逐项压实责任，确保按期完成年度目标。',
    '会议通报了1号建议案办理工作进展，协调解决了成果转化平台建设、专项资金拨付等问题，明确了各责任单位的工作任务和完成时限。',
  ],
  decision: [
    '由牵头单位会同相关责任单位研究制定配套政策，于期限内报领导小组办公室',
    '加快推进重点项目建设，专项资金按进度拨付到位',
    '建立问题清单，逐项明确责任单位和完成时限，办结一项销号一项',
  ],
  item: ['牵头制定科技成果转化专项支持政策', '报送重点项目推进情况及存在问题清单', '组织开展企业需求调研并形成调研报告', '完成专项资金拨付并报送使用情况'],
  cancelled: ['因主要领导临时有公务活动，会议延期另行安排', '议题调整，并入下次领导小组会议研究'],
  resolution: [
    '已按要求完成，相关文件已印发实施，佐证材料已报送领导小组办公室',
    '调研报告已形成并报送，问题清单已逐项销号',
    '专项资金已全部拨付到位，使用情况已报送',
  ],
  extension: ['涉及多个部门会签，需延长办理时限', '配套政策正在征求意见，申请延期至下月底'],
  inspector: [
    { name: '刘建国', title: '市政协副主席', role: 'cppcc_member' as const },
    { name: '孙丽', title: '市政协委员', role: 'cppcc_member' as const },
    { name: '李明', title: '市人民政府副市长', role: 'city_leader' as const },
  ],
  finding: ['部分科技成果转化项目落地进度滞后于计划', '企业对相关支持政策知晓度不高，政策宣传解读需加强', '中试平台建设用地手续尚未办结'],
  summaryText: [
    '一、基本情况\n本单位按照1号建议案办理工作方案要求，成立工作专班，细化任务清单，按月调度推进。\n二、主要成效\n各项任务按期推进，年度目标基本完成。\n三、存在问题和下一步打算\n部分项目进度滞后，下一步将加强调度，确保取得实效。',
    '一、工作开展情况\n对照任务分工，逐项落实牵头和配合事项，按时报送办理进展。\n二、取得的成效\n相关政策文件已印发实施，重点项目顺利推进。\n三、下一步工作\n持续跟踪问效，巩固办理成果。',
  ],
  evaluator: [{ name: '市政协提案委员会', group: '市政协领导及委员视察组' }, { name: '市政协委员视察组' }],
  comment: ['办理工作认真扎实，成效明显', '办理工作总体较好，部分成果转化仍需加强', '办理进度滞后，成效不明显，建议继续督办'],
};

/** The template's dates moved by whole years (the plan copies are this year's plan). */
function redated(template: PlanDefinition, years: number): PlanDefinition {
  const d = (date: string) => DateTime.fromISO(date).plus({ years }).toISODate()!;
  const plan: PlanDefinition = {
    ...template,
    issuedOn: d(template.issuedOn),
    phases: template.phases.map((p) => ({ ...p, startDate: d(p.startDate), endDate: d(p.endDate) })),
    tasks: template.tasks.map((t) => (t.deadline ? { ...t, deadline: d(t.deadline) } : t)),
  };
  if (template.handlingPlanDeadline) plan.handlingPlanDeadline = d(template.handlingPlanDeadline);
  if (template.annualSummaryDeadline) plan.annualSummaryDeadline = d(template.annualSummaryDeadline);
  if (template.workingDayCalendar) {
    plan.workingDayCalendar = {
      ...template.workingDayCalendar,
      holidays: template.workingDayCalendar.holidays.map(d),
      workingDays: template.workingDayCalendar.workingDays.map(d),
    };
  }
  return plan;
}

/** One plan's year of office work, in no particular order (the caller sorts by recordAt). */
function officeYear(plan: PlanDefinition, random: () => number, end: number, nextSeq: () => number): Scheduled[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const chance = (p: number) => random() < p;
  const zone = plan.timeZone;
  const planId = plan.id;
  const start = Date.parse(startOf(plan.issuedOn, plan.timeZone));
  const office: Actor = ACTOR;
  const unitActor = (unitId: string): Actor => ({ id: `bench-unit-${unitId}`, role: 'unit', unitId });
  /** A working-hours instant on a plan date, `days` later. */
  const on = (date: string, days = 0) =>
    DateTime.fromISO(date, { zone })
      .plus({ days })
      .set({ hour: 9 + Math.floor(random() * 9), minute: Math.floor(random() * 60), second: Math.floor(random() * 60) })
      .toMillis();
  const dateOf = (ms: number) => DateTime.fromMillis(ms, { zone }).toISODate()!;
  const lag = (maxDays: number) => Math.floor(random() * maxDays * DAY);
  const unitName = (id: string) => plan.units.find((u) => u.id === id)?.name ?? id;
  const docNumber = (unitId: string) =>
    `武${unitName(unitId).replace(/^市/, '').slice(0, 6)}〔${plan.issuedOn.slice(0, 4)}〕${1 + Math.floor(random() * 200)}号`;
  const out: Scheduled[] = [];
  const add = (streamId: string, type: (typeof OFFICE_TYPES)[number], actor: Actor, data: unknown, effectiveAt: number, recordAt = effectiveAt) => {
    const e = Math.max(start, Math.min(effectiveAt, end));
    out.push({ streamId, planId, type, actor, data, effectiveAt: e, recordAt: Math.max(e, Math.min(recordAt, end)), seq: nextSeq() });
  };
  const alert = (ref: AlertRef, light: 'yellow' | 'red', at: number) => {
    const data: ReminderSentData = {
      reminderId: uuidv7(),
      alertId: alertIdOf(ref),
      kind: ref.kind,
      unitId: ref.unitId,
      ...(ref.taskCode ? { taskCode: ref.taskCode } : {}),
      ...(ref.period ? { period: ref.period } : {}),
      light,
      note: pick(PHRASES.reminder),
    };
    add(streams.reminders(planId, ref.unitId), 'ReminderSent', office, data, at, at + lag(1));
  };

  // Handling plans (具体办理工作方案): every unit that owes one submits by the deadline or late; the
  // office files it or returns it, and a returned one comes back and is filed.
  const deadline = plan.handlingPlanDeadline;
  if (deadline) {
    const deadlineEnd = DateTime.fromISO(deadline, { zone }).endOf('day').toMillis();
    for (const unitId of unitsOwing(plan)) {
      const stream = streams.unit(planId, unitId);
      const tasks = tasksOwedBy(plan, unitId);
      const submit = (at: number, round: number) => {
        const data: HandlingPlanSubmittedData = {
          unitId,
          title: `${unitName(unitId)}关于落实1号建议案办理工作方案的具体办理工作方案${round > 0 ? '（修改稿）' : ''}`,
          summary: pick(PHRASES.hpSummary),
          measures: tasks.map((taskCode) => ({ taskCode, text: pick(PHRASES.measure) })),
        };
        if (chance(0.7)) data.documentNumber = docNumber(unitId);
        add(stream, 'HandlingPlanSubmitted', unitActor(unitId), data, at, at + lag(1));
      };
      const decision = (at: number, outcome: 'filed' | 'returned') => {
        const data: HandlingPlanFiledData = {
          unitId,
          outcome,
          ...(outcome === 'returned' ? { reason: pick(PHRASES.returned) } : chance(0.3) ? { reason: pick(PHRASES.filed) } : {}),
        };
        add(stream, 'HandlingPlanFiled', office, data, at, at + lag(1));
      };
      if (chance(OFFICE.handlingPlanNever)) {
        alert({ kind: 'handling_plan', unitId }, 'red', deadlineEnd + DAY + lag(5));
        continue;
      }
      const late = chance(OFFICE.handlingPlanLate);
      const window = Math.max(1, Math.round((Date.parse(deadline) - Date.parse(plan.issuedOn)) / DAY));
      let at = late ? on(deadline, 1 + Math.floor(random() * 25)) : on(plan.issuedOn, 1 + Math.floor(random() * window));
      // A unit more than two days late is chased (red) before it submits.
      if (late && at - deadlineEnd > 2 * DAY && chance(0.6))
        alert({ kind: 'handling_plan', unitId }, 'red', deadlineEnd + 3600_000 + lag((at - deadlineEnd) / DAY - 1));
      submit(at, 0);
      if (chance(OFFICE.handlingPlanPending)) continue;
      if (chance(OFFICE.handlingPlanReturned)) {
        at += DAY * (2 + Math.floor(random() * 6));
        decision(at, 'returned');
        at += DAY * (3 + Math.floor(random() * 8));
        submit(at, 1);
      }
      at += DAY * (2 + Math.floor(random() * 9));
      decision(at, 'filed');
    }
  }

  // Monthly progress reports (信息报送): each lead unit of each task, every month of the implementation
  // period, due on the plan's due day of the next month; some missing, some late, a few superseded.
  const period = implementationPeriod(plan);
  const dueDay = monthlyReportDueDayOf(plan);
  if (period && plan.reporting.some((r) => r.cadence === 'monthly')) {
    const months = monthsOf(plan);
    for (const task of plan.tasks) {
      const stream = streams.progress(planId, task.code);
      const leads = expandUnits(plan, task.leadUnits);
      months.forEach((month, i) => {
        const first = DateTime.fromISO(`${month}-01`, { zone });
        const due = first.plus({ months: 1 }).set({ day: dueDay });
        const dueEnd = due.endOf('day').toMillis();
        for (const unitId of leads) {
          const ref: AlertRef = { kind: 'monthly_report', unitId, taskCode: task.code, period: month };
          if (chance(OFFICE.reportMissing)) {
            if (chance(OFFICE.reportChased)) alert(ref, 'red', dueEnd + DAY + lag(5));
            continue;
          }
          const late = chance(OFFICE.reportLate);
          // On time: from the 25th of the month to the due day; late: 1–15 days after it.
          const from = late ? dueEnd + 1000 : first.set({ day: 25 }).toMillis();
          const to = late ? dueEnd + (1 + Math.floor(random() * 15)) * DAY : dueEnd - 9 * 3600_000;
          const at = from + Math.floor(random() * (to - from));
          if (late && at - dueEnd > 2 * DAY && chance(OFFICE.reportChased)) alert(ref, 'red', dueEnd + DAY + lag(1));
          const report = (reportId: string, when: number, supersedes?: string) => {
            const data: ProgressReportedData = { reportId, unitId, taskCode: task.code, period: month, done: pick(PHRASES.done) };
            if (chance(0.5)) data.problems = pick(PHRASES.problems);
            if (chance(0.7)) data.nextSteps = pick(PHRASES.nextSteps);
            if (chance(0.8)) data.percentComplete = Math.max(0, Math.min(100, Math.round((100 * (i + 1)) / months.length + (random() - 0.5) * 20)));
            if (chance(0.3)) data.attachments = [docNumber(unitId)];
            if (supersedes) data.supersedes = supersedes;
            add(stream, 'ProgressReported', unitActor(unitId), data, when, when + lag(1));
          };
          const id = uuidv7();
          report(id, at);
          if (chance(OFFICE.reportSuperseded)) report(uuidv7(), at + DAY * (1 + Math.floor(random() * 5)), id);
        }
      });
    }

    // Indicator values (指标): each indicator at each quarter's end within the implementation period and
    // at its end, as a cumulative figure towards the target, entered 1–10 days later; a few corrected.
    const ends = [
      ...months.filter((m) => ['03', '06', '09', '12'].includes(m.slice(5))).map((m) => DateTime.fromISO(`${m}-01`, { zone }).endOf('month').toISODate()!),
      period.endDate,
    ].filter((d, i, all) => all.indexOf(d) === i && d <= period.endDate);
    for (const indicator of plan.indicators) {
      const stream = streams.indicator(planId, indicator.id);
      const target = Number(indicator.target.value);
      const decimals = /元/.test(indicator.target.unit) ? 1 : 0; // money to one place, counts whole
      ends.forEach((date, q) => {
        const share = indicator.target.comparator === 'about' ? 0.9 + random() * 0.15 : ((q + 1) / ends.length) * (0.7 + random() * 0.5);
        const value = (target * share).toFixed(decimals);
        const at = DateTime.fromISO(date, { zone }).set({ hour: 18 }).toMillis();
        const data: IndicatorValueReportedData = {
          indicatorId: indicator.id,
          valueId: uuidv7(),
          value,
          unit: indicator.target.unit,
          source: pick(PHRASES.source),
        };
        if (chance(0.4)) data.note = pick(PHRASES.valueNote);
        const recorded = at + DAY + lag(9);
        add(stream, 'IndicatorValueReported', office, data, at, recorded);
        if (chance(OFFICE.valueCorrected)) {
          const corrected = (Number(value) * (random() < 0.5 ? 0.9 : 1.1)).toFixed(decimals);
          if (corrected !== value) {
            const when = recorded + DAY * (3 + Math.floor(random() * 15));
            const c: IndicatorValueCorrectedData = {
              indicatorId: indicator.id,
              valueId: data.valueId,
              value: corrected,
              previousValue: value,
              reason: pick(PHRASES.correction),
            };
            add(stream, 'IndicatorValueCorrected', office, c, when, when + lag(1));
          }
        }
      });
    }
  }

  // The leading group (递补): one or two members replaced by their successors in the same post.
  if (plan.leadingGroup) {
    const seats = seatsOf(plan.leadingGroup).filter((s) => s.role === 'member');
    const count = 1 + (chance(0.5) ? 1 : 0);
    const taken = new Set<string>();
    let at = on(dateOf(start), 60 + Math.floor(random() * 60));
    for (let i = 0; i < count && seats.length > taken.size; i++) {
      let seat = pick(seats);
      while (taken.has(seat.seat)) seat = pick(seats);
      taken.add(seat.seat);
      const data: MemberReplacedData = {
        seat: seat.seat,
        previous: { name: seat.name, title: seat.title, unitId: seat.unitId },
        successor: { name: pick(PHRASES.successor), title: seat.title },
        reason: pick(PHRASES.replacement),
        replacementId: uuidv7(),
      };
      add(streams.leadingGroup(planId), 'MemberReplaced', office, data, at, at + lag(3));
      at += DAY * (20 + Math.floor(random() * 60));
    }
  }

  // Meetings (协调会议制度): the mobilisation meeting on issue, a leading-group meeting, two coordination
  // meetings and the report to the CPPCC; each scheduled days ahead, then held (minutes recorded 1–4 days
  // later) or, a few, cancelled. A held meeting's decisions assign action items (督办事项) to units.
  const owing = unitsOwing(plan);
  const codes = plan.tasks.map((t) => t.code);
  const someCodes = (n: number) => [...new Set(Array.from({ length: n }, () => pick(codes)))];
  const leadOf = (code: string) => expandUnits(plan, plan.tasks.find((t) => t.code === code)!.leadUnits)[0] ?? pick(owing);
  /** An assigned item's year: an extension (before its due date), and a closure on time or late, or none. */
  const itemYear = (item: AssignedActionItem, assignedRecorded: number) => {
    const stream = streams.actionItem(planId, item.itemId);
    let t = assignedRecorded + DAY + lag(3);
    let dueDate = item.dueDate;
    const dueEnd = () => Date.parse(endOfDate(dueDate, zone));
    if (chance(OFFICE.itemExtended) && t < dueEnd() - DAY) {
      const at = t + Math.floor(random() * (dueEnd() - DAY - t));
      const data: ActionItemExtendedData = {
        itemId: item.itemId,
        unitId: item.unitId,
        previousDueDate: dueDate,
        dueDate: dateOf(dueEnd() + (15 + Math.floor(random() * 16)) * DAY),
        reason: pick(PHRASES.extension),
      };
      if (at + DAY >= end) return;
      add(stream, 'ActionItemExtended', office, data, at, at + lag(1));
      dueDate = data.dueDate;
      t = at + DAY + 1000;
    }
    if (!chance(OFFICE.itemClosed)) return;
    const late = chance(OFFICE.itemClosedLate);
    const from = late ? dueEnd() + 1000 : t;
    const to = late ? dueEnd() + (1 + Math.floor(random() * 20)) * DAY : Math.max(t + 1000, dueEnd() - 3600_000);
    const at = Math.max(t, from + Math.floor(random() * (to - from)));
    if (at + DAY >= end) return;
    const data: ActionItemClosedData = { itemId: item.itemId, unitId: item.unitId, resolution: pick(PHRASES.resolution), dueDate, onTime: at <= dueEnd() };
    add(stream, 'ActionItemClosed', chance(0.7) ? unitActor(item.unitId) : office, data, at, at + lag(1));
  };
  const assign = (heldAt: number, code?: string): AssignedActionItem => {
    const unitId = code ? leadOf(code) : pick(owing);
    return { itemId: uuidv7(), unitId, dueDate: dateOf(heldAt + (15 + Math.floor(random() * 46)) * DAY), text: pick(PHRASES.item) };
  };
  const meetings: [MeetingKind, number][] = [
    ['mobilisation', 3],
    ['coordination', 45 + Math.floor(random() * 30)],
    ['leading_group', 90 + Math.floor(random() * 30)],
    ['coordination', 140 + Math.floor(random() * 40)],
    ['report_to_cppcc', 215 + Math.floor(random() * 20)],
  ];
  for (const [kind, days] of meetings) {
    const meetingId = uuidv7();
    const stream = streams.meeting(planId, meetingId);
    const heldAt = on(dateOf(start), days);
    const title = pick(PHRASES.meetingTitle[kind]);
    const scheduledAt = Math.max(start + 3600_000, heldAt - (3 + Math.floor(random() * 9)) * DAY);
    const scheduled: MeetingScheduledData = { meetingId, kind, title, chair: pick(PHRASES.chair), scheduledFor: iso(heldAt), place: pick(PHRASES.place) };
    add(stream, 'MeetingScheduled', office, scheduled, scheduledAt, scheduledAt + lag(0.3));
    if (kind !== 'mobilisation' && chance(OFFICE.meetingCancelled)) {
      const at = Math.max(scheduledAt + DAY / 2, heldAt - DAY);
      const data: MeetingCancelledData = { meetingId, title, reason: pick(PHRASES.cancelled) };
      add(stream, 'MeetingCancelled', office, data, at, at + lag(0.3));
      continue;
    }
    const withItems = kind === 'leading_group' || kind === 'coordination';
    const decisions: MeetingDecision[] = Array.from({ length: withItems ? 2 + Math.floor(random() * 2) : 1 }, (_, i) => {
      const taskCodes = someCodes(1 + Math.floor(random() * 2));
      const actionItems = withItems ? Array.from({ length: 1 + Math.floor(random() * 2) }, () => assign(heldAt, pick(taskCodes))) : [];
      return { decisionId: `d${i + 1}`, text: pick(PHRASES.decision), taskCodes, actionItems };
    });
    const attendees = [...new Set(Array.from({ length: 3 + Math.floor(random() * 4) }, () => pick(owing)))].map((unitId) => ({
      name: pick(PHRASES.successor),
      title: `${unitName(unitId)}负责同志`,
      unitId,
    }));
    const held: MeetingHeldData = { meetingId, kind, title, attendees, minutes: pick(PHRASES.minutes), decisions };
    const recorded = heldAt + DAY + lag(3);
    add(stream, 'MeetingHeld', office, held, heldAt, recorded);
    for (const d of decisions) for (const item of d.actionItems) itemYear(item, recorded);
  }

  // An inspection (视察) by CPPCC members and a city leader, July–October: findings on a few tasks, the
  // first raising an action item to the task's lead unit.
  {
    const inspectionId = uuidv7();
    const at = on(dateOf(start), 110 + Math.floor(random() * 90));
    const tasks = someCodes(2 + Math.floor(random() * 2));
    const findings = tasks.slice(0, 2).map((code, i) => ({
      findingId: `f${i + 1}`,
      text: pick(PHRASES.finding),
      taskCodes: [code],
      actionItems: i === 0 ? [assign(at, code)] : [],
    }));
    const data: InspectionRecordedData = {
      inspectionId,
      kind: 'visit',
      title: '市政协领导及委员视察1号建议案办理工作',
      who: [PHRASES.inspector[0]!, PHRASES.inspector[1]!, ...(chance(0.5) ? [PHRASES.inspector[2]!] : [])],
      tasks,
      units: [...new Set(tasks.map(leadOf))],
      findings,
    };
    const recorded = at + DAY + lag(2);
    add(streams.inspection(planId, inspectionId), 'InspectionRecorded', office, data, at, recorded);
    for (const f of findings) for (const item of f.actionItems) itemYear(item, recorded);
  }

  // Annual summaries (年度总结): every unit that owes one, in December, by the plan's deadline (the year
  // ends there, so none is late); a few never.
  const year = Number(plan.issuedOn.slice(0, 4));
  for (const unitId of owing) {
    if (chance(OFFICE.summaryMissing)) continue;
    const at = on(`${year}-12-01`, Math.floor(random() * 27));
    const data: AnnualSummarySubmittedData = {
      summaryId: uuidv7(),
      unitId,
      year,
      title: `${unitName(unitId)}关于1号建议案办理工作的年度总结`,
      text: pick(PHRASES.summaryText),
    };
    if (chance(0.5)) data.documentNumber = docNumber(unitId);
    add(streams.annualSummary(planId, unitId), 'AnnualSummarySubmitted', unitActor(unitId), data, at, at + lag(1));
  }

  // The CPPCC's satisfaction evaluation (满意度测评): every task and the overall handling, late December.
  {
    let at = on(`${year}-12-20`, Math.floor(random() * 5));
    const rating = (): Rating => {
      const r = random();
      return r < OFFICE.satisfied ? 'satisfied' : r < OFFICE.satisfied + OFFICE.basicallySatisfied ? 'basically_satisfied' : 'dissatisfied';
    };
    const evaluator = pick(PHRASES.evaluator);
    for (const scope of [...codes.map((taskCode) => ({ kind: 'task' as const, taskCode })), { kind: 'overall' as const }]) {
      const r = rating();
      const data: SatisfactionEvaluatedData = { evaluationId: uuidv7(), scope, rating: r, evaluator };
      if (r !== 'satisfied' || chance(0.3)) data.comments = PHRASES.comment[r === 'satisfied' ? 0 : r === 'basically_satisfied' ? 1 : 2]!;
      add(streams.evaluations(planId), 'SatisfactionEvaluated', office, data, at, at + 3600_000);
      at += 60_000;
    }
  }
  return out;
}

interface StreamState {
  planId: string;
  code: string;
  streamId: string;
  status: Exclude<TaskStatus, 'cancelled'>;
  revision: number; // -1: no stream yet
  lastEffective: number;
  remaining: number;
}

interface GenerateResult {
  seconds: number;
  plans: number;
  appends: number;
  /** Events written per type. */
  mix: Map<string, number>;
}

async function generate(file: string, N: number, seed: number): Promise<GenerateResult> {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const template = await readPlanFile(TEMPLATE);
  // The copies are this year's plan: the template's dates moved to YEAR, so its deadlines, phases and
  // months fall within the recorded year, and the clock starts on the copies' issue date.
  const plan0 = redated(template, YEAR - Number(template.issuedOn.slice(0, 4)));
  const codes = plan0.tasks.map((t) => t.code);
  const effectiveAt = startOf(plan0.issuedOn, plan0.timeZone);
  const yearStart = Date.parse(effectiveAt);
  const planCount = Math.max(1, Math.round(N / (codes.length * EVENTS_PER_STREAM + 1)));
  const planIds = Array.from({ length: planCount }, (_, i) => `bench-${String(i + 1).padStart(4, '0')}`);

  // The office's year of every copy, in the order it is entered; its events come out of the task budget.
  let seq = 0;
  const office = planIds.flatMap((planId) => officeYear({ ...plan0, id: planId }, random, YEAR_END, () => seq++));
  office.sort((a, b) => a.recordAt - b.recordAt || a.seq - b.seq);
  const taskEvents = N - planCount - office.length;
  if (taskEvents < 0) throw new UsageError(`--events ${N} is too few for ${planCount} plan(s) and their office year (${office.length} events)`);

  const all: StreamState[] = [];
  for (const planId of planIds) {
    for (const code of codes) {
      all.push({ planId, code, streamId: streams.task(planId, code), status: 'not_started', revision: -1, lastEffective: yearStart, remaining: 0 });
    }
  }
  for (const [i, s] of all.entries()) s.remaining = Math.floor(taskEvents / all.length) + (i < taskEvents % all.length ? 1 : 0);
  const taskAppends = all.reduce((n, s) => n + Math.ceil(s.remaining / EVENTS_PER_APPEND), 0);
  const step = (YEAR_END - yearStart) / Math.max(1, taskAppends);

  let now = yearStart;
  const store = SqliteEventStore.open(file, { clock: () => new Date(now) });
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { format: 'generating [{bar}] {percentage}% {value}/{total} events {eta_formatted} left', stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(N, 0);
  let written = 0;
  let nextNote = 0.1;
  let appends = 0;
  const mix = new Map<string, number>();
  const progress = (type: string, n: number) => {
    mix.set(type, (mix.get(type) ?? 0) + n);
    written += n;
    bar?.update(written);
    if (!bar && written / N >= nextNote) {
      say(`  generated ${fmtInt(written)} / ${fmtInt(N)} events`);
      nextNote += 0.1;
    }
  };

  // The office's events due by `until`: appended in the order entered, consecutive ones of a stream
  // together; valid time kept monotone per stream (and so per projection key), never after `now`.
  const revisions = new Map<string, number>();
  const lastEffective = new Map<string, number>();
  let next = 0;
  const flushOffice = async (until: number) => {
    while (next < office.length && office[next]!.recordAt <= until) {
      const streamId = office[next]!.streamId;
      const batch: NewEvent[] = [];
      const types = new Map<string, number>();
      while (next < office.length && office[next]!.recordAt <= until && office[next]!.streamId === streamId) {
        const e = office[next++]!;
        const eff = Math.min(now, Math.max(e.effectiveAt, lastEffective.get(streamId) ?? yearStart));
        lastEffective.set(streamId, eff);
        batch.push({ eventId: uuidv7(), type: e.type, planId: e.planId, actor: e.actor, data: e.data, ...(eff < now ? { effectiveAt: iso(eff) } : {}) });
        types.set(e.type, (types.get(e.type) ?? 0) + 1);
      }
      const revision = revisions.get(streamId);
      await store.append(streamId, batch, { expectedRevision: revision === undefined ? 'no_stream' : revision });
      revisions.set(streamId, (revision ?? -1) + batch.length);
      appends += 1;
      for (const [type, n] of types) progress(type, n);
    }
  };

  const t0 = performance.now();
  try {
    // The plans, all recorded on their issue date, effective from it.
    for (const planId of planIds) {
      const plan = { ...plan0, id: planId };
      await store.append(streams.plan(planId), [{ eventId: uuidv7(), type: 'PlanAdopted', planId, actor: ACTOR, effectiveAt, data: { plan } }], {
        expectedRevision: 'no_stream',
      });
      progress('PlanAdopted', 1);
    }
    // The changes: round-robin over the task streams, one batch each per round, the clock moving on;
    // before each, what the office's year has entered by then.
    let done = 0;
    while (all.some((s) => s.remaining > 0)) {
      for (const s of all) {
        if (s.remaining === 0) continue;
        const size = Math.min(EVENTS_PER_APPEND, s.remaining);
        now = Math.floor(yearStart + (done + 1) * step);
        await flushOffice(now);
        // ~10% late reports, 1–20 days back but not before the stream's previous effectiveAt; sorted so
        // effectiveAt never decreases within the stream (the late ones of a batch come first).
        const effective: number[] = [];
        for (let i = 0; i < size; i++) {
          effective.push(random() < LATE_SHARE ? Math.max(s.lastEffective, Math.floor(now - (1 + random() * 19) * DAY)) : now);
        }
        effective.sort((a, b) => a - b);
        const batch: NewEvent[] = effective.map((eff) => {
          const from = s.status;
          let r = random();
          let to: TaskStatus = NEXT[from][0]![0];
          for (const [cand, w] of NEXT[from]) {
            r -= w;
            if (r < 0) {
              to = cand;
              break;
            }
          }
          const reasons = to === 'in_progress' ? (from === 'completed' ? REASONS.reopen : REASONS.start) : REASONS[to as 'at_risk' | 'blocked' | 'completed'];
          const data: TaskStatusChangedData = { taskCode: s.code, from, to, reason: pick(reasons) };
          if (to === 'completed') {
            data.evidence = {
              summary: `武科技〔${YEAR}〕${1 + Math.floor(random() * 200)}号 ${s.code} 任务验收报告及佐证材料`,
              links: [`武科技〔${YEAR}〕${1 + Math.floor(random() * 200)}号`],
            };
          }
          s.status = to as StreamState['status'];
          s.revision += 1;
          s.lastEffective = eff;
          return { eventId: uuidv7(), type: 'TaskStatusChanged', planId: s.planId, actor: ACTOR, data, ...(eff < now ? { effectiveAt: iso(eff) } : {}) };
        });
        const expected = s.revision - size; // the revision before this batch
        await store.append(s.streamId, batch, { expectedRevision: expected < 0 ? 'no_stream' : expected });
        appends += 1;
        s.remaining -= size;
        done += 1;
        progress('TaskStatusChanged', size);
      }
    }
    now = YEAR_END;
    await flushOffice(YEAR_END);
    if (written !== N) throw new Error(`bench bug: wrote ${written} events, not ${N}`);
  } finally {
    bar?.stop();
    await store.close();
  }
  return { seconds: (performance.now() - t0) / 1000, plans: planCount, appends, mix };
}

// ---------------------------------------------------------------------------------------------
// What the file holds (whether generated now or reused)

interface PlanInfo {
  id: string;
  codes: string[];
  /** The units that owe a handling plan (leads and responsible units, groups expanded). */
  units: string[];
  /** The months of the implementation period (YYYY-MM): those the monthly dispatch is read for. */
  months: string[];
  timeZone: string;
  recordedAt: number;
  effectiveAt: number;
}

/** The months of a plan's implementation period, YYYY-MM in its time zone. */
function monthsOf(plan: PlanDefinition): string[] {
  const period = implementationPeriod(plan);
  if (!period) return [];
  const months: string[] = [];
  const end = DateTime.fromISO(period.endDate, { zone: plan.timeZone });
  for (let m = DateTime.fromISO(period.startDate, { zone: plan.timeZone }).startOf('month'); m <= end; m = m.plus({ months: 1 }))
    months.push(m.toFormat('yyyy-MM'));
  return months;
}

interface StoreInfo {
  events: number;
  plans: PlanInfo[];
  firstRecorded: number;
  lastRecorded: number;
  streamIds: string[];
}

function countEvents(file: string): number {
  if (!existsSync(file)) return 0;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get();
    return table ? (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n : 0;
  } finally {
    db.close();
  }
}

function inspect(file: string): StoreInfo {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const events = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    // plan-… streams through the (stream_id, stream_revision) index, not a scan of every event.
    const rows = db
      .prepare("SELECT plan_id, recorded_at, effective_at, data FROM events WHERE stream_id >= 'plan-' AND stream_id < 'plan.' AND type = 'PlanAdopted'")
      .all() as { plan_id: string; recorded_at: string; effective_at: string; data: string }[];
    const plans = rows.map((r) => {
      const { plan } = JSON.parse(r.data) as { plan: PlanDefinition };
      return {
        id: r.plan_id,
        codes: plan.tasks.map((t) => t.code),
        units: unitsOwing(plan),
        months: monthsOf(plan),
        timeZone: plan.timeZone,
        recordedAt: Date.parse(r.recorded_at),
        effectiveAt: Date.parse(r.effective_at),
      };
    });
    const span = db.prepare('SELECT MIN(recorded_at) AS first, MAX(recorded_at) AS last FROM events').get() as { first: string; last: string };
    const streamIds = (db.prepare('SELECT DISTINCT stream_id FROM events').all() as { stream_id: string }[]).map((r) => r.stream_id);
    return { events, plans, firstRecorded: Date.parse(span.first), lastRecorded: Date.parse(span.last), streamIds };
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Rebuild

type RebuildResult = { ok: true; events: number; seconds: number; rate: number; wall: number } | { ok: false; why: string };

function rebuild(file: string): RebuildResult {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'rebuild', '--store', `sqlite:${file}`], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const wall = (performance.now() - t0) / 1000;
  const firstLine = (s: string | null) =>
    (s ?? '')
      .trim()
      .split('\n')
      .find((l) => l.trim() !== '') ?? '';
  if (r.error) return { ok: false, why: r.error.message };
  if (r.status !== 0) return { ok: false, why: `exit ${r.status ?? r.signal}: ${firstLine(r.stderr) || firstLine(r.stdout)}` };
  const num = (s: string) => Number(s.replace(/[,_\s]/g, ''));
  const lines = r.stdout.trim().split('\n').reverse();
  for (const line of lines) {
    const m = /rebuilt\s+([\d,_]+)\s+events\s+in\s+([\d.,]+)\s*s\s*\(\s*([\d.,_]+)\s+events\/s\s*\)/.exec(line);
    if (m) return { ok: true, events: num(m[1]!), seconds: num(m[2]!), rate: num(m[3]!), wall };
  }
  return { ok: false, why: `exit 0 but no "rebuilt <N> events in <S> s (<R> events/s)" line; last stdout line: ${lines[0] ?? ''}` };
}

// ---------------------------------------------------------------------------------------------
// 3. The server

interface Server {
  child: ChildProcess;
  url: string;
  seconds: number;
}

const children = new Set<ChildProcess>();

function startServer(file: string, timeoutMs: number): Promise<Server> {
  return new Promise((resolveStart, rejectStart) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--store', `sqlite:${file}`], {
      cwd: ROOT,
      // The reads are made as the office: the server issues this token on start if the store lacks it.
      env: { ...process.env, DUBAN_ADMIN_TOKEN: BENCH_TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    child.on('exit', () => children.delete(child));
    const tail: string[] = [];
    const keep = (line: string) => {
      tail.push(line.length > 500 ? `${line.slice(0, 500)}…` : line);
      if (tail.length > 20) tail.shift();
    };
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle(() => rejectStart(new Error(`no "url" log line within ${timeoutMs / 1000} s; last output:\n${tail.join('\n')}`)));
    }, timeoutMs);
    // Both pipes are read to the end, so a chatty server never blocks on a full pipe.
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (settled) return;
      keep(line);
      let url: unknown;
      try {
        url = (JSON.parse(line) as { url?: unknown }).url;
      } catch {
        return;
      }
      if (typeof url === 'string') settle(() => resolveStart({ child, url, seconds: (performance.now() - t0) / 1000 }));
    });
    createInterface({ input: child.stderr! }).on('line', (line) => {
      if (!settled) keep(line);
    });
    child.on('error', (err) => settle(() => rejectStart(err)));
    child.on('exit', (code, signal) =>
      settle(() => rejectStart(new Error(`the server exited (${code ?? signal}) before listening; last output:\n${tail.join('\n')}`))),
    );
  });
}

async function stopServer(child: ChildProcess, timeoutMs = 60_000): Promise<number> {
  if (child.exitCode !== null || child.signalCode !== null) return 0;
  const t0 = performance.now();
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    say(`  the server did not exit within ${timeoutMs / 1000} s of SIGTERM: SIGKILL`);
    child.kill('SIGKILL');
  }, timeoutMs);
  await exited;
  clearTimeout(timer);
  return (performance.now() - t0) / 1000;
}

function memory(pid: number): { rssMb: number; hwmMb: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// 4. Reads over HTTP

interface Latency {
  name: string;
  n: number;
  p50: number;
  p95: number;
  p99: number;
  nonOk: number;
  samples: string[];
  capped: boolean;
}

function summarise(name: string, times: number[], nonOk: number, samples: string[], capped: boolean): Latency {
  const sorted = [...times].sort((a, b) => a - b);
  return { name, n: times.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), nonOk, samples, capped };
}

/** The office token the benchmark reads with (a fixed value, so a reused store already knows it). */
const BENCH_TOKEN = 'dbn_bench-NOT-a-secret_q7Lx2Vr9Kc4Tw8Zp1Hm6Bs3Nf5Dj0Gy'; // as strong-looking as an issued token, as serve demands

async function get(base: string, path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(base + path, { headers: { authorization: `Bearer ${BENCH_TOKEN}` } });
  return { status: res.status, body: await res.text() };
}

async function measure(name: string, base: string, nextPath: () => string, requests: number, maxSeconds: number): Promise<Latency> {
  const times: number[] = [];
  const samples: string[] = [];
  let nonOk = 0;
  const start = performance.now();
  let capped = false;
  for (let i = 0; i < requests; i++) {
    if ((performance.now() - start) / 1000 > maxSeconds) {
      capped = true;
      break;
    }
    const path = nextPath();
    const t0 = performance.now();
    const { status, body } = await get(base, path);
    times.push(performance.now() - t0);
    if (status !== 200) {
      nonOk += 1;
      if (samples.length < 3) samples.push(`${status} GET ${path}: ${body.length > 400 ? `${body.slice(0, 400)}…` : body}`);
    }
  }
  const l = summarise(name, times, nonOk, samples, capped);
  say(
    `  ${name}: n=${l.n}${capped ? ` (stopped after ${maxSeconds} s)` : ''} p50 ${fmtMs(l.p50)} p95 ${fmtMs(l.p95)} p99 ${fmtMs(l.p99)} ms, non-200: ${nonOk}`,
  );
  for (const s of samples) say(`    ${s}`);
  return l;
}

/**
 * The generated year read back: a few reads of the first plan at the end of the recorded year must
 * answer 200 with the office's year in them, or the events were not what the app writes.
 */
async function checkOfficeYear(base: string, info: StoreInfo): Promise<string[]> {
  const p = info.plans[0]!;
  const at = `asOf=${encodeURIComponent(iso(info.lastRecorded))}&validAt=${encodeURIComponent(iso(info.lastRecorded))}`;
  const plan = `/plans/${encodeURIComponent(p.id)}`;
  const month = p.months[Math.min(2, p.months.length - 1)] ?? '';
  type Json = any;
  const checks: [string, string, (body: Json) => boolean][] = [
    ['monthly dispatch has reports', `${plan}/reports/monthly/${month}?${at}`, (b) => b.items.some((t: Json) => t.leadUnits.some((l: Json) => l.report))],
    ['monthly dispatch lists missing reports', `${plan}/reports/monthly/${month}?${at}`, (b) => b.missing.length > 0],
    ['alerts are red or yellow', `${plan}/alerts?${at}`, (b) => b.counts.red + b.counts.yellow > 0 && b.items.length > 0],
    ['alerts carry reminders', `${plan}/alerts?${at}`, (b) => b.items.some((u: Json) => u.alerts.some((a: Json) => a.reminders.length > 0))],
    ['handling plans filed', `${plan}/handling-plans?${at}`, (b) => b.counts.filed > 0],
    ['indicators have values', `${plan}/indicators?${at}`, (b) => b.items.some((i: Json) => i.latest)],
    ['a leading-group seat replaced', `${plan}/leading-group?${at}`, (b) => JSON.stringify(b).includes('"predecessors":[{')],
    ["a unit's record", `${plan}/units/${encodeURIComponent(p.units[0] ?? '')}?${at}`, (b) => b.tasks.length > 0],
    // Part 2.
    ['meetings held and cancelled or scheduled', `${plan}/meetings?${at}`, (b) => b.items.filter((m: Json) => m.status === 'held').length >= 3],
    [
      'action items from meetings and the inspection, open and closed',
      `${plan}/action-items?${at}`,
      (b) =>
        b.items.some((i: Json) => i.source.kind === 'meeting') &&
        b.items.some((i: Json) => i.source.kind === 'inspection') &&
        b.counts.open + b.counts.closed === b.items.length &&
        b.counts.closed > 0,
    ],
    ['an inspection with a finding', `${plan}/inspections?${at}`, (b) => b.items.length === 1 && b.items[0].findings.length > 0],
    ['annual summaries submitted', `${plan}/annual-summaries?${at}`, (b) => b.counts.submitted > 0],
    ['every task and the whole evaluated', `${plan}/evaluations?${at}`, (b) => b.counts.not_evaluated === 0 && JSON.stringify(b).includes('"overall"')],
    [
      'scorecards rank every unit, the evaluation counted',
      `${plan}/scorecards?${at}`,
      (b) => b.items.length === p.units.length && b.items.some((u: Json) => u.components.some((c: Json) => c.component === 'evaluation' && c.counted)),
    ],
    ["a unit's scorecard", `${plan}/units/${encodeURIComponent(p.units[0] ?? '')}/scorecard?${at}`, (b) => b.components.length > 0],
    [
      'the quarterly bulletin',
      `${plan}/reports/quarterly/${DateTime.fromMillis(p.effectiveAt, { zone: p.timeZone }).year}-Q2?asOf=${encodeURIComponent(iso(info.lastRecorded))}`,
      (b) => b.complete === true && b.sections.tasks.items.length === p.codes.length,
    ],
  ];
  const failed: string[] = [];
  for (const [what, path, ok] of checks) {
    const { status, body } = await get(base, path);
    let good = false;
    try {
      good = status === 200 && ok(JSON.parse(body));
    } catch {
      good = false;
    }
    if (!good) failed.push(`${what}: ${status} GET ${path}: ${body.length > 300 ? `${body.slice(0, 300)}…` : body}`);
  }
  return failed;
}

// ---------------------------------------------------------------------------------------------
// 6. Raw SQLite baseline

function sqliteBaseline(file: string, streamIds: string[], count: number, random: () => number): Latency {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const stmt = db.prepare('SELECT * FROM events WHERE stream_id = ? ORDER BY stream_revision DESC LIMIT 1');
    const pickStream = () => streamIds[Math.floor(random() * streamIds.length)]!;
    for (let i = 0; i < WARMUP; i++) stmt.get(pickStream());
    const times: number[] = [];
    let missing = 0;
    for (let i = 0; i < count; i++) {
      const id = pickStream();
      const t0 = performance.now();
      const row = stmt.get(id);
      times.push(performance.now() - t0);
      if (!row) missing += 1;
    }
    return summarise('raw SQLite point read', times, missing, [], false);
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 7. The table

interface TableRow {
  metric: string;
  figure: string;
  target: string;
  met: string;
}

function printTable(rows: TableRow[]): void {
  const head: TableRow = { metric: 'metric', figure: 'figure', target: 'target', met: 'met?' };
  const w = (k: keyof TableRow) => Math.max(...[head, ...rows].map((r) => r[k].length));
  const line = (r: TableRow) =>
    `| ${r.metric.padEnd(w('metric'))} | ${r.figure.padStart(w('figure'))} | ${r.target.padEnd(w('target'))} | ${r.met.padEnd(w('met'))} |`;
  console.log(line(head));
  console.log(`|${'-'.repeat(w('metric') + 2)}|${'-'.repeat(w('figure') + 2)}|${'-'.repeat(w('target') + 2)}|${'-'.repeat(w('met') + 2)}|`);
  for (const r of rows) console.log(line(r));
}

const yes = (ok: boolean) => (ok ? 'yes' : 'NO');

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  const random = rng(o.seed ^ 0x5bd1e995);
  const rows: TableRow[] = [];
  let dir: string | undefined;
  let server: Server | undefined;

  const cleanup = () => {
    for (const c of children) c.kill('SIGKILL');
    if (dir && !o.keep) rmSync(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });

  try {
    let file: string;
    if (o.file) {
      file = o.file;
    } else {
      dir = mkdtempSync(join(tmpdir(), 'duban-bench-time-'));
      file = join(dir, 'duban.db');
    }
    console.log(
      `duban time benchmark: N = ${fmtInt(o.events)}, store ${file}${dir ? (o.keep ? ' (kept: --keep)' : ' (temp, removed at the end; --keep keeps it)') : ''}, node ${process.version}`,
    );

    // 1. Generate (or reuse).
    const existing = countEvents(file);
    if (o.file && existing >= o.events) {
      console.log(`generate: reusing ${file}, which holds ${fmtInt(existing)} events`);
      rows.push({ metric: 'generate (store API, ~50 events/append)', figure: 'reused file', target: '', met: '' });
    } else {
      if (existing > 0) throw new UsageError(`${file} holds ${existing} events, fewer than --events ${o.events}: give a new --file path, or fewer --events`);
      say(`generating ${fmtInt(o.events)} events …`);
      const g = await generate(file, o.events, o.seed);
      const rate = o.events / g.seconds;
      console.log(
        `generate: ${fmtInt(o.events)} events (${g.plans} plans, ${fmtInt(g.appends)} appends) in ${g.seconds.toFixed(1)} s = ${fmtInt(rate)} events/s`,
      );
      console.log(
        `mix: ${[...g.mix]
          .sort((a, b) => b[1] - a[1])
          .map(([type, n]) => `${type} ${fmtInt(n)} (${((100 * n) / o.events).toFixed(2)}%)`)
          .join(', ')}`,
      );
      rows.push({ metric: 'generate (store API, ~50 events/append)', figure: `${fmtInt(rate)} ev/s`, target: '', met: '' });
    }
    const info = inspect(file);
    if (info.plans.length === 0) throw new Error(`${file} holds no PlanAdopted event to read`);
    console.log(
      `store: ${fmtInt(info.events)} events, ${info.plans.length} plans, ${fmtInt(info.streamIds.length)} streams, recorded ${iso(info.firstRecorded)} → ${iso(info.lastRecorded)}`,
    );

    // 2. Rebuild.
    say('duban rebuild …');
    const rb = rebuild(file);
    if (rb.ok) {
      console.log(`rebuild: ${fmtInt(rb.events)} events in ${rb.seconds} s = ${fmtInt(rb.rate)} events/s (process wall time ${rb.wall.toFixed(2)} s)`);
      rows.push({
        metric: 'rebuild',
        figure: `${fmtInt(rb.rate)} ev/s`,
        target: `>= ${fmtInt(TARGET.rebuildPerS)} ev/s`,
        met: yes(rb.rate >= TARGET.rebuildPerS),
      });
    } else {
      console.log(`rebuild: not available (${rb.why})`);
      rows.push({ metric: 'rebuild', figure: 'not available', target: `>= ${fmtInt(TARGET.rebuildPerS)} ev/s`, met: 'n/a' });
    }

    // 3. First start, then restarts; the last one stays up for the reads.
    say('first start …');
    try {
      server = await startServer(file, 30 * 60_000);
    } catch (err) {
      console.log(`first start: FAILED: ${(err as Error).message}`);
      rows.push({ metric: 'first start (spawn → listening)', figure: 'FAILED', target: '', met: '' });
      printTable(rows);
      return 1;
    }
    console.log(`first start: ${server.seconds.toFixed(2)} s, listening on ${server.url}`);
    const failed = await checkOfficeYear(server.url, info);
    if (failed.length) {
      for (const f of failed) say(`  check failed: ${f}`);
      if (existing < o.events) throw new Error(`the generated office year does not read back (${failed.length} check(s) failed)`);
      console.log(`check: the reused file does not hold the office's year as generated now (${failed.length} check(s) failed)`);
    } else {
      console.log(
        'check: the office year reads back (monthly dispatch with reports and missing ones, alerts with reminders, handling plans filed, indicator values, a replacement, a unit; ' +
          'meetings held, action items from meetings and the inspection, open and closed, annual summaries, evaluations, scorecards, the Q2 bulletin)',
      );
    }
    const firstLabel =
      existing >= o.events && o.file ? 'first start of this run (file reused: may find its read model built)' : 'first start (spawn → listening)';
    rows.push({ metric: firstLabel, figure: `${server.seconds.toFixed(2)} s`, target: '', met: '' });
    const restarts: number[] = [];
    for (let i = 0; i < o.restarts; i++) {
      const stopped = await stopServer(server.child);
      say(`  stopped in ${stopped.toFixed(2)} s; restart ${i + 1}/${o.restarts} …`);
      try {
        server = await startServer(file, 30 * 60_000);
      } catch (err) {
        console.log(`restart: FAILED: ${(err as Error).message}`);
        rows.push({ metric: 'restart (spawn → listening)', figure: 'FAILED', target: `< ${TARGET.restartS} s`, met: 'NO' });
        printTable(rows);
        return 1;
      }
      restarts.push(server.seconds);
    }
    const restart = percentile(
      [...restarts].sort((a, b) => a - b),
      50,
    );
    console.log(`restart: ${restarts.map((s) => s.toFixed(2)).join(', ')} s`);
    rows.push({
      metric: `restart (spawn → listening${o.restarts > 1 ? `, median of ${o.restarts}` : ''})`,
      figure: `${restart.toFixed(2)} s`,
      target: `< ${TARGET.restartS} s`,
      met: yes(restart < TARGET.restartS),
    });

    // 4. Reads.
    const base = server.url;
    const pickPlan = () => info.plans[Math.floor(random() * info.plans.length)]!;
    const between = (lo: number, hi: number) => lo + Math.floor(random() * Math.max(0, hi - lo + 1));
    /**
     * asOf after the plan's adoption (a 404 before it is right, and not what is measured); validAt in
     * [effective, asOf] — half of them within the recorded year, where the tasks' changes lie (before
     * it every task is still at its first state, the cheapest case).
     */
    const times = (p: PlanInfo) => {
      const asOf = between(Math.max(info.firstRecorded, p.recordedAt) + 1, info.lastRecorded);
      const validAt = random() < 0.5 ? between(p.effectiveAt, asOf) : between(info.firstRecorded, asOf);
      return `asOf=${encodeURIComponent(iso(asOf))}&validAt=${encodeURIComponent(iso(validAt))}`;
    };
    const code = (p: PlanInfo) => encodeURIComponent(p.codes[Math.floor(random() * p.codes.length)]!);
    const unit = (p: PlanInfo) => encodeURIComponent(p.units[Math.floor(random() * p.units.length)] ?? 'none');
    /** The monthly dispatch of a month that has begun at validAt (one not begun is a 422): asOf and validAt from its first month on. */
    const monthly = (p: PlanInfo) => {
      const starts = p.months.map((m) => [m, DateTime.fromISO(`${m}-01`, { zone: p.timeZone }).toMillis()] as const);
      const first = starts[0]?.[1] ?? p.effectiveAt;
      const asOf = between(Math.max(info.firstRecorded, p.recordedAt, first) + 1, info.lastRecorded);
      const validAt = between(Math.max(p.effectiveAt, first), asOf);
      const begun = starts.filter(([, t]) => t <= validAt);
      const month = begun[Math.floor(random() * begun.length)]?.[0] ?? DateTime.fromMillis(validAt, { zone: p.timeZone }).toFormat('yyyy-MM');
      return `/plans/${id(p)}/reports/monthly/${month}?asOf=${encodeURIComponent(iso(asOf))}&validAt=${encodeURIComponent(iso(validAt))}`;
    };
    const id = (p: PlanInfo) => encodeURIComponent(p.id);
    /** The quarterly bulletin (JSON) of a quarter of the plan's year begun at asOf (one not begun is a 422); validAt is the quarter's end, not a parameter. */
    const quarterly = (p: PlanInfo) => {
      const asOf = between(Math.max(info.firstRecorded, p.recordedAt) + 1, info.lastRecorded);
      const year = DateTime.fromMillis(p.effectiveAt, { zone: p.timeZone }).year;
      const begun = [1, 2, 3, 4].filter((q) => DateTime.fromObject({ year, month: 3 * q - 2, day: 1 }, { zone: p.timeZone }).toMillis() <= asOf);
      const q = begun[Math.floor(random() * begun.length)] ?? 1;
      return `/plans/${id(p)}/reports/quarterly/${year}-Q${q}?asOf=${encodeURIComponent(iso(asOf))}`;
    };
    const kinds: { name: string; path: () => string }[] = [
      { name: 'GET /plans/{id}/tasks ?asOf&validAt', path: () => ((p) => `/plans/${id(p)}/tasks?${times(p)}`)(pickPlan()) },
      { name: 'GET /plans/{id}/tasks/{code} ?asOf&validAt', path: () => ((p) => `/plans/${id(p)}/tasks/${code(p)}?${times(p)}`)(pickPlan()) },
      { name: 'GET /audit ?planId&asOf&validAt&limit=100', path: () => ((p) => `/audit?planId=${id(p)}&${times(p)}&limit=100`)(pickPlan()) },
      { name: 'GET /plans/{id}/tasks (now)', path: () => `/plans/${id(pickPlan())}/tasks` },
      { name: 'GET /plans/{id}/tasks/{code} (now)', path: () => ((p) => `/plans/${id(p)}/tasks/${code(p)}`)(pickPlan()) },
      { name: 'GET /audit ?planId&limit=100 (now)', path: () => `/audit?planId=${id(pickPlan())}&limit=100` },
      // The office's year.
      { name: 'GET /plans/{id}/alerts ?asOf&validAt', path: () => ((p) => `/plans/${id(p)}/alerts?${times(p)}`)(pickPlan()) },
      { name: 'GET /plans/{id}/alerts ?unit&asOf&validAt', path: () => ((p) => `/plans/${id(p)}/alerts?unit=${unit(p)}&${times(p)}`)(pickPlan()) },
      { name: 'GET /plans/{id}/alerts (now)', path: () => `/plans/${id(pickPlan())}/alerts` },
      { name: 'GET /plans/{id}/units/{unitId} ?asOf&validAt', path: () => ((p) => `/plans/${id(p)}/units/${unit(p)}?${times(p)}`)(pickPlan()) },
      { name: 'GET /plans/{id}/reports/monthly/{YYYY-MM} ?asOf&validAt', path: () => monthly(pickPlan()) },
      { name: 'GET /plans/{id}/handling-plans ?asOf&validAt', path: () => ((p) => `/plans/${id(p)}/handling-plans?${times(p)}`)(pickPlan()) },
      { name: 'GET /plans/{id}/indicators ?asOf&validAt', path: () => ((p) => `/plans/${id(p)}/indicators?${times(p)}`)(pickPlan()) },
      { name: 'GET /plans/{id}/leading-group ?asOf&validAt', path: () => ((p) => `/plans/${id(p)}/leading-group?${times(p)}`)(pickPlan()) },
      // The office's year, part 2.
      { name: 'GET /plans/{id}/scorecards ?asOf&validAt', path: () => ((p) => `/plans/${id(p)}/scorecards?${times(p)}`)(pickPlan()) },
      {
        name: 'GET /plans/{id}/units/{unitId}/scorecard ?asOf&validAt',
        path: () => ((p) => `/plans/${id(p)}/units/${unit(p)}/scorecard?${times(p)}`)(pickPlan()),
      },
      { name: 'GET /plans/{id}/action-items ?asOf&validAt', path: () => ((p) => `/plans/${id(p)}/action-items?${times(p)}`)(pickPlan()) },
      { name: 'GET /plans/{id}/meetings ?asOf&validAt', path: () => ((p) => `/plans/${id(p)}/meetings?${times(p)}`)(pickPlan()) },
      { name: 'GET /plans/{id}/evaluations ?asOf&validAt', path: () => ((p) => `/plans/${id(p)}/evaluations?${times(p)}`)(pickPlan()) },
      { name: 'GET /plans/{id}/annual-summaries ?asOf&validAt', path: () => ((p) => `/plans/${id(p)}/annual-summaries?${times(p)}`)(pickPlan()) },
      { name: 'GET /plans/{id}/reports/quarterly/{YYYY-Qn} ?asOf (json)', path: () => quarterly(pickPlan()) },
    ];
    // Warm-up: WARMUP requests over the kinds, or fewer if slow reads would make it drag on.
    const warmSeconds = Math.min(30, o.kindSeconds);
    say(`reads: up to ${WARMUP} warm-up requests (at most ${warmSeconds} s), then ${o.requests} per kind, sequential, keep-alive …`);
    const w0 = performance.now();
    let warm = 0;
    while (warm < WARMUP && (performance.now() - w0) / 1000 < warmSeconds) await get(base, kinds[warm++ % kinds.length]!.path());
    if (warm < WARMUP) say(`  warm-up cut at ${warm} requests after ${warmSeconds} s`);
    const reads: Latency[] = [];
    for (const k of kinds) reads.push(await measure(k.name, base, k.path, o.requests, o.kindSeconds));

    // 5. Memory after the reads.
    const mem = memory(server.child.pid!);

    // 6. Baselines: /health, then (server idle) a raw indexed point read on the same file.
    const health = await measure('GET /health', base, () => '/health', o.requests, o.kindSeconds);
    const raw = sqliteBaseline(file, info.streamIds, 1000, random);
    say(`  raw SQLite point read: p50 ${fmtMs(raw.p50)} p95 ${fmtMs(raw.p95)} p99 ${fmtMs(raw.p99)} ms`);
    const stopped = await stopServer(server.child);
    say(`  server stopped in ${stopped.toFixed(2)} s`);

    // 7. The table.
    for (const r of reads) {
      const n = r.n < o.requests ? ` (n=${r.n}${r.capped ? `, cut at ${o.kindSeconds} s` : ''})` : '';
      rows.push({ metric: `${r.name} p50${n}`, figure: `${fmtMs(r.p50)} ms`, target: '', met: '' });
      rows.push({ metric: `${r.name} p95`, figure: `${fmtMs(r.p95)} ms`, target: `< ${TARGET.readP95Ms} ms`, met: yes(r.p95 < TARGET.readP95Ms) });
      rows.push({ metric: `${r.name} p99`, figure: `${fmtMs(r.p99)} ms`, target: '', met: '' });
      rows.push({ metric: `${r.name} non-200`, figure: `${r.nonOk} / ${r.n}`, target: '0', met: yes(r.nonOk === 0) });
    }
    if (mem) {
      rows.push({
        metric: 'server RSS after the reads (VmRSS)',
        figure: `${mem.rssMb.toFixed(0)} MB`,
        target: `< ${TARGET.rssMb} MB`,
        met: yes(mem.rssMb < TARGET.rssMb),
      });
      rows.push({ metric: 'server peak RSS since restart (VmHWM)', figure: `${mem.hwmMb.toFixed(0)} MB`, target: '', met: '' });
    } else {
      rows.push({ metric: 'server RSS after the reads (VmRSS)', figure: 'unreadable', target: `< ${TARGET.rssMb} MB`, met: 'n/a' });
    }
    rows.push({ metric: 'baseline: GET /health p50', figure: `${fmtMs(health.p50)} ms`, target: '', met: '' });
    rows.push({ metric: 'baseline: GET /health p95', figure: `${fmtMs(health.p95)} ms`, target: '', met: '' });
    rows.push({ metric: 'baseline: GET /health p99', figure: `${fmtMs(health.p99)} ms`, target: '', met: '' });
    rows.push({ metric: 'baseline: raw SQLite latest-in-stream read p50', figure: `${fmtMs(raw.p50)} ms`, target: '', met: '' });
    rows.push({ metric: 'baseline: raw SQLite latest-in-stream read p95', figure: `${fmtMs(raw.p95)} ms`, target: '', met: '' });
    console.log('');
    printTable(rows);
    return 0;
  } finally {
    cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof UsageError ? `bench-time: ${err.message}` : err);
    for (const c of children) c.kill('SIGKILL');
    process.exit(1);
  },
);
