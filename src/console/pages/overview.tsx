/** @jsxImportSource hono/jsx */
// 总览: the plan at a glance on the chosen date — lights by section (方面), tasks by status, the
// phase in effect, indicators against target and expected pace, alerts per unit, what is overdue,
// and what took effect in the seven days up to the date.
import { DateTime } from 'luxon';
import { eventScope } from '../../app/event-scope.ts';
import { statusLabel, statusLabels } from '../../domain/labels.ts';
import type { TaskStatus } from '../../domain/task-status.ts';
import type { ConsolePage } from '../console-page.ts';
import { LIGHT_COLORS, Light, type LightColor, lightWord } from '../light.tsx';
import { planDay, planTime } from '../plan-time.ts';
import { type ConsoleView, planPath } from '../view.ts';
import { IndicatorBars } from './overview-indicators.tsx';
import { eventHref, tasksWithLights, unitHref } from './task-parts.tsx';

/** How many of the week's changes the page lists (the audit page has the rest). */
const RECENT_SHOWN = 40;

export const overviewPage: ConsolePage = {
  path: '/console/plans/:planId',
  access: 'read-plan',
  async render(view) {
    const planId = view.plan!.id;
    const { plan, reading, items: tasks } = await tasksWithLights(view, planId);
    const tz = plan.timeZone;
    const day = planDay(reading.validAt, tz);
    const weekFrom = DateTime.fromISO(day).minus({ days: 6 }).toISODate()!;
    const [alerts, indicators, recent] = await Promise.all([
      view.app.listAlerts(planId, view.query),
      view.app.listIndicators(planId, view.query),
      view.app.readAudit({ ...view.query, planId, scope: eventScope(view.principal), effectiveFrom: weekFrom, effectiveTo: day, limit: 500 }),
    ]);
    const tasksHref = (params: Record<string, string>) => view.href(planPath(planId, '/tasks'), params);
    const phase = plan.phases.find((p) => p.startDate <= day && day <= p.endDate);
    const next = plan.phases.filter((p) => p.startDate > day).sort((a, b) => a.startDate.localeCompare(b.startDate))[0];
    const statuses = Object.keys(statusLabels) as TaskStatus[];
    const count = (pred: (t: (typeof tasks)[number]) => boolean) => tasks.filter(pred).length;
    // The longest overdue first, across units.
    const red = alerts.items.flatMap((u) => u.alerts.filter((a) => a.light === 'red')).sort((a, b) => (b.daysOverdue ?? 0) - (a.daysOverdue ?? 0));
    const changes = [...recent.items].sort((a, b) => b.effectiveAt.localeCompare(a.effectiveAt) || b.globalPosition - a.globalPosition);

    return {
      title: '总览',
      nav: 'overview',
      body: (
        <>
          <section aria-labelledby="ov-phase">
            <h2 id="ov-phase">当前阶段</h2>
            {phase ? (
              <p class="phase-now">
                <strong>{phase.name}</strong>
                <span class="meta">
                  {' '}
                  {phase.startDate} 至 {phase.endDate}
                </span>
              </p>
            ) : (
              <p class="phase-now">
                {day} 不在方案的任何阶段内{next ? `；下一阶段“${next.name}”自 ${next.startDate} 起` : '：各阶段均已结束'}。
              </p>
            )}
            {phase ? <p class="help">{phase.description}</p> : null}
          </section>

          <section aria-labelledby="ov-status">
            <h2 id="ov-status">任务状态</h2>
            <ul class="cards status-cards">
              <li class="card">
                <a href={tasksHref({})}>
                  <span class="figure" data-count-status="all">
                    {tasks.length}
                  </span>
                  <span>全部任务</span>
                </a>
              </li>
              {statuses.map((s) => (
                <li class="card">
                  <a href={tasksHref({ status: s })}>
                    <span class="figure" data-count-status={s}>
                      {count((t) => t.status === s)}
                    </span>
                    <span>{statusLabel(s)}</span>
                  </a>
                </li>
              ))}
            </ul>
          </section>

          <section aria-labelledby="ov-lights">
            <h2 id="ov-lights">各方面任务亮灯</h2>
            <div class="table-wrap">
              <table class="lights-by-section">
                <thead>
                  <tr>
                    <th scope="col">方面</th>
                    {LIGHT_COLORS.map((c) => (
                      <th scope="col" class="num">
                        <Light color={c} legend />
                      </th>
                    ))}
                    <th scope="col" class="num">
                      合计
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {plan.sections.map((s) => {
                    const inSection = tasks.filter((t) => t.section === s.number);
                    return (
                      <tr data-section={s.number}>
                        <th scope="row">
                          <a href={tasksHref({ section: String(s.number) })}>
                            {s.number}. {s.title}
                          </a>
                        </th>
                        {LIGHT_COLORS.map((c) => (
                          <LightCount view={view} planId={planId} section={s.number} color={c} n={inSection.filter((t) => t.light === c).length} />
                        ))}
                        <td class="num">{inSection.length}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <p class="help">灯按任务截止日期（无单独期限的按实施阶段末）判断：完成即绿灯，临近截止黄灯，逾期未完成红灯，已取消无灯。</p>
          </section>

          <section aria-labelledby="ov-indicators">
            <h2 id="ov-indicators">指标完成情况</h2>
            <IndicatorBars view={view} planId={planId} indicators={indicators.items} />
          </section>

          <section aria-labelledby="ov-alerts">
            <h2 id="ov-alerts">各单位预警</h2>
            <p class="meta">
              共 <Light color="red" legend /> {alerts.counts.red} 项、
              <Light color="yellow" legend /> {alerts.counts.yellow} 项（含信息报送、办理方案、任务、督办事项、年度总结）。
            </p>
            {alerts.items.length ? (
              <div class="table-wrap">
                <table class="unit-alerts">
                  <thead>
                    <tr>
                      <th scope="col">单位</th>
                      <th scope="col" class="num">
                        红灯
                      </th>
                      <th scope="col" class="num">
                        黄灯
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {alerts.items.map((u) => (
                      <tr data-unit={u.unit.id}>
                        <td>
                          <a href={unitHref(view, planId, u.unit.id)}>{u.unit.name}</a>
                        </td>
                        <td class="num">{u.red}</td>
                        <td class="num">{u.yellow}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p class="notice">{day} 没有黄灯或红灯。</p>
            )}
          </section>

          <section aria-labelledby="ov-overdue">
            <h2 id="ov-overdue">逾期事项</h2>
            {red.length ? (
              <div class="table-wrap">
                <table class="overdue roomy">
                  <thead>
                    <tr>
                      <th scope="col">单位</th>
                      <th scope="col">事项</th>
                      <th scope="col">应完成</th>
                      <th scope="col" class="num">
                        逾期天数
                      </th>
                      <th scope="col" class="num">
                        催办次数
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {red.map((a) => (
                      <tr data-alert={a.id}>
                        <td class="nowrap">
                          <a href={unitHref(view, planId, a.unit.id)}>{a.unit.name}</a>
                        </td>
                        <td class="text">
                          <span class="meta">{a.kindLabel}</span> {a.owed}
                        </td>
                        <td class="nowrap">{a.dueDate}</td>
                        <td class="num">{a.daysOverdue ?? '—'}</td>
                        <td class="num">{a.reminders.length}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p class="notice">{day} 没有逾期事项。</p>
            )}
          </section>

          <section aria-labelledby="ov-recent">
            <h2 id="ov-recent">近七日变化</h2>
            <p class="meta">
              {weekFrom} 至 {day} 生效的记录，共 {changes.length}
              {recent.nextCursor ? '+' : ''} 条{changes.length > RECENT_SHOWN ? `，列出最近 ${RECENT_SHOWN} 条` : ''}。
              <a href={view.href(planPath(planId, '/audit'), { effectiveFrom: weekFrom, effectiveTo: day })}>在审计页查看这七日的全部记录</a>
            </p>
            {changes.length ? (
              <ol class="recent">
                {changes.slice(0, RECENT_SHOWN).map((e) => (
                  <li data-event={e.eventId}>
                    <span class="meta">{planTime(e.effectiveAt, tz)}</span>{' '}
                    <a href={eventHref(view, planId, e.eventId)}>
                      {e.typeLabel}
                      <span class="visually-hidden">（在审计页查看此事件）</span>
                    </a>
                    ：{e.summary}
                  </li>
                ))}
              </ol>
            ) : (
              <p class="notice">这七日没有生效的记录。</p>
            )}
          </section>
        </>
      ),
    };
  },
};

function LightCount(props: { view: ConsoleView; planId: string; section: number; color: LightColor; n: number }) {
  const { view, planId, section, color, n } = props;
  return (
    <td class="num" data-light-count={color}>
      {n ? (
        <a
          href={view.href(planPath(planId, '/tasks'), { section: String(section), light: color })}
          aria-label={`第${section}方面${lightWord(color)}任务 ${n} 项`}
        >
          {n}
        </a>
      ) : (
        '0'
      )}
    </td>
  );
}
