// The monthly dispatch (月调度) as CSV, a row per task and unit: what GET …/reports/monthly/{period}?format=csv
// answers and the console's download gives, byte for byte.
import { toCsv } from '../csv.ts';
import { localTime } from '../time.ts';
import type { MonthlyDispatch } from './monthly-dispatch.ts';
import type { ProgressReportView } from './progress.ts';

const CSV_COLUMNS = [
  ['code', '任务'],
  ['title', '任务名称'],
  ['status', '任务状态'],
  ['role', '单位类别'],
  ['unit', '单位'],
  ['state', '报送情况'],
  ['done', '工作进展'],
  ['problems', '存在问题'],
  ['nextSteps', '下步计划'],
  ['percentComplete', '完成比例(%)'],
  ['reportedAt', '报送时间'],
  ['late', '逾期'],
  ['attachments', '附件'],
] as const;

/** The dispatch as CSV, a row per task and unit (a group's members each on a row): UTF-8 with a BOM, for Excel. */
export function dispatchCsv(d: MonthlyDispatch): string {
  const records: Record<string, string>[] = [];
  const row = (task: (typeof d.items)[number], role: string, unit: string, state: string, r: ProgressReportView | null) =>
    records.push({
      code: task.code,
      title: task.title,
      status: task.statusLabel,
      role,
      unit,
      state,
      done: r?.done ?? '',
      problems: r?.problems ?? '',
      nextSteps: r?.nextSteps ?? '',
      percentComplete: r?.percentComplete === null || r === null ? '' : String(r.percentComplete),
      reportedAt: localTime(r?.reportedAt ?? null, d.timeZone),
      late: r ? (r.late ? '是' : '否') : '',
      attachments: r ? r.attachments.join('; ') : '',
    });
  for (const task of d.items) {
    for (const lead of task.leadUnits) row(task, '牵头单位', lead.unit.name, lead.report ? '已报送' : lead.missing ? '缺报' : '未报送', lead.report);
    for (const resp of task.responsibleUnits) {
      for (const r of resp.reports) row(task, '责任单位', r.unit.name, '已报送', r);
      for (const u of resp.notReported) row(task, '责任单位', u.name, '未报送', null);
    }
  }
  return toCsv(records, { header: true, columns: CSV_COLUMNS.map(([key, header]) => ({ key, header })) });
}
