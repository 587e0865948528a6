/** @jsxImportSource hono/jsx */
// 对比: two dates on either axis side by side — every task, indicator, unit light and score that
// differs, each linked to the audit entries between the two dates that made it.
import type { AuditRow } from '../../app/audit-queries.ts';
import { statusLabel } from '../../domain/labels.ts';
import { TimePoint } from '../../http/routes/query-params.ts';
import { type ConsolePage, ConsolePageError } from '../console-page.ts';
import { Light } from '../light.tsx';
import { type ConsoleView, hrefKeeping, planPath } from '../view.ts';
import { type Axis, type Comparison, compare, indicatorRows, otherAxis, rangeFilters, taskRows } from './compare-data.ts';

const AXIS_WORDS: Record<Axis, string> = { validAt: '查看日期（何时生效）', asOf: '依据记录截至（何时记入）' };

export const comparePage: ConsolePage = {
  path: '/console/plans/:planId/compare',
  access: 'read-plan',
  async render(view) {
    const axis: Axis = view.c.req.query('axis') === 'asOf' ? 'asOf' : 'validAt';
    const from = view.c.req.query('from')?.trim() || undefined;
    const to = view.c.req.query('to')?.trim() || undefined;
    for (const [label, value] of [
      ['起点', from],
      ['终点', to],
    ] as const) {
      if (value !== undefined && (value === 'now' || !TimePoint.safeParse(value).success)) {
        throw new ConsolePageError(400, '日期有误', `对比的${label}“${value.slice(0, 40)}”不是可识别的时间：请写 2023-06-30 这样的日期或带时区的时刻。`);
      }
    }
    const result = from && to ? await compare(view, axis, from, to) : null;
    return {
      title: '对比',
      nav: 'compare',
      body: (
        <>
          <CompareForm view={view} axis={axis} from={from} to={to} />
          {result && from && to ? (
            <Differences view={view} axis={axis} from={from} to={to} c={result} />
          ) : (
            <p class="help">
              选两个日期，看其间哪些任务、指标、单位灯和得分发生了变化。例如{' '}
              <a href={view.href(planPath(view.plan!.id, '/compare'), { from: '2023-06-30', to: '2023-12-31', axis: 'validAt' })}>
                对比 2023-06-30 与 2023-12-31
              </a>
              。
            </p>
          )}
        </>
      ),
    };
  },
};

function CompareForm(props: { view: ConsoleView; axis: Axis; from: string | undefined; to: string | undefined }) {
  const { view, axis } = props;
  return (
    <form method="get" action={planPath(view.plan!.id, '/compare')} class="filters compare-form" aria-label="选择对比的两个日期">
      {view.time.validAt ? <input type="hidden" name="validAt" value={view.time.validAt} /> : null}
      {view.time.asOf ? <input type="hidden" name="asOf" value={view.time.asOf} /> : null}
      <fieldset>
        <legend>比较的时间轴</legend>
        {(['validAt', 'asOf'] as const).map((a) => (
          <label>
            <input type="radio" name="axis" value={a} checked={axis === a} /> {AXIS_WORDS[a]}
          </label>
        ))}
      </fieldset>
      <label>
        起点日期
        <input type="date" name="from" value={props.from ?? ''} required />
      </label>
      <label>
        终点日期
        <input type="date" name="to" value={props.to ?? ''} required />
      </label>
      <button type="submit">对比</button>
    </form>
  );
}

function Differences(props: { view: ConsoleView; axis: Axis; from: string; to: string; c: Comparison }) {
  const { view, axis, from, to, c } = props;
  const plan = view.plan!;
  const other = otherAxis(view, axis);
  const range = rangeFilters(axis, from, to);
  // The trail keeps the page's axes like every link; compared along asOf, it is read as recorded by the later date.
  const linked = axis === 'validAt' ? view.time : { ...view.time, asOf: to };
  const auditHref = (params: Record<string, string>) => hrefKeeping(linked, planPath(plan.id, '/audit'), { ...params, ...range });
  const eventHref = (eventId: string) => hrefKeeping(linked, planPath(plan.id, '/audit'), { event: eventId });
  /** The entries that made a difference: one event directly, several as the filtered trail. */
  const Made = (p: { rows: AuditRow[]; filter: Record<string, string>; what: string }) => {
    if (p.rows.length === 1) return <a href={eventHref(p.rows[0]!.eventId)}>{`${p.rows[0]!.typeLabel}（${p.what}的记录）`}</a>;
    if (p.rows.length > 1 || !c.complete) return <a href={auditHref(p.filter)}>{`${p.rows.length || ''} 条${p.what}的记录`.trim()}</a>;
    return <span class="meta">无新记录（随时间推移而变）</span>;
  };
  const tasks = plan.tasks.filter((t) => {
    const a = c.before.tasks.get(t.code);
    const b = c.after.tasks.get(t.code);
    return a?.status !== b?.status || a?.light !== b?.light;
  });
  const indicators = plan.indicators.filter((i) => c.before.indicators.get(i.id) !== c.after.indicators.get(i.id));
  const units = plan.units.filter((u) => {
    const a = c.before.units.get(u.id) ?? { red: 0, yellow: 0 };
    const b = c.after.units.get(u.id) ?? { red: 0, yellow: 0 };
    return a.red !== b.red || a.yellow !== b.yellow;
  });
  const scores = plan.units.filter((u) => (c.before.scores.get(u.id) ?? null) !== (c.after.scores.get(u.id) ?? null));
  const head = (what: string) => (
    <tr>
      <th scope="col">{what}</th>
      <th scope="col">{from}</th>
      <th scope="col">{to}</th>
      <th scope="col">造成变化的记录</th>
    </tr>
  );
  return (
    <>
      <p class="meta">
        按{AXIS_WORDS[axis]}对比 {from} 与 {to}
        {other.asOf ? `，依据截至 ${other.asOf} 的记录` : other.validAt ? `，查看 ${other.validAt} 生效的状态` : ''}。
        {c.complete ? '' : ' 其间记录超过 1000 条，链接指向筛选后的审计记录。'}
      </p>
      {[c.before, c.after].map((side, i) => (side.recorded ? null : <p class="notice">{`${i ? to : from} 时 duban 尚未记录此方案：这一侧的各项均为空。`}</p>))}
      <section aria-labelledby="cmp-tasks">
        <h2 id="cmp-tasks">任务（{tasks.length} 项有变化）</h2>
        {tasks.length ? (
          <div class="table-wrap">
            <table class="compare-table">
              <thead>{head('任务')}</thead>
              <tbody>
                {tasks.map((t) => {
                  const a = c.before.tasks.get(t.code);
                  const b = c.after.tasks.get(t.code);
                  return (
                    <tr data-task={t.code}>
                      <td>
                        <a href={view.href(planPath(plan.id, `/tasks/${encodeURIComponent(t.code)}`))}>
                          {t.code} {t.title}
                        </a>
                      </td>
                      {[a, b].map((s, i) => (
                        <td data-status={s?.status} data-side={i ? 'to' : 'from'}>
                          {s ? statusLabel(s.status) : '—'} {s ? <Light color={s.light} /> : null}
                        </td>
                      ))}
                      <td>
                        <Made rows={taskRows(c, plan.id, t.code)} filter={{ task: t.code }} what="该任务" />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <p>两日之间没有任务的状态或灯变化。</p>
        )}
      </section>
      <section aria-labelledby="cmp-indicators">
        <h2 id="cmp-indicators">指标（{indicators.length} 项有变化）</h2>
        {indicators.length ? (
          <div class="table-wrap">
            <table class="compare-table">
              <thead>{head('指标')}</thead>
              <tbody>
                {indicators.map((i) => (
                  <tr data-compare-indicator={i.id}>
                    <td>
                      {i.id} {i.name}（目标 {i.target.value} {i.target.unit}）
                    </td>
                    <td data-side="from">{c.before.indicators.get(i.id) ?? '—'}</td>
                    <td data-side="to">{c.after.indicators.get(i.id) ?? '—'}</td>
                    <td>
                      <Made rows={indicatorRows(c, plan.id, i.id)} filter={{ task: i.taskCode }} what="该指标" />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>两日之间没有指标值变化。</p>
        )}
      </section>
      <section aria-labelledby="cmp-units">
        <h2 id="cmp-units">单位预警灯（{units.length} 个单位有变化）</h2>
        {units.length ? (
          <div class="table-wrap">
            <table class="compare-table">
              <thead>{head('单位')}</thead>
              <tbody>
                {units.map((u) => (
                  <tr data-unit={u.id}>
                    <td>{u.name}</td>
                    {[c.before.units.get(u.id), c.after.units.get(u.id)].map((n, i) => (
                      <td data-side={i ? 'to' : 'from'}>
                        红灯 {n?.red ?? 0} · 黄灯 {n?.yellow ?? 0}
                      </td>
                    ))}
                    <td>
                      <a href={auditHref({ unit: u.id })}>{`${u.name}的相关记录`}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>两日之间没有单位的红灯、黄灯数变化。</p>
        )}
      </section>
      <section aria-labelledby="cmp-scores">
        <h2 id="cmp-scores">得分（{scores.length} 个单位有变化）</h2>
        {scores.length ? (
          <div class="table-wrap">
            <table class="compare-table">
              <thead>{head('单位')}</thead>
              <tbody>
                {scores.map((u) => (
                  <tr data-unit={u.id} data-score="">
                    <td>{u.name}</td>
                    <td data-side="from">{c.before.scores.get(u.id) ?? '—'}</td>
                    <td data-side="to">{c.after.scores.get(u.id) ?? '—'}</td>
                    <td>
                      <a href={auditHref({ unit: u.id })}>{`${u.name}的相关记录`}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>两日之间没有单位得分变化。</p>
        )}
      </section>
    </>
  );
}
