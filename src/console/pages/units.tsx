/** @jsxImportSource hono/jsx */
// 单位: every unit of the plan in the plan's own order (sorting by score is the reader's choice,
// ?sort=score), with its alerts' lights and its scorecard. Two list reads answer the whole page.
import type { ConsolePage } from '../console-page.ts';
import { Light } from '../light.tsx';
import { planPath } from '../view.ts';
import { levelLabels } from './unit-parts.tsx';

export const unitsPage: ConsolePage = {
  path: '/console/plans/:planId/units',
  access: 'read-plan',
  async render(view) {
    const plan = view.plan!;
    const byScore = view.c.req.query('sort') === 'score';
    const [alerts, cards] = await Promise.all([view.app.listAlerts(plan.id, view.query), view.app.listScorecards(plan.id, view.query)]);
    const lights = new Map(alerts.items.map((a) => [a.unit.id, a]));
    const scores = new Map(cards.items.map((c) => [c.unit.id, c]));
    const rows = plan.units.map((unit, order) => ({ unit, order, alerts: lights.get(unit.id), card: scores.get(unit.id) }));
    if (byScore) {
      // Rated units by rank (highest total first), then the unrated in the plan's order.
      const rankOf = (r: (typeof rows)[number]) => r.card?.rank ?? Number.POSITIVE_INFINITY;
      rows.sort((a, b) => rankOf(a) - rankOf(b) || a.order - b.order);
    }
    const sortLink = (score: boolean, text: string) =>
      score === byScore ? <strong aria-current="true">{text}</strong> : <a href={view.self({ sort: score ? 'score' : undefined })}>{text}</a>;
    return {
      title: '单位',
      nav: 'units',
      body: (
        <section aria-labelledby="units-heading">
          <h2 id="units-heading">单位一览</h2>
          <p class="units-sort">
            排序：{sortLink(false, '按方案顺序')} · {sortLink(true, '按考评得分')}
          </p>
          <p class="meta">
            共 {plan.units.length} 个单位；红灯 {alerts.counts.red} 项，黄灯 {alerts.counts.yellow}{' '}
            项。得分与排名为截至查看日期的考评结果，未评表示尚无应考评事项。
          </p>
          <div class="table-wrap">
            <table class="units-table">
              <thead>
                <tr>
                  <th scope="col" class="num">
                    序号
                  </th>
                  <th scope="col">单位</th>
                  <th scope="col" class="unit-level">
                    类别
                  </th>
                  <th scope="col">预警</th>
                  <th scope="col" class="num">
                    考评得分
                  </th>
                  <th scope="col" class="num">
                    排名
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ unit, order, alerts: owed, card }) => (
                  <tr data-unit={unit.id}>
                    <td class="num">{order + 1}</td>
                    <td>
                      <a href={view.href(planPath(plan.id, `/units/${encodeURIComponent(unit.id)}`))}>{unit.name}</a>
                    </td>
                    <td class="unit-level">{levelLabels[unit.level] ?? unit.level}</td>
                    <td class="unit-alerts" data-red={owed?.red ?? 0} data-yellow={owed?.yellow ?? 0}>
                      {owed && (owed.red || owed.yellow) ? (
                        <span class="unit-lights">
                          {owed.red ? (
                            <span>
                              <Light color="red" /> {owed.red}
                            </span>
                          ) : null}
                          {owed.yellow ? (
                            <span>
                              <Light color="yellow" /> {owed.yellow}
                            </span>
                          ) : null}
                        </span>
                      ) : (
                        <span class="meta">无预警</span>
                      )}
                    </td>
                    <td class="num" data-field="total">
                      {card?.total ?? '未评'}
                    </td>
                    <td class="num" data-field="rank">
                      {card?.rank ?? '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ),
    };
  },
};
