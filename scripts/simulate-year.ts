// A simulated year: the Wuhan plan run from March 2023 to January 2024 through the REST API,
// as the office records the year's work — every write with its effectiveAt in 2023 (the office's
// token may record the past; nothing sets the server's clock).
//
//   npx tsx scripts/simulate-year.ts [--seed N] [--dir data/demo] [--if-missing]
//   npm run demo        (simulates once into data/demo, then serves it)
//
// The facts are fixed, so tests can work their figures out by hand (test/http/simulated-year.test.ts);
// the seed varies only the wording, the percentages and the times of day.
//  - handling plans: every unit that owes one on 03-27 … 03-31, except kjj and hanyang late (04-03,
//    04-06) and xinzhou never; fgw submitted 03-28, returned 03-30, resubmitted 04-04. All filed.
//  - every task in progress from 04-10; 2.1 at risk from 06-15, entered late (after July's records);
//    eleven completed 11-20 … 11-28; 2.2, 3.3 and 5.3 completed late on 12-10; 5.2 never.
//  - monthly reports, April–November: each lead unit on the 6th of the next month, but the MISSING
//    ones never and the LATE ones on the 15th; jxj's June report on 4.2 superseded on 07-08;
//    November's only for the tasks still open at its end.
//  - indicator values for 3.3-1, 4.2-1 and 1.1-1 each quarter; 3.3-1's June value corrected 07-20.
//  - meetings: the mobilisation meeting 03-24; a coordination meeting 05-18 assigning jxj (closed on
//    time 06-25) and kjj (extended to 07-31 on 06-28, closed 07-25); another 09-14 assigning fgw (never
//    closed) and rcj (due 10-15, closed late 10-20); an inspection 06-20 whose finding assigns czj an
//    item (due 07-31, closed 07-28).
//  - the leading group: deputy-2 盛继亮 succeeded by 王新民 from 07-01 (递补).
//  - reminders: xinzhou's handling plan 04-05, czj's April report on 3.3 05-15, fgw's item 11-05.
//  - bulletins published: Q1 04-07, Q2 07-07, Q3 10-09, Q4 2024-01-08.
//  - year end: annual summaries 12-20 … 12-29 (kjj late 2024-01-04, xinzhou never); the CPPCC's
//    evaluation 12-26 (3.3 不满意, 2.2 基本满意, the other completed tasks 满意, overall 基本满意); the
//    office reopens 3.3 on 12-28.
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export const PLAN_ID = 'wuhan-2023-p1';
const P = `/plans/${PLAN_ID}`;

export const LATE_HANDLING_PLANS: Readonly<Record<string, string>> = { kjj: '2023-04-03', hanyang: '2023-04-06' };
export const MISSING_HANDLING_PLAN = 'xinzhou';
/** Reports never made: [month, task, unit]. */
export const MISSING_REPORTS: readonly (readonly [string, string, string])[] = [
  ['2023-04', '3.3', 'czj'],
  ['2023-05', '2.1', 'kjj'],
  ['2023-06', '2.1', 'kjj'],
  ['2023-07', '5.2', 'rcj'],
  ['2023-09', '4.3', 'fgw'],
];
/** Reports made on the 15th, after the due day (the 10th): [month, task, unit]. */
export const LATE_REPORTS: readonly (readonly [string, string, string])[] = [
  ['2023-05', '1.1', 'fgw'],
  ['2023-08', '5.1', 'rcj'],
];
export const COMPLETED_IN_NOVEMBER = ['1.1', '1.2', '1.3', '2.1', '2.3', '3.1', '3.2', '4.1', '4.2', '4.3', '5.1'];
export const COMPLETED_LATE = ['2.2', '3.3', '5.3'];
export const NEVER_COMPLETED = '5.2';
export const LATE_SUMMARIES: Readonly<Record<string, string>> = { kjj: '2024-01-04' };
export const MISSING_SUMMARY = 'xinzhou';
export const MONTHS = ['2023-04', '2023-05', '2023-06', '2023-07', '2023-08', '2023-09', '2023-10', '2023-11'];
export const QUARTERS: readonly (readonly [string, string])[] = [
  ['2023-Q1', '2023-04-07'],
  ['2023-Q2', '2023-07-07'],
  ['2023-Q3', '2023-10-09'],
  ['2023-Q4', '2024-01-08'],
];

export interface Client {
  /** A request as the office; resolves to the JSON answer, throws unless it is 2xx. */
  call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<any>;
}

export interface Summary {
  writes: number;
  byKind: Record<string, number>;
  /** Action items by their text's key (jxj-0518, kjj-0518, fgw-0914, rcj-0914, czj-0620) → itemId. */
  actionItems: Record<string, string>;
}

interface PlanFacts {
  units: { id: string }[];
  groups: { id: string; members: string[] }[];
  tasks: { code: string; leadUnits: string[]; responsibleUnits: string[] }[];
}

interface Step {
  /** When it took effect. */
  at: string;
  /** When the office enters it (its place in the sequence); `at` unless entered late. */
  entered: string;
  kind: string;
  run: () => Promise<void>;
}

const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

export async function simulateYear(client: Client, seed = 2023): Promise<Summary> {
  const rng = xoroshiro128plus(seed);
  const int = (min: number, max: number) => uniformInt(rng, min, max);
  const pick = <T>(xs: readonly T[]) => xs[int(0, xs.length - 1)]!;
  const time = (date: string, hourFrom = 9, hourTo = 16) =>
    `${date}T${String(int(hourFrom, hourTo)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}:00+08:00`;

  const plan = (await client.call('GET', P)) as PlanFacts;
  const expand = (ids: readonly string[]) => ids.flatMap((id) => plan.groups.find((g) => g.id === id)?.members ?? [id]);
  const leadsOf = (code: string) => expand(plan.tasks.find((t) => t.code === code)!.leadUnits);
  const owedBy = (unit: string) => plan.tasks.filter((t) => expand([...t.leadUnits, ...t.responsibleUnits]).includes(unit)).map((t) => t.code);
  const owing = plan.units.map((u) => u.id).filter((u) => owedBy(u).length > 0);

  const steps: Step[] = [];
  const summary: Summary = { writes: 0, byKind: {}, actionItems: {} };
  const post = (at: string, kind: string, path: () => string, body: () => object, after?: (answer: any) => Promise<void> | void, entered = at) =>
    steps.push({
      at,
      entered,
      kind,
      run: async () => {
        // An indicator value's effectiveAt is the date it refers to (asOfDate): it goes alone.
        const b = body();
        const answer = await client.call('POST', path(), 'asOfDate' in b ? b : { ...b, effectiveAt: at });
        summary.writes++;
        summary.byKind[kind] = (summary.byKind[kind] ?? 0) + 1;
        await after?.(answer);
      },
    });
  const fixed = (s: string) => () => s;

  // The mobilisation meeting (动员部署会).
  let mobilisation = '';
  post(
    time('2023-03-23', 14, 15),
    'meeting',
    fixed(`${P}/meetings`),
    () => ({
      kind: 'mobilisation',
      title: '1号建议案办理工作动员部署会',
      chair: { name: '陈劲超', title: '市人民政府常务副市长' },
      scheduledFor: '2023-03-24T09:30:00+08:00',
      place: '市民之家',
    }),
    (a) => {
      mobilisation = a.meeting.meetingId;
    },
  );
  post(
    '2023-03-24T11:30:00+08:00',
    'meeting',
    () => `${P}/meetings/${mobilisation}/minutes`,
    () => ({
      attendees: [
        { name: '陈劲超', title: '市人民政府常务副市长', unitId: 'kjj' },
        { name: '盛继亮', title: '市科技局局长', unitId: 'kjj' },
      ],
      minutes: '会议部署1号建议案办理工作，明确分工和时间节点。',
      decisions: [{ text: '各单位于3月31日前报送具体办理工作方案', taskCodes: [], actionItems: [] }],
    }),
  );

  // Handling plans (具体办理工作方案, 备案).
  for (const unit of owing) {
    if (unit === MISSING_HANDLING_PLAN) continue;
    const measures = owedBy(unit)
      .slice(0, 3)
      .map((taskCode) => ({ taskCode, text: pick(['细化落实措施', '明确责任处室和时间节点', '建立工作台账，按月调度']) }));
    const submit = (at: string, title: string) =>
      post(at, 'handling plan', fixed(`${P}/units/${unit}/handling-plan`), () => ({
        title,
        summary: pick(['明确责任处室、工作措施和时间节点。', '细化任务分工，建立工作台账。', '对照方案逐项分解，落实到人。']),
        measures,
      }));
    const file = (at: string, body: object) => post(at, 'handling plan filing', fixed(`${P}/units/${unit}/handling-plan/filing`), () => body);
    const title = `落实1号建议案具体办理工作方案（${unit}）`;
    if (unit === 'fgw') {
      submit('2023-03-28T10:00:00+08:00', title);
      file('2023-03-30T15:00:00+08:00', { outcome: 'returned', reason: '工作措施未明确时间节点，请补充后重新报送' });
      submit('2023-04-04T10:00:00+08:00', `${title}（修改稿）`);
      file('2023-04-07T10:00:00+08:00', { outcome: 'filed' });
      continue;
    }
    const late = LATE_HANDLING_PLANS[unit];
    submit(time(late ?? pick(['2023-03-27', '2023-03-28', '2023-03-29', '2023-03-30', '2023-03-31']), 9, 12), title);
    file(time(late ? '2023-04-10' : '2023-04-03', 14, 16), { outcome: 'filed' });
  }

  // Task status.
  for (const t of plan.tasks)
    post(time('2023-04-10', 9, 11), 'status', fixed(`${P}/tasks/${t.code}/status`), () => ({ status: 'in_progress', reason: '按方案启动实施' }));
  post(
    '2023-06-15T10:00:00+08:00',
    'status',
    fixed(`${P}/tasks/2.1/status`),
    () => ({ status: 'at_risk', reason: '关键设备采购延迟，进度滞后' }),
    undefined,
    '2023-07-10T10:00:00+08:00',
  );
  for (const [i, code] of COMPLETED_IN_NOVEMBER.entries()) {
    post(time(`2023-11-${String(20 + (i % 9)).padStart(2, '0')}`), 'status', fixed(`${P}/tasks/${code}/status`), () => ({
      status: 'completed',
      reason: '按期完成',
      evidence: { summary: '完成情况已报领导小组办公室' },
    }));
  }
  for (const code of COMPLETED_LATE)
    post(time('2023-12-10'), 'status', fixed(`${P}/tasks/${code}/status`), () => ({
      status: 'completed',
      reason: '逾期完成',
      evidence: { summary: '完成情况已报领导小组办公室' },
    }));

  // Monthly reports (信息报送): November's only for the tasks still open at its end.
  const missing = new Set(MISSING_REPORTS.map((r) => r.join('|')));
  const late = new Set(LATE_REPORTS.map((r) => r.join('|')));
  for (const month of MONTHS) {
    for (const t of plan.tasks) {
      if (month === '2023-11' && COMPLETED_IN_NOVEMBER.includes(t.code)) continue;
      for (const unit of leadsOf(t.code)) {
        const key = [month, t.code, unit].join('|');
        if (missing.has(key)) continue;
        const day = late.has(key) ? '15' : '06';
        post(time(`${nextMonth(month)}-${day}`), 'report', fixed(`${P}/tasks/${t.code}/progress`), () => ({
          unitId: unit,
          period: month,
          done: pick(['按计划推进各项工作。', '召开专题推进会，落实分工。', '完成阶段性目标，形成工作台账。']),
          percentComplete: Math.min(100, (MONTHS.indexOf(month) + 1) * 12 + int(0, 4)),
        }));
      }
    }
  }
  post('2023-07-08T10:00:00+08:00', 'report', fixed(`${P}/tasks/4.2/progress`), () => ({
    unitId: 'jxj',
    period: '2023-06',
    done: '更正：补充第二批专精特新企业入库情况。',
    percentComplete: 50,
  }));

  // Indicators: 3.3-1 (≥ 300 亿元), 4.2-1 (≥ 60), 1.1-1 (≥ 4), each quarter.
  let fundJune = '';
  const value = (id: string, v: string, asOfDate: string, entered: string, after?: (a: any) => void) =>
    post(
      `${asOfDate}T23:59:59.999+08:00`,
      'indicator value',
      fixed(`${P}/indicators/${id}/values`),
      () => ({ value: v, asOfDate, source: '季度统计' }),
      after,
      entered,
    );
  value('3.3-1', '150', '2023-06-30', '2023-07-03T10:00:00+08:00', (a) => {
    fundJune = a.valueId;
  });
  post(
    '2023-07-20T10:00:00+08:00',
    'indicator correction',
    () => `${P}/indicators/3.3-1/values/${fundJune}/correction`,
    () => ({ value: '160', reason: '统计口径更正：补入二季度末到位资金' }),
  );
  value('3.3-1', '180', '2023-09-30', '2023-10-08T10:00:00+08:00');
  value('3.3-1', '305', '2023-12-31', '2024-01-05T10:00:00+08:00');
  value('4.2-1', '20', '2023-06-30', '2023-07-03T11:00:00+08:00');
  value('4.2-1', '45', '2023-09-30', '2023-10-08T11:00:00+08:00');
  value('4.2-1', '62', '2023-12-31', '2024-01-05T11:00:00+08:00');
  value('1.1-1', '2', '2023-06-30', '2023-07-03T12:00:00+08:00');
  value('1.1-1', '3', '2023-09-30', '2023-10-08T12:00:00+08:00');
  value('1.1-1', '4', '2023-12-31', '2024-01-05T12:00:00+08:00');

  // Coordination meetings (协调会议) and their action items (督办事项).
  const meeting = (
    scheduledAt: string,
    heldAt: string,
    title: string,
    items: { key: string; unitId: string; dueDate: string; text: string; taskCode: string }[],
  ) => {
    let id = '';
    post(
      scheduledAt,
      'meeting',
      fixed(`${P}/meetings`),
      () => ({ kind: 'coordination', title, chair: { name: '张明武', title: '市人民政府副秘书长' }, scheduledFor: heldAt, place: '市政府3号楼会议室' }),
      (a) => {
        id = a.meeting.meetingId;
      },
    );
    post(
      heldAt,
      'meeting',
      () => `${P}/meetings/${id}/minutes`,
      () => ({
        attendees: items.map((i) => ({ name: `${i.unitId} 负责同志`, unitId: i.unitId })),
        minutes: `${title}：听取各单位进展汇报，研究解决重点难点问题。`,
        decisions: items.map((i) => ({ text: i.text, taskCodes: [i.taskCode], actionItems: [{ unitId: i.unitId, dueDate: i.dueDate, text: i.text }] })),
      }),
      async () => {
        for (const i of items) summary.actionItems[i.key] = await itemIdOf(client, i.unitId, i.text);
      },
    );
  };
  meeting('2023-05-12T10:00:00+08:00', '2023-05-18T09:30:00+08:00', '科技创新供应链第一次工作协调会', [
    { key: 'jxj-0518', unitId: 'jxj', dueDate: '2023-06-30', text: '制定专精特新企业梯度培育方案', taskCode: '4.2' },
    { key: 'kjj-0518', unitId: 'kjj', dueDate: '2023-06-30', text: '完成重大科技基础设施布局研究', taskCode: '2.1' },
  ]);
  const close = (key: string, at: string, resolution: string) =>
    post(
      at,
      'action item closure',
      () => `${P}/action-items/${summary.actionItems[key]}/closure`,
      () => ({ resolution }),
    );
  close('jxj-0518', '2023-06-25T10:00:00+08:00', '已印发专精特新企业梯度培育方案');
  post(
    '2023-06-28T10:00:00+08:00',
    'action item extension',
    () => `${P}/action-items/${summary.actionItems['kjj-0518']}/extension`,
    () => ({ dueDate: '2023-07-31', reason: '需待省级规划出台后衔接' }),
  );
  close('kjj-0518', '2023-07-25T10:00:00+08:00', '布局研究报告已报市政府');
  meeting('2023-09-08T10:00:00+08:00', '2023-09-14T09:30:00+08:00', '科技创新供应链第二次工作协调会', [
    { key: 'fgw-0914', unitId: 'fgw', dueDate: '2023-10-31', text: '出台科技成果转化配套政策', taskCode: '1.1' },
    { key: 'rcj-0914', unitId: 'rcj', dueDate: '2023-10-15', text: '完成科技领军人才评选', taskCode: '5.1' },
  ]);
  close('rcj-0914', '2023-10-20T10:00:00+08:00', '科技领军人才评选结果已公示');

  // An inspection (督办) whose finding assigns an item.
  post(
    '2023-06-20T15:00:00+08:00',
    'inspection',
    fixed(`${P}/inspections`),
    () => ({
      kind: 'supervision',
      title: '市政府督办武汉基金设立工作',
      who: [{ name: '陈劲超', title: '市人民政府常务副市长', role: 'city_leader' }],
      tasks: ['3.3'],
      units: ['czj', 'jrj'],
      findings: [
        { text: '财政出资到位进度偏慢', taskCodes: ['3.3'], actionItems: [{ unitId: 'czj', dueDate: '2023-07-31', text: '落实武汉基金首期财政出资' }] },
      ],
    }),
    async () => {
      summary.actionItems['czj-0620'] = await itemIdOf(client, 'czj', '落实武汉基金首期财政出资');
    },
  );
  close('czj-0620', '2023-07-28T10:00:00+08:00', '首期财政出资已拨付到位');

  // The leading group: 递补.
  post('2023-07-01T09:00:00+08:00', 'replacement', fixed(`${P}/leading-group/replacements`), () => ({
    seat: 'deputy-2',
    holder: '盛继亮',
    successor: { name: '王新民' },
    reason: '市科技局主要负责同志调整，接任同志递补',
  }));

  // Reminders (催办).
  post('2023-04-05T10:00:00+08:00', 'reminder', fixed(`${P}/alerts/handling-plan:xinzhou/reminder`), () => ({ note: '请尽快报送具体办理工作方案' }));
  post('2023-05-15T10:00:00+08:00', 'reminder', fixed(`${P}/alerts/monthly-report:2023-04:3.3:czj/reminder`), () => ({ note: '请补报4月进展情况' }));
  post(
    '2023-11-05T10:00:00+08:00',
    'reminder',
    () => `${P}/alerts/action-item:${summary.actionItems['fgw-0914']}/reminder`,
    () => ({ note: '请尽快办结并报送办理情况' }),
  );

  // Quarterly bulletins (情况季通报), published.
  for (const [quarter, day] of QUARTERS)
    post(`${day}T16:00:00+08:00`, 'bulletin', fixed(`${P}/reports/quarterly/${quarter}/publish`), () => ({ note: `${quarter} 情况季通报` }));

  // Year end: annual summaries, the CPPCC's evaluation, reopening 3.3.
  for (const unit of owing) {
    if (unit === MISSING_SUMMARY) continue;
    post(
      time(LATE_SUMMARIES[unit] ?? pick(['2023-12-20', '2023-12-22', '2023-12-26', '2023-12-29'])),
      'annual summary',
      fixed(`${P}/units/${unit}/annual-summary`),
      () => ({
        year: 2023,
        title: `2023年度1号建议案办理工作总结（${unit}）`,
        text: pick(['全年工作按方案推进，完成年度目标。', '对照任务清单逐项总结，形成工作经验。']),
      }),
    );
  }
  const rating = (code: string) => (code === '3.3' ? 'dissatisfied' : code === '2.2' ? 'basically_satisfied' : 'satisfied');
  let reopen = '';
  for (const code of [...COMPLETED_IN_NOVEMBER, ...COMPLETED_LATE]) {
    post(
      '2023-12-26T10:00:00+08:00',
      'evaluation',
      fixed(`${P}/evaluations`),
      () => ({
        scope: { kind: 'task', taskCode: code },
        rating: rating(code),
        ...(rating(code) === 'dissatisfied' ? { comments: '武汉基金规模未达预期，财政出资到位偏慢' } : {}),
        evaluator: { name: '市政协提案委员会', group: '市政协领导及委员视察组' },
      }),
      (a) => {
        if (code === '3.3') reopen = a.evaluation.evaluationId;
      },
    );
  }
  post('2023-12-26T11:00:00+08:00', 'evaluation', fixed(`${P}/evaluations`), () => ({
    scope: { kind: 'overall' },
    rating: 'basically_satisfied',
    evaluator: { name: '市政协提案委员会' },
  }));
  post(
    '2023-12-28T10:00:00+08:00',
    'reopen',
    () => `${P}/evaluations/${reopen}/reopen`,
    () => ({ note: '请牵头单位针对测评意见制定整改措施' }),
  );

  // In the order the office enters them; equal instants keep the order they were planned in.
  const ordered = steps.map((s, i) => ({ s, i })).sort((a, b) => Date.parse(a.s.entered) - Date.parse(b.s.entered) || a.i - b.i);
  for (const { s } of ordered) await s.run();
  return summary;
}

async function itemIdOf(client: Client, unitId: string, text: string): Promise<string> {
  const list = await client.call('GET', `${P}/action-items?unit=${unitId}`);
  const item = (list.items as { itemId: string; text: string }[]).find((i) => i.text === text);
  if (!item) throw new Error(`the action item "${text}" of ${unitId} is not in the list`);
  return item.itemId;
}

// Run directly: a new store under --dir, the Wuhan plan adopted, an office token, the server in this
// process on an ephemeral port, and the year through HTTP.
async function main(argv: string[]) {
  const { existsSync, mkdirSync, writeFileSync } = await import('node:fs');
  const { join, resolve } = await import('node:path');
  const { SqliteEventStore } = await import('../src/store/sqlite-event-store.ts');
  const { createApplication } = await import('../src/app/application.ts');
  const { readPlanFile } = await import('../src/app/plan/plan-adoption.ts');
  const { createHttpApp } = await import('../src/http/app.ts');
  const { listen } = await import('../src/http/server.ts');
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const dir = resolve(arg('--dir') ?? 'data/demo');
  const seed = Number(arg('--seed') ?? 2023);
  const file = join(dir, 'duban.db');
  if (existsSync(file)) {
    if (argv.includes('--if-missing')) {
      console.error(`simulate-year: ${file} exists; nothing to do (the office token is in ${join(dir, 'office-token')})`);
      return;
    }
    throw new Error(`${file} exists: give another --dir, or remove it`);
  }
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const store = SqliteEventStore.open(file);
  // Hashed with the secret `duban serve` finds beside this store, so that `npm run demo` takes the token.
  const { loadTokenSecret } = await import('../src/app/token/token-secret.ts');
  const app = createApplication(store, { tokenSecret: loadTokenSecret(`sqlite:${file}`).secret });
  await app.start();
  await app.adoptPlan(await readPlanFile(new URL('../plans/wuhan-2023-p1.json', import.meta.url).pathname));
  const { token } = await app.issueToken({ name: '演示：领导小组办公室', role: 'office', actor: { id: 'simulate-year', role: 'system' } });
  writeFileSync(join(dir, 'office-token'), `${token}\n`, { mode: 0o600 });
  const { hono } = createHttpApp(app, {});
  const server = await listen(hono, { port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${server.address.port}`;
  const client: Client = {
    async call(method, path, body) {
      const res = await fetch(base + path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 500)}`);
      return text ? JSON.parse(text) : null;
    },
  };
  try {
    const summary = await simulateYear(client, seed);
    const kinds = Object.entries(summary.byKind)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    console.log(`simulated the Wuhan plan's year (seed ${seed}): ${summary.writes} writes through the API in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(`  ${kinds}`);
    console.log(`store: ${file}`);
    console.log(`office token (also in ${join(dir, 'office-token')}): ${token}`);
    console.log(`explore: DUBAN_STORE=sqlite:${file} npm start, then e.g. GET /plans/${PLAN_ID}/scorecards?validAt=2023-12-31`);
  } finally {
    await server.close();
    await app.close();
    await store.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`simulate-year: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
