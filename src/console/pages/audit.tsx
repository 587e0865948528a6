/** @jsxImportSource hono/jsx */
// 审计: the plan's audit trail as app.readAudit answers it (the REST /audit's read), filtered on both
// time axes, unit, task, type and actor, paged; its CSV under the session; one event by ?event=.

import { auditCsv } from '../../app/audit-csv.ts';
import type { AuditRow } from '../../app/audit-queries.ts';
import { eventScope, scopeCovers } from '../../app/event-scope.ts';
import { servedEvent } from '../../app/served-event.ts';
import { localTime } from '../../app/time.ts';
import { eventTypeLabels } from '../../domain/labels.ts';
import { type ConsolePage, ConsolePageError } from '../console-page.ts';
import { positionOfEvent } from '../store-index.ts';
import { type ConsoleView, planPath } from '../view.ts';
import { type AuditFilter, auditFiltersOf, cursorBefore, PAGE_ROWS, readAuditFor } from './audit-query.ts';
import { integrityOf, LastDigestSection, VerifySection } from './integrity.tsx';

/** Earlier pages' cursors, so 上一页 can go back ('0' is the first page); bounded, as a URL is. */
const TRAIL_MAX = 40;

export const auditPage: ConsolePage = {
  path: '/console/plans/:planId/audit',
  access: 'read-plan',
  async render(view) {
    const eventId = view.c.req.query('event');
    if (eventId) return eventOutput(view, eventId.slice(0, 100));
    const filters = auditFiltersOf(view);
    const cursor = view.c.req.query('cursor') || undefined;
    const trail = (view.c.req.query('trail') ?? '').split('.').filter(Boolean).slice(-TRAIL_MAX);
    const [page, integrity] = await Promise.all([readAuditFor(view, filters, { limit: PAGE_ROWS, ...(cursor ? { cursor } : {}) }), integrityOf(view)]);
    const base = planPath(view.plan!.id, '/audit');
    const keep = (extra: Record<string, string | undefined>) => view.href(base, { ...filters, ...extra });
    const previous = trail.length ? keep({ cursor: trail.at(-1) === '0' ? undefined : trail.at(-1), trail: trail.slice(0, -1).join('.') || undefined }) : null;
    const next = page.nextCursor ? keep({ cursor: page.nextCursor, trail: [...trail, cursor ?? '0'].join('.') }) : null;
    return {
      title: '审计',
      nav: 'audit',
      body: (
        <>
          <FilterForm view={view} filters={filters} />
          <section aria-labelledby="trail-title">
            <h2 id="trail-title">审计记录</h2>
            <p class="meta">
              第 {trail.length + 1} 页 · 本页 {page.items.length} 条 ·{' '}
              <a href={view.href(`${base}.csv`, { ...filters, ...(cursor ? { cursor } : {}) })} download="duban-audit.csv">
                下载本页 CSV
              </a>
            </p>
            {page.items.length ? <AuditTable view={view} rows={page.items} /> : <p>没有符合条件的记录。</p>}
            <nav class="pager" aria-label="翻页">
              {previous ? (
                <a href={previous} rel="prev">
                  上一页
                </a>
              ) : null}
              {next ? (
                <a href={next} rel="next">
                  下一页
                </a>
              ) : null}
            </nav>
          </section>
          <div class="integrity-grid">
            <VerifySection integrity={integrity} />
            <LastDigestSection integrity={integrity} />
          </div>
        </>
      ),
    };
  },
};

/** The CSV of the same page: the REST /audit?format=csv's bytes, for the session's token. */
export const auditCsvPage: ConsolePage = {
  path: '/console/plans/:planId/audit.csv',
  access: 'read-plan',
  async render(view) {
    const filters = auditFiltersOf(view);
    const cursor = view.c.req.query('cursor') || undefined;
    const limit = Number(view.c.req.query('limit') ?? PAGE_ROWS);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new ConsolePageError(400, '参数有误', '每页条数应为 1 到 1000 的整数。');
    const page = await readAuditFor(view, filters, { limit, ...(cursor ? { cursor } : {}) });
    return new Response(auditCsv(page.items), {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="duban-audit.csv"', 'cache-control': 'no-store' },
    });
  },
};

function FilterForm(props: { view: ConsoleView; filters: Partial<Record<AuditFilter, string>> }) {
  const { view, filters } = props;
  const plan = view.plan!;
  const dateInput = (name: AuditFilter, label: string) => (
    <label>
      {label}
      <input type="text" name={name} value={filters[name] ?? ''} placeholder="如 2023-06-30" />
    </label>
  );
  return (
    <form method="get" action={planPath(plan.id, '/audit')} class="filters audit-filters" aria-label="筛选审计记录">
      {view.time.validAt ? <input type="hidden" name="validAt" value={view.time.validAt} /> : null}
      {view.time.asOf ? <input type="hidden" name="asOf" value={view.time.asOf} /> : null}
      <fieldset>
        <legend>记录时间（何时记入）</legend>
        {dateInput('from', '起')}
        {dateInput('to', '止')}
      </fieldset>
      <fieldset>
        <legend>生效时间（何时为真）</legend>
        {dateInput('effectiveFrom', '起')}
        {dateInput('effectiveTo', '止')}
      </fieldset>
      <label>
        单位
        <select name="unit">
          <option value="">全部</option>
          {plan.units.map((u) => (
            <option value={u.id} selected={filters.unit === u.id}>
              {u.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        任务
        <select name="task">
          <option value="">全部</option>
          {plan.tasks.map((t) => (
            <option value={t.code} selected={filters.task === t.code}>
              {t.code} {t.title.slice(0, 24)}
            </option>
          ))}
        </select>
      </label>
      <label>
        事件类型
        <select name="type">
          <option value="">全部</option>
          {Object.entries(eventTypeLabels).map(([type, label]) => (
            <option value={type} selected={filters.type === type}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        记录人（令牌 id）
        <input type="text" name="actor" value={filters.actor ?? ''} />
      </label>
      <button type="submit">筛选</button>
      <a href={view.href(planPath(plan.id, '/audit'))}>清除筛选</a>
    </form>
  );
}

function changesText(row: AuditRow, side: 'before' | 'after'): string {
  return row.changes
    .map((c) => [c.fieldLabel ?? c.field, side === 'before' ? (c.beforeLabel ?? c.before) : (c.afterLabel ?? c.after)] as const)
    .filter(([, v]) => v !== null)
    .map(([f, v]) => `${f}：${v}`)
    .join('；');
}

function AuditTable(props: { view: ConsoleView; rows: AuditRow[] }) {
  const { view, rows } = props;
  const planId = view.plan!.id;
  return (
    <div class="table-wrap">
      <table class="audit-table">
        <thead>
          <tr>
            <th scope="col">位置</th>
            <th scope="col">记录时间</th>
            <th scope="col">生效时间</th>
            <th scope="col">任务</th>
            <th scope="col">事件</th>
            <th scope="col">记录人</th>
            <th scope="col">摘要</th>
            <th scope="col">变更前 → 变更后</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr data-event={row.eventId} data-type={row.type}>
              <td data-label="位置">
                <a href={view.href(planPath(planId, '/audit'), { event: row.eventId })} aria-label={`事件 ${row.globalPosition} 详情`}>
                  {row.globalPosition}
                </a>
              </td>
              <td data-label="记录时间">{localTime(row.recordedAt, row.timeZone)}</td>
              <td data-label="生效时间">{localTime(row.effectiveAt, row.timeZone)}</td>
              <td data-label="任务">
                {row.taskCode ? <a href={view.href(planPath(planId, `/tasks/${encodeURIComponent(row.taskCode)}`))}>{row.taskCode}</a> : '—'}
              </td>
              <td data-label="事件">{row.typeLabel}</td>
              <td data-label="记录人">
                <a href={view.href(planPath(planId, '/audit'), { actor: row.actor.id })} title="只看此记录人的记录">
                  {row.actorLabel}
                </a>
              </td>
              <td data-label="摘要">
                {row.summary}
                {row.reason ? <span class="meta">（原因：{row.reason}）</span> : null}
              </td>
              <td data-label="变更前 → 变更后">
                {row.changes.length ? (
                  <>
                    <span class="before">{changesText(row, 'before') || '—'}</span> → <span class="after">{changesText(row, 'after') || '—'}</span>
                  </>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** ?event=…: that one event, as its audit row and its served envelope — when the token's scope and the page's dates reach it. */
async function eventOutput(view: ConsoleView, eventId: string) {
  const plan = view.plan!;
  const position = await positionOfEvent(view.app.store, eventId);
  const [event] = position !== undefined ? await view.app.store.readAll({ after: position - 1, upTo: position, maxCount: 1 }) : [];
  if (!event || event.planId !== plan.id || !scopeCovers(eventScope(view.principal), event.planId)) {
    throw new ConsolePageError(404, '未找到', `此方案的审计记录中没有事件 ${eventId}。`);
  }
  const page = await readAuditFor(view, {}, { limit: 1, cursor: cursorBefore(position!) });
  const row = page.items[0]?.eventId === eventId ? page.items[0] : undefined;
  const back = view.href(planPath(plan.id, '/audit'));
  return {
    title: `审计 · 事件 ${event.globalPosition}`,
    nav: 'audit',
    body: (
      <>
        <p>
          <a href={back}>返回审计记录</a>
        </p>
        {row ? (
          <section aria-labelledby="event-title" data-event={row.eventId}>
            <h2 id="event-title">{row.typeLabel}</h2>
            <AuditTable view={view} rows={[row]} />
          </section>
        ) : (
          <p class="notice">此事件在所选日期尚未记录或尚未生效；下面是它的原始记录。</p>
        )}
        <section aria-labelledby="envelope-title">
          <h2 id="envelope-title">事件原文</h2>
          <pre class="event-json" tabindex={0}>
            {JSON.stringify(servedEvent(event), null, 2)}
          </pre>
        </section>
      </>
    ),
  };
}
