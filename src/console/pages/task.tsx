/** @jsxImportSource hono/jsx */
// One task at the chosen date: its text, units, indicators, each unit's latest report, the action
// items about it, and its history (who, when recorded, when in effect, why, before → after).
import { eventScope } from '../../app/event-scope.ts';
import { statusLabel } from '../../domain/labels.ts';
import type { ConsolePage } from '../console-page.ts';
import { colorOf, dueWords, Light } from '../light.tsx';
import { planDay, planTime } from '../plan-time.ts';
import { type ConsoleView, planPath } from '../view.ts';
import { eventHref, unitHref } from './task-parts.tsx';

type Unit = { id: string; name: string; kind: string };

function Units(props: { view: ConsoleView; planId: string; units: readonly Unit[] }) {
  if (!props.units.length) return <>—</>;
  return (
    <>
      {props.units.map((u, i) => (
        <>
          {i ? '、' : ''}
          {u.kind === 'group' ? u.name : <a href={unitHref(props.view, props.planId, u.id)}>{u.name}</a>}
        </>
      ))}
    </>
  );
}

const yesNo = (b: boolean | null, yes: string, no: string) => (b === null ? '—' : b ? yes : no);

export const taskPage: ConsolePage = {
  path: '/console/plans/:planId/tasks/:code',
  access: 'read-plan',
  async render(view) {
    const planId = view.plan!.id;
    const code = view.c.req.param('code')!;
    // The task first: an unknown code is a 404 page before anything else is read.
    const task = await view.app.getTask(planId, code, view.query);
    const [items, history] = await Promise.all([
      view.app.listActionItems(planId, view.query),
      view.app.taskHistory(planId, code, { ...view.query, scope: eventScope(view.principal), limit: 200 }),
    ]);
    const tz = view.plan!.timeZone;
    const actionItems = items.items.filter((i) => i.source.tasks.some((t) => t.code === code));
    const color = colorOf(task.light);
    const due = task.light ? dueWords(task.light) : '';
    return {
      title: `任务 ${task.code} ${task.title}`,
      nav: 'tasks',
      body: (
        <>
          <p class="meta">
            <a href={view.href(planPath(planId, '/tasks'))}>← 全部任务</a> ·{' '}
            <a href={view.href(planPath(planId, '/tasks'), { section: String(task.section) })}>
              第 {task.section} 方面：{task.sectionTitle}
            </a>
          </p>
          <dl class="task-facts">
            <dt>状态</dt>
            <dd data-field="status" data-status={task.status}>
              {statusLabel(task.status)}
            </dd>
            <dt>灯</dt>
            <dd data-field="light">
              <Light color={color} />
              {task.light ? (
                <span class="meta">
                  {' '}
                  期限 {task.light.dueDate}
                  {task.light.done ? '，已完成' : due && `，${due}`}
                </span>
              ) : null}
            </dd>
            <dt>状态生效</dt>
            <dd>{planTime(task.since, tz)}</dd>
            <dt>记录于</dt>
            <dd>
              {planTime(task.recordedAt, tz)}（{task.changedBy.name ?? task.changedBy.id}）
            </dd>
            {task.reason ? (
              <>
                <dt>原因</dt>
                <dd>{task.reason}</dd>
              </>
            ) : null}
            <dt>牵头单位</dt>
            <dd>
              <Units view={view} planId={planId} units={task.leadUnits} />
            </dd>
            <dt>责任单位</dt>
            <dd>
              <Units view={view} planId={planId} units={task.responsibleUnits} />
            </dd>
          </dl>

          <h2>任务内容</h2>
          <p class="task-text">{task.text}</p>

          <h2>指标</h2>
          {task.indicatorProgress.length ? (
            <div class="table-wrap">
              <table class="roomy">
                <thead>
                  <tr>
                    <th scope="col">指标</th>
                    <th scope="col">最新值</th>
                    <th scope="col">目标</th>
                    <th scope="col">完成率</th>
                    <th scope="col">进度</th>
                  </tr>
                </thead>
                <tbody>
                  {task.indicatorProgress.map((i) => (
                    <tr>
                      <td>
                        <a href={`${view.href(planPath(planId, '/indicators'))}#ind-${encodeURIComponent(i.indicatorId)}`}>{i.name}</a>
                      </td>
                      <td class="num">{i.latest ? `${i.latest.value} ${i.latest.unit}` : '尚无数值'}</td>
                      <td class="num">
                        {i.target.value} {i.target.unit}
                      </td>
                      <td class="num">{i.percentOfTarget ? `${i.percentOfTarget}%` : '—'}</td>
                      <td>{yesNo(i.onTrack, '正常', '滞后')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p class="meta">此任务没有量化指标。</p>
          )}

          <h2>信息报送</h2>
          {task.progress.length ? (
            <div class="table-wrap">
              <table class="roomy">
                <thead>
                  <tr>
                    <th scope="col">单位</th>
                    <th scope="col">月份</th>
                    <th scope="col">工作进展</th>
                    <th scope="col">存在问题</th>
                    <th scope="col">下步计划</th>
                    <th scope="col">完成度</th>
                    <th scope="col">报送时间</th>
                  </tr>
                </thead>
                <tbody>
                  {task.progress.map((p) => (
                    <tr>
                      <td class="nowrap">
                        <a href={unitHref(view, planId, p.unit.id)}>{p.unit.name}</a>
                      </td>
                      <td class="nowrap">{p.period}</td>
                      <td class="text">{p.report.done}</td>
                      <td class="text">{p.report.problems ?? '—'}</td>
                      <td class="text">{p.report.nextSteps ?? '—'}</td>
                      <td class="num">{p.report.percentComplete !== null ? `${p.report.percentComplete}%` : '—'}</td>
                      <td class="nowrap">
                        {planTime(p.report.reportedAt, tz)}
                        {p.report.late ? <span class="tag-late">迟报</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p class="meta">截至 {planDay(task.validAt, tz)} 尚无单位报送。</p>
          )}

          <h2>督办事项</h2>
          {actionItems.length ? (
            <div class="table-wrap">
              <table class="roomy">
                <thead>
                  <tr>
                    <th scope="col">事项</th>
                    <th scope="col">承办单位</th>
                    <th scope="col">来源</th>
                    <th scope="col">应办结日期</th>
                    <th scope="col">状态</th>
                    <th scope="col">灯</th>
                  </tr>
                </thead>
                <tbody>
                  {actionItems.map((i) => (
                    <tr>
                      <td class="text">{i.text}</td>
                      <td class="nowrap">
                        <a href={unitHref(view, planId, i.unit.id)}>{i.unit.name}</a>
                      </td>
                      <td class="text">{i.source.title}</td>
                      <td class="nowrap">{i.dueDate}</td>
                      <td class="nowrap">{i.statusLabel}</td>
                      <td class="nowrap">
                        <Light color={colorOf(i.light)} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p class="meta">没有涉及此任务的督办事项。</p>
          )}

          <h2>历史</h2>
          {history.items.length ? (
            <ol class="timeline">
              {[...history.items].reverse().map((e) => (
                <li data-event={e.eventId}>
                  <p class="timeline-head">
                    <a href={eventHref(view, planId, e.eventId)}>
                      {e.typeLabel}
                      <span class="visually-hidden">（在审计页查看此事件）</span>
                    </a>
                    <span class="meta">
                      {' '}
                      生效 {planTime(e.effectiveAt, tz)} · 记录 {planTime(e.recordedAt, tz)} · {e.actorLabel}
                    </span>
                  </p>
                  {e.changes.length ? (
                    <ul class="changes">
                      {e.changes.map((c) => (
                        <li>
                          {c.fieldLabel ?? fieldWord(c.field)}：{c.beforeLabel ?? c.before ?? '（无）'} → {c.afterLabel ?? c.after ?? '（无）'}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p>{e.summary}</p>
                  )}
                  {e.reason ? <p class="meta">原因：{e.reason}</p> : null}
                </li>
              ))}
            </ol>
          ) : (
            <p class="meta">尚无记录。</p>
          )}
          {history.nextCursor ? (
            <p>
              <a href={view.href(planPath(planId, '/audit'), { task: code })}>更多记录见审计页</a>
            </p>
          ) : null}
        </>
      ),
    };
  },
};

const FIELD_WORDS: Record<string, string> = { status: '状态' };
const fieldWord = (field: string) => FIELD_WORDS[field] ?? field;
