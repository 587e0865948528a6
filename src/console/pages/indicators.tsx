/** @jsxImportSource hono/jsx */
// 指标: every indicator of the plan on the chosen date, as a chart (values over time with corrections
// marked, the target, the expected pace) and, beside it, the same figures as a table. One list read
// (the REST GET /plans/{p}/indicators gives the same views) answers the page.
import { Chart } from '../chart.tsx';
import type { ConsolePage } from '../console-page.ts';
import { planDay as localDate, planTime as localTime } from '../plan-time.ts';
import { planPath } from '../view.ts';
import { CHART_SIZE, indicatorChartOption } from './indicator-chart.ts';

const comparatorLabels: Record<string, string> = { at_least: '不少于', at_most: '不超过', exactly: '等于', about: '左右' };

export const indicatorsPage: ConsolePage = {
  path: '/console/plans/:planId/indicators',
  access: 'read-plan',
  async render(view) {
    const plan = view.plan!;
    const list = await view.app.listIndicators(plan.id, view.query);
    const tz = plan.timeZone;
    return {
      title: '指标',
      nav: 'indicators',
      body: (
        <div class="indicators">
          <p class="meta">
            共 {list.items.length} 项指标。图中实线为报送数值（菱形为更正过的数值），绿线为目标值，虚线为按实施期均匀推进的预期进度；截至查看日期，实施期已过{' '}
            {list.items[0]?.elapsedPercent ?? '—'}%。
          </p>
          <nav aria-label="指标目录" class="indicator-index">
            <ul>
              {list.items.map((i) => (
                <li>
                  <a href={`#ind-${i.indicatorId}`}>
                    {i.indicatorId} {i.name}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          {list.items.map((i) => {
            const withdrawn = i.withdrawn;
            return (
              <section data-indicator={i.indicatorId} id={`ind-${i.indicatorId}`} class="indicator" aria-labelledby={`ind-${i.indicatorId}-title`}>
                <h2 id={`ind-${i.indicatorId}-title`}>
                  {i.indicatorId} {i.name}
                </h2>
                <dl class="indicator-facts">
                  <div>
                    <dt>最新值</dt>
                    <dd>
                      <span data-field="latest-value">{i.latest?.value ?? '—'}</span> {i.latest ? i.target.unit : <span class="meta">尚无数值</span>}
                    </dd>
                  </div>
                  <div>
                    <dt>目标</dt>
                    <dd>
                      {comparatorLabels[i.target.comparator] ?? i.target.comparator} {i.target.value} {i.target.unit}
                      {i.tolerancePercent ? <span class="meta">（±{i.tolerancePercent}%）</span> : null}
                    </dd>
                  </div>
                  <div>
                    <dt>完成比例</dt>
                    <dd>{i.percentOfTarget !== null ? `${i.percentOfTarget}%` : '—'}</dd>
                  </div>
                  <div>
                    <dt>进度</dt>
                    <dd data-field="on-track" data-on-track={i.onTrack === null ? 'none' : String(i.onTrack)}>
                      {i.met ? '已达标' : i.onTrack === true ? '符合预期' : i.onTrack === false ? '滞后于预期' : '—'}
                    </dd>
                  </div>
                  <div>
                    <dt>所属任务</dt>
                    <dd>
                      <a href={view.href(planPath(plan.id, `/tasks/${encodeURIComponent(i.taskCode)}`))}>任务 {i.taskCode}</a>
                    </dd>
                  </div>
                </dl>
                <div class="indicator-body">
                  <Chart
                    option={indicatorChartOption(plan, i)}
                    width={CHART_SIZE.width}
                    height={CHART_SIZE.height}
                    label={`${i.name}：${i.series.length ? i.series.map((v) => `${localDate(v.effectiveAt, tz)} ${v.value}`).join('，') : '尚无数值'}；目标 ${i.target.value}${i.target.unit}`}
                  />
                  <div class="table-wrap">
                    <table class="indicator-table">
                      <caption class="visually-hidden">{i.name} 的数值</caption>
                      <thead>
                        <tr>
                          <th scope="col">数值所指日期</th>
                          <th scope="col" class="num">
                            数值（{i.target.unit}）
                          </th>
                          <th scope="col">报送时间</th>
                          <th scope="col">更正</th>
                        </tr>
                      </thead>
                      <tbody>
                        {i.series.length === 0 && withdrawn.length === 0 ? (
                          <tr>
                            <td colspan={4}>截至查看日期尚无数值。</td>
                          </tr>
                        ) : null}
                        {i.series.map((v) => (
                          <tr data-value={v.valueId} data-corrected={String(v.corrections.length > 0)}>
                            <td>{localDate(v.effectiveAt, tz)}</td>
                            <td class="num">{v.value}</td>
                            <td>{localTime(v.recordedAt, tz)}</td>
                            <td>
                              {v.corrections.length
                                ? v.corrections.map((c) => (
                                    <span class="correction">
                                      {c.from} → {c.to}（{localDate(c.effectiveAt, tz)}，{c.reason}）
                                    </span>
                                  ))
                                : '—'}
                            </td>
                          </tr>
                        ))}
                        {withdrawn.map((v) => (
                          <tr data-value={v.valueId} data-withdrawn="true" class="withdrawn">
                            <td>{localDate(v.effectiveAt, tz)}</td>
                            <td class="num">
                              <del>{v.value}</del>
                            </td>
                            <td>{localTime(v.recordedAt, tz)}</td>
                            <td>
                              已撤回（{localDate(v.withdrawal.effectiveAt, tz)}，{v.withdrawal.reason}）
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </div>
              </section>
            );
          })}
        </div>
      ),
    };
  },
};
