/** @jsxImportSource hono/jsx */
// 任务: the plan's tasks at the chosen date, filtered by section (方面), unit, status and light.
import { statusLabel, statusLabels } from '../../domain/labels.ts';
import { TaskStatus } from '../../domain/task-status.ts';
import { type ConsolePage, ConsolePageError } from '../console-page.ts';
import { LIGHT_COLORS, Light, type LightColor, lightWord } from '../light.tsx';
import { planDay } from '../plan-time.ts';
import { planPath } from '../view.ts';
import { HiddenAxes, taskHref, tasksWithLights, unitHref } from './task-parts.tsx';

const STATUSES = Object.keys(statusLabels) as TaskStatus[];

export const taskListPage: ConsolePage = {
  path: '/console/plans/:planId/tasks',
  access: 'read-plan',
  async render(view) {
    const planId = view.plan!.id;
    const q = (name: string) => view.c.req.query(name) || undefined;
    const section = q('section');
    const unit = q('unit');
    const status = q('status');
    const light = q('light');
    if (section !== undefined && !view.plan!.sections.some((s) => String(s.number) === section))
      throw new ConsolePageError(400, '请求有误', `方案没有第“${section.slice(0, 20)}”方面。`);
    if (status !== undefined && !TaskStatus.safeParse(status).success)
      throw new ConsolePageError(400, '请求有误', `“${status.slice(0, 20)}”不是任务状态：可选 ${STATUSES.map(statusLabel).join('、')}。`);
    if (light !== undefined && !LIGHT_COLORS.includes(light as LightColor))
      throw new ConsolePageError(400, '请求有误', `“${light.slice(0, 20)}”不是灯色：可选 红灯、黄灯、绿灯、无灯。`);

    const { plan, reading, items } = await tasksWithLights(view, planId, unit ? { unit } : {});
    const shown = items.filter(
      (t) =>
        (section === undefined || String(t.section) === section) && (status === undefined || t.status === status) && (light === undefined || t.light === light),
    );
    const filtered = section || unit || status || light;
    return {
      title: '任务',
      nav: 'tasks',
      body: (
        <>
          <form method="get" action={planPath(planId, '/tasks')} class="filters" aria-label="筛选任务">
            <HiddenAxes view={view} />
            <label>
              方面
              <select name="section">
                <option value="">全部方面</option>
                {plan.sections.map((s) => (
                  <option value={String(s.number)} selected={String(s.number) === section}>
                    {s.number}. {s.title}
                  </option>
                ))}
              </select>
            </label>
            <label>
              单位
              <select name="unit">
                <option value="">全部单位</option>
                {plan.units.map((u) => (
                  <option value={u.id} selected={u.id === unit}>
                    {u.name}
                  </option>
                ))}
                {plan.groups.map((g) => (
                  <option value={g.id} selected={g.id === unit}>
                    {g.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              状态
              <select name="status">
                <option value="">全部状态</option>
                {STATUSES.map((s) => (
                  <option value={s} selected={s === status}>
                    {statusLabel(s)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              灯
              <select name="light">
                <option value="">全部</option>
                {LIGHT_COLORS.map((c) => (
                  <option value={c} selected={c === light}>
                    {lightWord(c)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit">筛选</button>
            {filtered ? (
              <a href={view.href(planPath(planId, '/tasks'))} class="button-link">
                清除筛选
              </a>
            ) : null}
          </form>
          <p class="meta" data-count={shown.length}>
            {planDay(reading.validAt, plan.timeZone)} 共 {shown.length} 项任务{filtered ? `（全部 ${items.length} 项中筛出）` : ''}
            。灯：按任务截止日期（无单独期限的按实施阶段末）判断，完成即绿灯。
          </p>
          <div class="table-wrap">
            <table class="task-table roomy">
              <caption class="visually-hidden">任务列表</caption>
              <thead>
                <tr>
                  <th scope="col">编号</th>
                  <th scope="col">任务</th>
                  <th scope="col">牵头单位</th>
                  <th scope="col">状态</th>
                  <th scope="col">灯</th>
                  <th scope="col">截止日期</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((t) => (
                  <tr data-task={t.code}>
                    <td>{t.code}</td>
                    <td class="text">
                      <a href={taskHref(view, planId, t.code)}>{t.title}</a>
                    </td>
                    <td>
                      {t.leadUnits.map((u, i) => (
                        <>
                          {i ? '、' : ''}
                          {u.kind === 'group' ? u.name : <a href={unitHref(view, planId, u.id)}>{u.name}</a>}
                        </>
                      ))}
                    </td>
                    <td class="nowrap" data-status={t.status}>
                      {statusLabel(t.status)}
                    </td>
                    <td class="nowrap">
                      <Light color={t.light} />
                    </td>
                    <td class="nowrap">{t.dueDate ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {shown.length === 0 ? <p class="notice">没有符合筛选条件的任务。</p> : null}
        </>
      ),
    };
  },
};
