/** @jsxImportSource hono/jsx */
// 单位台账: one unit on the chosen date — its tasks, handling plan and annual summary, a month-by-report
// grid, what it owes that is yellow or red, the office's reminders, its action items and its scorecard
// with every component's weight and points. The unit record (the REST GET /plans/{p}/units/{u}) and
// the scorecard and the month grid (judged as the scorecard judges reports) are read at one reading.
import type { UnitReportCell } from '../../app/unit/unit-reports.ts';
import { monthlyReportDueDayOf } from '../../domain/plan.ts';
import type { ConsolePage } from '../console-page.ts';
import { dueWords, Light } from '../light.tsx';
import { planDay as localDate, planTime as localTime } from '../plan-time.ts';
import { planPath } from '../view.ts';
import { alertIdLabel, roleLabels, timelinessLabels } from './unit-parts.tsx';

const cellLabels: Record<UnitReportCell, string> = {
  on_time: '按时报送',
  late: '逾期报送',
  missing: '缺报',
  pending: '待报',
  not_owed: '—',
};

export const unitPage: ConsolePage = {
  path: '/console/plans/:planId/units/:unitId',
  access: 'read-plan',
  async render(view) {
    const plan = view.plan!;
    const unitId = view.c.req.param('unitId')!;
    const record = await view.app.getUnitRecord(plan.id, unitId, view.query);
    const reading = { validAt: record.validAt, asOf: record.asOf };
    const [card, reports] = await Promise.all([view.app.getScorecard(plan.id, unitId, reading), view.app.getUnitReports(plan.id, unitId, reading)]);
    const grid = reports.months;
    const tz = plan.timeZone;
    const taskHref = (code: string) => view.href(planPath(plan.id, `/tasks/${encodeURIComponent(code)}`));
    const red = record.alerts.filter((a) => a.light === 'red').length;
    const yellow = record.alerts.filter((a) => a.light === 'yellow').length;
    return {
      title: `单位台账 · ${record.unit.name}`,
      nav: 'units',
      body: (
        <div class="unit-page" data-unit-page={unitId}>
          <p>
            <a href={view.href(planPath(plan.id, '/units'))}>返回单位一览</a>
          </p>
          <section aria-labelledby="unit-summary">
            <h2 id="unit-summary">概况</h2>
            <div class="cards">
              <div class="card">
                <div>承担任务</div>
                <div class="figure">{record.tasks.length}</div>
              </div>
              <div class="card">
                <div>红灯</div>
                <div class="figure">{red}</div>
              </div>
              <div class="card">
                <div>黄灯</div>
                <div class="figure">{yellow}</div>
              </div>
              <div class="card">
                <div>考评得分</div>
                <div class="figure">{card.total ?? '未评'}</div>
                <div class="meta">{card.rank !== null ? `第 ${card.rank} 名` : '无排名'}</div>
              </div>
            </div>
          </section>

          <section aria-labelledby="unit-tasks">
            <h2 id="unit-tasks">承担任务</h2>
            {record.tasks.length === 0 ? (
              <p class="notice">该单位未承担本方案的任务。</p>
            ) : (
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">任务</th>
                      <th scope="col">角色</th>
                      <th scope="col">状态</th>
                      <th scope="col">时限</th>
                    </tr>
                  </thead>
                  <tbody>
                    {record.tasks.map((t) => (
                      <tr data-task={t.code}>
                        <td>
                          <a href={taskHref(t.code)}>
                            {t.code} {t.title}
                          </a>
                        </td>
                        <td>{roleLabels[t.role]}</td>
                        <td data-status={t.status}>{t.statusLabel}</td>
                        <td>
                          <Light color={t.light?.light} />
                          {t.light ? <span class="meta"> {t.light.dueDate} 到期</span> : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section aria-labelledby="unit-documents">
            <h2 id="unit-documents">办理工作方案与年度总结</h2>
            {record.handlingPlan || record.annualSummary ? (
              <dl class="unit-documents">
                {record.handlingPlan ? (
                  <>
                    <dt>办理工作方案</dt>
                    <dd data-field="handling-plan" data-status={record.handlingPlan.status}>
                      {record.handlingPlan.statusLabel}
                      {record.handlingPlan.timeliness ? `（${timelinessLabels[record.handlingPlan.timeliness] ?? record.handlingPlan.timeliness}）` : null}{' '}
                      {record.handlingPlan.light ? <Light color={record.handlingPlan.light.light} /> : null}
                    </dd>
                  </>
                ) : null}
                {record.annualSummary ? (
                  <>
                    <dt>{record.annualSummary.year} 年度总结</dt>
                    <dd data-field="annual-summary" data-status={record.annualSummary.status}>
                      {record.annualSummary.statusLabel}
                      {record.annualSummary.timeliness ? `（${timelinessLabels[record.annualSummary.timeliness] ?? record.annualSummary.timeliness}）` : null}{' '}
                      {record.annualSummary.light ? <Light color={record.annualSummary.light.light} /> : null}
                    </dd>
                  </>
                ) : null}
              </dl>
            ) : (
              <p class="notice">该单位无需报送办理工作方案。</p>
            )}
          </section>

          <section aria-labelledby="unit-reports">
            <h2 id="unit-reports">月度信息报送</h2>
            {grid.length === 0 ? (
              <p class="notice">截至查看日期尚无应报月份。</p>
            ) : (
              <>
                <p class="meta">
                  每月信息报送须于次月 {monthlyReportDueDayOf(plan)}{' '}
                  日前报送。牵头单位对当月月底仍未办结的任务须报送；按时、逾期以当月最早一份有效报送为准；待报为尚未到期；—为无需报送（责任单位，或任务已办结）。
                </p>
                <div class="table-wrap">
                  <table class="report-grid">
                    <thead>
                      <tr>
                        <th scope="col">月份</th>
                        {record.tasks.map((t) => (
                          <th scope="col">
                            <a href={taskHref(t.code)}>任务 {t.code}</a>
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {grid.map((row) => (
                        <tr data-month={row.period}>
                          <th scope="row">{row.period}</th>
                          {row.cells.map((c) => (
                            <td class={`report-cell report-${c.cell}`} data-task-code={c.code} data-report={c.cell}>
                              {cellLabels[c.cell]}
                              {c.reportedAt ? <span class="meta report-date">{localDate(c.reportedAt, tz).slice(5)}</span> : null}
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            )}
          </section>

          <section aria-labelledby="unit-alerts">
            <h2 id="unit-alerts">预警</h2>
            {record.alerts.length === 0 ? (
              <p class="notice">查看日期无红灯、黄灯事项。</p>
            ) : (
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">灯</th>
                      <th scope="col">事项</th>
                      <th scope="col">类别</th>
                      <th scope="col">到期日</th>
                      <th scope="col">情况</th>
                      <th scope="col" class="num">
                        催办
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {record.alerts.map((a) => (
                      <tr data-alert={a.id}>
                        <td>
                          <Light color={a.light} />
                        </td>
                        <td>{a.task ? <a href={taskHref(a.task.code)}>{a.owed}</a> : a.owed}</td>
                        <td>{a.kindLabel}</td>
                        <td>{a.dueDate}</td>
                        <td>{dueWords(a)}</td>
                        <td class="num">{a.reminders.length}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section aria-labelledby="unit-reminders">
            <h2 id="unit-reminders">催办记录</h2>
            {record.reminders.length === 0 ? (
              <p class="notice">查看日期前未向该单位催办。</p>
            ) : (
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">催办时间</th>
                      <th scope="col">事项</th>
                      <th scope="col">当时</th>
                      <th scope="col">说明</th>
                    </tr>
                  </thead>
                  <tbody>
                    {record.reminders.map((r) => (
                      <tr data-reminder={r.reminderId}>
                        <td>{localTime(r.effectiveAt, tz)}</td>
                        <td>{alertIdLabel(r.alertId)}</td>
                        <td>
                          <Light color={r.light} />
                        </td>
                        <td>{r.note ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section aria-labelledby="unit-items">
            <h2 id="unit-items">督办事项</h2>
            {record.actionItems.length === 0 ? (
              <p class="notice">查看日期前未向该单位交办督办事项。</p>
            ) : (
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">事项</th>
                      <th scope="col">来源</th>
                      <th scope="col">期限</th>
                      <th scope="col">状态</th>
                      <th scope="col">灯</th>
                    </tr>
                  </thead>
                  <tbody>
                    {record.actionItems.map((i) => (
                      <tr data-action-item={i.itemId}>
                        <td>{i.text}</td>
                        <td>{i.source.title}</td>
                        <td>
                          {i.dueDate}
                          {i.dueDate !== i.originalDueDate ? <span class="meta">（原 {i.originalDueDate}，已延期）</span> : null}
                        </td>
                        <td data-status={i.status}>
                          {i.statusLabel}
                          {i.closedOnTime === false ? '（逾期办结）' : null}
                        </td>
                        <td>
                          <Light color={i.light?.light} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section aria-labelledby="unit-scorecard" data-scorecard={unitId}>
            <h2 id="unit-scorecard">考评</h2>
            <p>
              总分 <strong data-field="total">{card.total ?? '未评'}</strong>
              {card.rank !== null ? (
                <>
                  ，排名第 <strong data-field="rank">{card.rank}</strong> 名
                </>
              ) : null}
              <span class="meta">
                （计分项权重合计 {card.weightCounted}，得分合计 {card.points}；总分 = 100 × 得分 ÷ 计分权重）
              </span>
            </p>
            <div class="table-wrap">
              <table class="scorecard">
                <thead>
                  <tr>
                    <th scope="col">考评项目</th>
                    <th scope="col">依据</th>
                    <th scope="col" class="num">
                      比率
                    </th>
                    <th scope="col" class="num">
                      权重
                    </th>
                    <th scope="col" class="num">
                      得分
                    </th>
                    <th scope="col" class="num">
                      折合
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {card.components.map((c) => (
                    <tr data-component={c.component} data-counted={String(c.counted)}>
                      <th scope="row">{c.label}</th>
                      <td>
                        {c.measure}
                        {c.counted ? (
                          <span class="meta">
                            （{c.numerator} / {c.denominator}）
                          </span>
                        ) : (
                          <span class="meta">（未计分）</span>
                        )}
                      </td>
                      <td class="num">{c.ratio ?? '—'}</td>
                      <td class="num" data-field="weight">
                        {c.weight}
                      </td>
                      <td class="num" data-field="points">
                        {c.points}
                      </td>
                      <td class="num">{c.counted ? c.contribution : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </div>
      ),
    };
  },
};
