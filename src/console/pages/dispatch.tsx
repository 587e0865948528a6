/** @jsxImportSource hono/jsx */
// The monthly dispatch (月调度) as a printable page: when the month's reports are due, who has not
// reported, and every task with its status and its lead units' reports.
import type { MonthlyDispatch } from '../../app/progress/monthly-dispatch.ts';
import type { ProgressReportView } from '../../app/progress/progress.ts';
import { planTime as at } from '../plan-time.ts';
import type { ConsoleView } from '../view.ts';
import { planPath } from '../view.ts';

function Report(props: { r: ProgressReportView; tz: string }) {
  const { r, tz } = props;
  return (
    <div class="dispatch-report">
      <p class="meta">
        {r.unit.name} · 报送于 {at(r.reportedAt, tz)}
        {r.late ? <strong class="late"> · 逾期报送</strong> : null}
        {r.percentComplete !== null ? ` · 完成 ${r.percentComplete}%` : ''}
      </p>
      <p>{r.done}</p>
      {r.problems ? <p class="meta">存在问题：{r.problems}</p> : null}
      {r.nextSteps ? <p class="meta">下步计划：{r.nextSteps}</p> : null}
    </div>
  );
}

export function DispatchBody(props: { view: ConsoleView; d: MonthlyDispatch }) {
  const { view, d } = props;
  const tz = d.timeZone;
  const planId = d.planId;
  const leadsMissing = d.missing.reduce((n, m) => n + m.tasks.length, 0);
  const leadsIn = d.items.reduce((n, t) => n + t.leadUnits.filter((l) => l.report).length, 0);
  return (
    <>
      <section class="report-head" aria-labelledby="dispatch-head">
        <h2 id="dispatch-head" class="report-title">
          {d.period} 月调度
        </h2>
        <dl class="report-facts">
          <dt>报送截止</dt>
          <dd>
            {at(d.dueBy, tz)}
            {d.overdue ? '（已过截止时间，缺报即逾期）' : '（尚未截止）'}
          </dd>
          <dt>数据截至（有效时间）</dt>
          <dd>{at(d.validAt, tz)}</dd>
          <dt>记录截至</dt>
          <dd>{at(d.asOf, tz)}</dd>
          <dt>牵头单位报送</dt>
          <dd>
            已报 {leadsIn} 份，缺报 <span data-field="missing-count">{leadsMissing}</span> 份
          </dd>
        </dl>
      </section>
      <section aria-labelledby="dispatch-missing">
        <h3 id="dispatch-missing">缺报情况</h3>
        {d.missing.length === 0 ? (
          <p>牵头单位均已报送。</p>
        ) : (
          <div class="table-wrap">
            <table class="stack">
              <thead>
                <tr>
                  <th scope="col">单位</th>
                  <th scope="col">未报送的任务</th>
                </tr>
              </thead>
              <tbody>
                {d.missing.map((m) => (
                  <tr data-unit={m.unit.id}>
                    <td data-label="单位">{m.unit.name}</td>
                    <td data-label="未报送的任务">{m.tasks.join('、')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="dispatch-tasks">
        <h3 id="dispatch-tasks">任务进展与报送</h3>
        <div class="table-wrap">
          <table class="stack dispatch-table">
            <thead>
              <tr>
                <th scope="col">任务</th>
                <th scope="col">状态</th>
                <th scope="col">牵头单位报送</th>
                <th scope="col">责任单位报送</th>
              </tr>
            </thead>
            <tbody>
              {d.items.map((t) => {
                const respIn = t.responsibleUnits.reduce((n, r) => n + r.reports.length, 0);
                const respOut = t.responsibleUnits.reduce((n, r) => n + r.notReported.length, 0);
                return (
                  <tr data-task={t.code}>
                    <td data-label="任务" class="task-cell">
                      <a href={view.href(planPath(planId, `/tasks/${encodeURIComponent(t.code)}`))}>
                        {t.code} {t.title}
                      </a>
                    </td>
                    <td data-label="状态" data-status={t.status}>
                      {t.statusLabel}
                    </td>
                    <td data-label="牵头单位报送">
                      {t.leadUnits.map((l) =>
                        l.report ? (
                          <Report r={l.report} tz={tz} />
                        ) : (
                          <p class={l.missing ? 'missing' : 'meta'}>
                            {l.unit.name}：{l.missing ? '缺报' : t.reportRequired ? '未报送' : '无需报送'}
                          </p>
                        ),
                      )}
                    </td>
                    <td data-label="责任单位报送">
                      {respIn + respOut === 0 ? '—' : `已报 ${respIn}，未报 ${respOut}`}
                      {t.responsibleUnits.some((r) => r.reports.length) ? (
                        <p class="meta">{t.responsibleUnits.flatMap((r) => r.reports.map((x) => x.unit.name)).join('、')}</p>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
