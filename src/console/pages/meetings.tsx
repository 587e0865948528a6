/** @jsxImportSource hono/jsx */
// 会议与督办事项 · 检查: the plan's meetings (scheduled, held, cancelled), the action items (督办事项)
// their decisions and the inspections' findings assigned, each with its light, and the inspections
// (检查, 督办, 视察) — read as GET /meetings, /action-items and /inspections give them — and a meeting's
// own page with its minutes and decisions.
import type { ActionItemView, MeetingView } from '../../app/meeting/meeting-views.ts';
import { type ConsolePage, ConsolePageError } from '../console-page.ts';
import { Light } from '../light.tsx';
import { planTime as at, planDay as dayOf } from '../plan-time.ts';
import type { ConsoleView } from '../view.ts';
import { planPath } from '../view.ts';

const meetingHref = (view: ConsoleView, planId: string, id: string) => view.href(planPath(planId, `/meetings/${encodeURIComponent(id)}`));
const meetingTime = (m: MeetingView) => m.held?.heldAt ?? m.scheduledFor;
const ITEM_STATUSES = { open: '未办结', closed: '已办结', withdrawn: '已撤回' } as const;

/** Action items in a table, each with its light (none when withdrawn). */
export function ActionItemTable(props: { view: ConsoleView; planId: string; timeZone: string; items: ActionItemView[]; showSource?: boolean }) {
  const { view, planId, timeZone, items } = props;
  if (items.length === 0) return <p class="meta">没有督办事项。</p>;
  return (
    <div class="table-wrap">
      <table class="stack">
        <thead>
          <tr>
            <th scope="col">灯</th>
            <th scope="col">督办事项</th>
            <th scope="col">承办单位</th>
            {props.showSource === false ? null : <th scope="col">来源</th>}
            <th scope="col">期限</th>
            <th scope="col">状态</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr data-action-item={i.itemId}>
              <td data-label="灯">
                <Light color={i.light?.light ?? 'none'} />
              </td>
              <td data-label="督办事项">
                {i.text}
                {i.source.tasks.length ? (
                  <div class="meta">
                    任务：
                    {i.source.tasks.map((t, n) => (
                      <>
                        {n ? '、' : ''}
                        <a href={view.href(planPath(planId, `/tasks/${encodeURIComponent(t.code)}`))}>
                          {t.code} {t.title}
                        </a>
                      </>
                    ))}
                  </div>
                ) : null}
              </td>
              <td data-label="承办单位">{i.unit.name}</td>
              {props.showSource === false ? null : (
                <td data-label="来源">
                  {i.source.kind === 'meeting' ? <a href={meetingHref(view, planId, i.source.id)}>{i.source.title}</a> : <>{i.source.title}（检查）</>}
                </td>
              )}
              <td data-label="期限">
                {i.dueDate}
                {i.dueDate !== i.originalDueDate ? <div class="meta">原定 {i.originalDueDate}，已延期</div> : null}
                {i.light?.light === 'red' ? <div class="meta">逾期 {i.light.daysOverdue ?? 0} 天</div> : null}
              </td>
              <td data-label="状态">
                {i.statusLabel}
                {i.resolution ? (
                  <div class="meta">
                    {dayOf(i.resolution.closedAt, timeZone)} 办结{i.resolution.onTime ? '（按时）' : '（逾期）'}
                  </div>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export const meetingsPage: ConsolePage = {
  path: '/console/plans/:planId/meetings',
  access: 'read-plan',
  async render(view) {
    const plan = view.plan!;
    const tz = plan.timeZone;
    const unit = view.c.req.query('unit') || undefined;
    const status = view.c.req.query('status') || undefined;
    if (status !== undefined && !(status in ITEM_STATUSES)) {
      throw new ConsolePageError(400, '筛选条件有误', `督办事项状态“${status.slice(0, 20)}”无法识别：只能选未办结、已办结或已撤回。`);
    }
    const itemQuery = { ...view.query, ...(unit ? { unit } : {}), ...(status ? { status: status as keyof typeof ITEM_STATUSES } : {}) };
    const [meetings, items, inspections] = await Promise.all([
      view.app.listMeetings(plan.id, view.query),
      view.app.listActionItems(plan.id, itemQuery),
      view.app.listInspections(plan.id, view.query),
    ]);
    const count = (s: string) => meetings.items.filter((m) => m.status === s).length;
    return {
      title: '会议与督办事项 · 检查',
      nav: 'meetings',
      body: (
        <div class="meetings-page">
          <div class="cards">
            <div class="card">
              <div class="figure">{count('held')}</div>
              <div>已召开会议</div>
            </div>
            <div class="card">
              <div class="figure">{count('scheduled')}</div>
              <div>已安排会议</div>
            </div>
            <div class="card">
              <div class="figure">{items.counts.open}</div>
              <div>未办结督办事项</div>
            </div>
            <div class="card">
              <div class="figure">{items.counts.overdue}</div>
              <div>
                <Light color="red" /> 逾期督办事项
              </div>
            </div>
            <div class="card">
              <div class="figure">{inspections.items.filter((i) => i.status === 'recorded').length}</div>
              <div>检查 · 督办 · 视察</div>
            </div>
          </div>

          <section aria-labelledby="meetings">
            <h2 id="meetings">会议</h2>
            {meetings.items.length === 0 ? (
              <p class="notice">查看日期尚无会议。</p>
            ) : (
              <div class="table-wrap">
                <table class="stack">
                  <thead>
                    <tr>
                      <th scope="col">时间</th>
                      <th scope="col">会议</th>
                      <th scope="col">类别</th>
                      <th scope="col">状态</th>
                      <th scope="col">主持</th>
                      <th scope="col">议定事项</th>
                    </tr>
                  </thead>
                  <tbody>
                    {meetings.items.map((m) => (
                      <tr data-meeting={m.meetingId} data-meeting-status={m.status}>
                        <td data-label="时间">{at(meetingTime(m), tz)}</td>
                        <td data-label="会议">
                          <a href={meetingHref(view, plan.id, m.meetingId)}>{m.title}</a>
                          <div class="meta">{m.place}</div>
                        </td>
                        <td data-label="类别">{m.kindLabel}</td>
                        <td data-label="状态">{m.statusLabel}</td>
                        <td data-label="主持">
                          {m.chair.name}（{m.chair.title}）
                        </td>
                        <td data-label="议定事项">{m.held ? `${m.held.decisions.length} 项` : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section aria-labelledby="action-items">
            <h2 id="action-items">督办事项</h2>
            <p class="help">会议议定和检查发现交办的事项。灯色：红灯为逾期未办结，黄灯为临近期限，绿灯为已办结或尚未临近期限。</p>
            <form method="get" class="filters" action={planPath(plan.id, '/meetings')}>
              {view.time.validAt ? <input type="hidden" name="validAt" value={view.time.validAt} /> : null}
              {view.time.asOf ? <input type="hidden" name="asOf" value={view.time.asOf} /> : null}
              <label>
                承办单位
                <select name="unit">
                  <option value="">全部单位</option>
                  {plan.units.map((u) => (
                    <option value={u.id} selected={unit === u.id}>
                      {u.name}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                状态
                <select name="status">
                  <option value="">未撤回的全部事项</option>
                  {Object.entries(ITEM_STATUSES).map(([value, label]) => (
                    <option value={value} selected={status === value}>
                      {label}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit">筛选</button>
              {unit || status ? (
                <a href={view.self({ unit: undefined, status: undefined })} class="button-link">
                  清除筛选
                </a>
              ) : null}
            </form>
            <ActionItemTable view={view} planId={plan.id} timeZone={tz} items={items.items} />
          </section>

          <section aria-labelledby="inspections">
            <h2 id="inspections">检查 · 督办 · 视察</h2>
            {inspections.items.length === 0 ? (
              <p class="notice">查看日期尚无检查记录。</p>
            ) : (
              <div class="table-wrap">
                <table class="stack">
                  <thead>
                    <tr>
                      <th scope="col">日期</th>
                      <th scope="col">检查</th>
                      <th scope="col">人员</th>
                      <th scope="col">被检查单位</th>
                      <th scope="col">发现问题与交办</th>
                    </tr>
                  </thead>
                  <tbody>
                    {inspections.items.map((i) => (
                      <tr data-inspection={i.inspectionId}>
                        <td data-label="日期">{dayOf(i.at, tz)}</td>
                        <td data-label="检查">
                          {i.title}
                          <div class="meta">
                            {i.kindLabel}
                            {i.status === 'withdrawn' ? ' · 已撤回' : ''}
                          </div>
                        </td>
                        <td data-label="人员">{i.who.map((w) => `${w.name}（${w.title}）`).join('、')}</td>
                        <td data-label="被检查单位">{i.units.map((u) => u.name).join('、')}</td>
                        <td data-label="发现问题与交办">
                          <ul class="plain-list">
                            {i.findings.map((f) => (
                              <li>
                                {f.text}
                                {f.actionItems.map((a) => (
                                  <div class="meta">
                                    交办 {a.unit.name}：{a.text}（{a.dueDate} 前）
                                  </div>
                                ))}
                              </li>
                            ))}
                          </ul>
                        </td>
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

export const meetingPage: ConsolePage = {
  path: '/console/plans/:planId/meetings/:meetingId',
  access: 'read-plan',
  async render(view) {
    const plan = view.plan!;
    const tz = plan.timeZone;
    const meetingId = view.c.req.param('meetingId') ?? '';
    const [m, items] = await Promise.all([view.app.getMeeting(plan.id, meetingId, view.query), view.app.listActionItems(plan.id, view.query)]);
    const mine = items.items.filter((i) => i.source.kind === 'meeting' && i.source.id === m.meetingId);
    return {
      title: m.title,
      nav: 'meetings',
      body: (
        <article class="meeting" data-meeting={m.meetingId} data-meeting-status={m.status}>
          <p class="no-print">
            <a href={view.href(planPath(plan.id, '/meetings'))}>返回会议与督办事项列表</a>
          </p>
          <dl class="report-facts">
            <dt>类别</dt>
            <dd>{m.kindLabel}</dd>
            <dt>状态</dt>
            <dd>{m.statusLabel}</dd>
            <dt>时间</dt>
            <dd>{at(meetingTime(m), tz)}</dd>
            <dt>地点</dt>
            <dd>{m.place}</dd>
            <dt>主持</dt>
            <dd>
              {m.chair.name}（{m.chair.title}）
            </dd>
            <dt>安排于</dt>
            <dd>{at(m.scheduledAt, tz)}</dd>
          </dl>
          {m.cancellation ? (
            <p class="notice">
              已于 {at(m.cancellation.cancelledAt, tz)} 取消：{m.cancellation.reason}
            </p>
          ) : null}
          {m.held ? (
            <>
              <section aria-labelledby="attendees">
                <h2 id="attendees">出席人员（{m.held.attendees.length} 人）</h2>
                <ul class="inline-list">
                  {m.held.attendees.map((a) => (
                    <li>
                      {a.name}
                      {a.title ? `（${a.title}）` : ''} · {a.unit.name}
                    </li>
                  ))}
                </ul>
              </section>
              <section aria-labelledby="minutes">
                <h2 id="minutes">会议纪要</h2>
                <p class="minutes">{m.held.minutes}</p>
                <p class="meta">
                  记录于 {at(m.held.recordedAt, tz)}，记录人 {m.held.recordedBy.name ?? m.held.recordedBy.id}
                </p>
              </section>
              <section aria-labelledby="decisions">
                <h2 id="decisions">议定事项</h2>
                {m.held.decisions.length === 0 ? <p class="meta">没有议定事项。</p> : null}
                <ol class="decisions">
                  {m.held.decisions.map((d) => (
                    <li data-decision={d.decisionId}>
                      <p>{d.text}</p>
                      {d.tasks.length ? (
                        <p class="meta">
                          涉及任务：
                          {d.tasks.map((t, n) => (
                            <>
                              {n ? '、' : ''}
                              <a href={view.href(planPath(plan.id, `/tasks/${encodeURIComponent(t.code)}`))}>
                                {t.code} {t.title}
                              </a>
                            </>
                          ))}
                        </p>
                      ) : null}
                    </li>
                  ))}
                </ol>
              </section>
            </>
          ) : null}
          <section aria-labelledby="items">
            <h2 id="items">交办的督办事项</h2>
            <ActionItemTable view={view} planId={plan.id} timeZone={tz} items={mine} showSource={false} />
          </section>
          {m.withdrawals.length ? (
            <section aria-labelledby="withdrawals">
              <h2 id="withdrawals">撤回记录</h2>
              <ul>
                {m.withdrawals.map((w) => (
                  <li>
                    {at(w.withdrawnAt, tz)} 撤回{w.withdrawn === 'minutes' ? '会议纪要' : w.withdrawn === 'cancellation' ? '取消' : '安排'}：{w.reason}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </article>
      ),
    };
  },
};

export const meetingPages: ConsolePage[] = [meetingsPage, meetingPage];
