/** @jsxImportSource hono/jsx */
// 预警与催办: everything yellow or red on the chosen date, per unit (listAlerts, as GET /alerts gives
// it), narrowed by light and unit with a plain GET form, and the office's reminders (催办) on them.
import { type ConsolePage, ConsolePageError } from '../console-page.ts';
import { dueWords, Light, lightWord } from '../light.tsx';
import { planTime as at, planDay as dayOf } from '../plan-time.ts';
import { planPath } from '../view.ts';

export const alertsPage: ConsolePage = {
  path: '/console/plans/:planId/alerts',
  access: 'read-plan',
  async render(view) {
    const plan = view.plan!;
    const tz = plan.timeZone;
    const lightParam = view.c.req.query('light') || undefined;
    const unit = view.c.req.query('unit') || undefined;
    if (lightParam !== undefined && lightParam !== 'red' && lightParam !== 'yellow') {
      throw new ConsolePageError(400, '筛选条件有误', `灯色“${lightParam.slice(0, 20)}”无法识别：只能选红灯或黄灯。`);
    }
    const light = lightParam as 'red' | 'yellow' | undefined;
    const list = await view.app.listAlerts(plan.id, { ...view.query, ...(unit ? { unit } : {}), ...(light ? { light } : {}) });
    // The reminders on what is still yellow or red, newest first, each with the item it chased.
    const reminders = list.items
      .flatMap((u) => u.alerts.flatMap((a) => a.reminders.map((r) => ({ r, a }))))
      .sort((x, y) => Date.parse(y.r.effectiveAt) - Date.parse(x.r.effectiveAt));
    const taskHref = (code: string) => view.href(planPath(plan.id, `/tasks/${encodeURIComponent(code)}`));
    const unitHref = (id: string) => view.href(planPath(plan.id, `/units/${encodeURIComponent(id)}`));
    return {
      title: '预警与催办',
      nav: 'alerts',
      body: (
        <div class="alerts-page">
          <section aria-labelledby="alerts-summary">
            <h2 id="alerts-summary">概况</h2>
            <div class="cards">
              <div class="card" data-count="red">
                <div class="figure">{list.counts.red}</div>
                <div>
                  <Light color="red" /> 已逾期未完成
                </div>
              </div>
              <div class="card" data-count="yellow">
                <div class="figure">{list.counts.yellow}</div>
                <div>
                  <Light color="yellow" /> {list.yellowLightDays} 个{list.countsWorkingDays ? '工作日' : '自然日'}内到期
                </div>
              </div>
              <div class="card">
                <div class="figure">{list.items.length}</div>
                <div>有预警的单位</div>
              </div>
              <div class="card">
                <div class="figure">{reminders.length}</div>
                <div>催办记录</div>
              </div>
            </div>
            <p class="help">预警依据截至查看日期仍未完成的事项：办理工作方案、牵头单位的月度信息报送、任务办结和督办事项。红灯为已过期限，黄灯为临近期限。</p>
          </section>

          <form method="get" class="filters" action={planPath(plan.id, '/alerts')}>
            {view.time.validAt ? <input type="hidden" name="validAt" value={view.time.validAt} /> : null}
            {view.time.asOf ? <input type="hidden" name="asOf" value={view.time.asOf} /> : null}
            <label>
              灯色
              <select name="light">
                <option value="">全部（红灯和黄灯）</option>
                {(['red', 'yellow'] as const).map((l) => (
                  <option value={l} selected={light === l}>
                    {lightWord(l)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              单位
              <select name="unit">
                <option value="">全部单位</option>
                {plan.units.map((u) => (
                  <option value={u.id} selected={unit === u.id}>
                    {u.name}
                  </option>
                ))}
                {plan.groups.map((g) => (
                  <option value={g.id} selected={unit === g.id}>
                    {g.name}（全部成员）
                  </option>
                ))}
              </select>
            </label>
            <button type="submit">筛选</button>
            {light || unit ? (
              <a href={view.self({ light: undefined, unit: undefined })} class="button-link">
                清除筛选
              </a>
            ) : null}
          </form>

          <section aria-labelledby="alerts-by-unit">
            <h2 id="alerts-by-unit">按单位</h2>
            {list.items.length === 0 ? <p class="notice">查看日期没有{light ? lightWord(light) : '红灯或黄灯'}事项。</p> : null}
            {list.items.map((u) => (
              <section class="alert-unit" data-unit-alerts={u.unit.id}>
                <h3>
                  <a href={unitHref(u.unit.id)}>{u.unit.name}</a>
                  <span class="meta">
                    {' '}
                    红灯 {u.red} · 黄灯 {u.yellow}
                  </span>
                </h3>
                <div class="table-wrap">
                  <table class="stack">
                    <thead>
                      <tr>
                        <th scope="col">灯</th>
                        <th scope="col">类别</th>
                        <th scope="col">事项</th>
                        <th scope="col">期限</th>
                        <th scope="col">情况</th>
                        <th scope="col">催办</th>
                      </tr>
                    </thead>
                    <tbody>
                      {u.alerts.map((a) => (
                        <tr data-alert={a.id}>
                          <td data-label="灯">
                            <Light color={a.light} />
                          </td>
                          <td data-label="类别">{a.kindLabel}</td>
                          <td data-label="事项">
                            {a.task ? <a href={taskHref(a.task.code)}>{a.owed}</a> : a.owed}
                            {a.period ? (
                              <div class="meta">
                                <a href={view.href(planPath(plan.id, `/reports/dispatch/${a.period}`))}>{a.period} 月调度</a>
                              </div>
                            ) : null}
                          </td>
                          <td data-label="期限">{a.dueDate}</td>
                          <td data-label="情况">
                            {dueWords(a)}
                            {a.since ? <div class="meta">自 {dayOf(a.since, tz)} 起</div> : null}
                          </td>
                          <td data-label="催办">{a.reminders.length ? `已催办 ${a.reminders.length} 次` : '未催办'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>
            ))}
          </section>

          <section aria-labelledby="reminders">
            <h2 id="reminders">催办记录</h2>
            <p class="help">领导小组办公室对上述仍为红灯或黄灯事项的催办，按催办时间由近及远。已办结事项的催办记录见各单位台账。</p>
            {reminders.length === 0 ? (
              <p class="notice">没有催办记录。</p>
            ) : (
              <div class="table-wrap">
                <table class="stack">
                  <thead>
                    <tr>
                      <th scope="col">催办时间</th>
                      <th scope="col">单位</th>
                      <th scope="col">事项</th>
                      <th scope="col">催办时</th>
                      <th scope="col">催办意见</th>
                      <th scope="col">催办人</th>
                    </tr>
                  </thead>
                  <tbody>
                    {reminders.map(({ r, a }) => (
                      <tr data-reminder={r.reminderId}>
                        <td data-label="催办时间">{at(r.effectiveAt, tz)}</td>
                        <td data-label="单位">
                          <a href={unitHref(a.unit.id)}>{a.unit.name}</a>
                        </td>
                        <td data-label="事项">{a.owed}</td>
                        <td data-label="催办时">
                          <Light color={r.light} />
                        </td>
                        <td data-label="催办意见">{r.note ?? '—'}</td>
                        <td data-label="催办人">{r.actor.name ?? r.actor.id}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </div>
      ),
    };
  },
};
