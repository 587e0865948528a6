/** @jsxImportSource hono/jsx */
// 运维 (a store-wide office token only): the store and the read model, events per day, digests, and a
// stream browser — the streams, a stream's events as served JSON (token hashes left out, as the API
// serves them), and a live tail of the newest events.
import { DateTime } from 'luxon';
import { eventScope } from '../../app/event-scope.ts';
import { servedEvent } from '../../app/served-event.ts';
import { eventTypeLabel } from '../../domain/labels.ts';
import type { RecordedEvent } from '../../store/event-store.ts';
import { Chart } from '../chart.tsx';
import { type ConsolePage, ConsolePageError } from '../console-page.ts';
import { liveStream } from '../live.ts';
import { listStreams } from '../store-index.ts';
import { digests } from '../verification.ts';
import type { ConsoleView } from '../view.ts';
import { DigestFacts, integrityOf, VerifySection } from './integrity.tsx';

const ZONE = 'Asia/Shanghai';
const DAYS = 30;
const STREAMS_PER_PAGE = 50;
const EVENTS_PER_PAGE = 100;
const TAIL = 50;

const shanghai = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(ZONE).toFormat('yyyy-MM-dd HH:mm:ss');

/** Events recorded per day over the last 30 days: positions at each midnight (recordedAt never goes back along positions). */
async function eventsPerDay(view: ConsoleView): Promise<{ day: string; count: number }[]> {
  const today = DateTime.fromJSDate(view.app.now()).setZone(ZONE).startOf('day');
  const bounds = await Promise.all(
    Array.from({ length: DAYS + 1 }, (_, i) =>
      i === DAYS
        ? view.app.store.headPosition()
        : view.app.store.positionAt(
            today
              .minus({ days: DAYS - 1 - i })
              .toUTC()
              .toISO()!,
          ),
    ),
  );
  // bounds[i] is the last position before day i began; the count is the positions in between (dense in practice).
  return Array.from({ length: DAYS }, (_, i) => ({ day: today.minus({ days: DAYS - 1 - i }).toFormat('MM-dd'), count: bounds[i + 1]! - bounds[i]! }));
}

const OPS_NAV = [
  ['/console/ops', '概况'],
  ['/console/ops/streams', '事件流'],
  ['/console/ops/tail', '实时事件'],
] as const;

const opsNav = (view: ConsoleView, current: (typeof OPS_NAV)[number][0]) => (
  <nav class="ops-nav" aria-label="运维">
    {OPS_NAV.map(([path, label]) => (
      <a href={view.href(path)} aria-current={path === current ? 'page' : undefined}>
        {label}
      </a>
    ))}
  </nav>
);

export const opsPage: ConsolePage = {
  path: '/console/ops',
  access: 'store-office',
  async render(view) {
    const [head, perDay, recent, integrity] = await Promise.all([view.app.store.headPosition(), eventsPerDay(view), digests(view.app, 10), integrityOf(view)]);
    const position = view.app.position();
    return {
      title: '运维',
      nav: 'ops',
      noDateControl: true,
      body: (
        <>
          {opsNav(view, '/console/ops')}
          <section aria-labelledby="store-title">
            <h2 id="store-title">存储与读模型</h2>
            <div class="cards">
              <div class="card" data-field="store-kind">
                <span class="figure">{view.storeKind ?? '未知'}</span> 存储类型
              </div>
              <div class="card" data-field="head">
                <span class="figure">{head}</span> 存储最新位置
              </div>
              <div class="card" data-field="position">
                <span class="figure">{position}</span> 读模型位置
              </div>
              <div class="card" data-field="lag">
                <span class="figure">{Math.max(0, head - position)}</span> 读模型落后（事件数）
              </div>
            </div>
          </section>
          <section aria-labelledby="per-day-title">
            <h2 id="per-day-title">每日记录的事件（近 {DAYS} 天）</h2>
            <Chart
              option={{
                grid: { left: 40, right: 10, top: 20, bottom: 30 },
                xAxis: { type: 'category', data: perDay.map((d) => d.day) },
                yAxis: { type: 'value', minInterval: 1 },
                series: [{ type: 'bar', data: perDay.map((d) => d.count), itemStyle: { color: '#0b5cad' } }],
              }}
              width={640}
              height={220}
              label={`近 ${DAYS} 天每日记录的事件数，共 ${perDay.reduce((n, d) => n + d.count, 0)} 个`}
            />
            <details>
              <summary>逐日数字</summary>
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">日期</th>
                      <th scope="col">事件数</th>
                    </tr>
                  </thead>
                  <tbody>
                    {perDay.map((d) => (
                      <tr>
                        <td>{d.day}</td>
                        <td>{d.count}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </section>
          <div class="integrity-grid">
            <VerifySection integrity={integrity} />
            <section class="integrity" aria-labelledby="digests-title">
              <h2 id="digests-title">摘要（最近 {recent.length} 个）</h2>
              {recent.length ? recent.map((d) => <DigestFacts event={d} />) : <p>存储中尚无摘要（DigestRecorded）。</p>}
            </section>
          </div>
        </>
      ),
    };
  },
};

export const streamsPage: ConsolePage = {
  path: '/console/ops/streams',
  access: 'store-office',
  async render(view) {
    const all = await listStreams(view.app.store);
    const pages = Math.max(1, Math.ceil(all.length / STREAMS_PER_PAGE));
    const page = pageNumber(view.c.req.query('page'), pages);
    const shown = all.slice((page - 1) * STREAMS_PER_PAGE, page * STREAMS_PER_PAGE);
    return {
      title: '事件流',
      nav: 'ops',
      noDateControl: true,
      body: (
        <>
          {opsNav(view, '/console/ops/streams')}
          <p class="meta">
            共 {all.length} 条事件流 · 第 {page} / {pages} 页
          </p>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">事件流</th>
                  <th scope="col">方案</th>
                  <th scope="col">事件数</th>
                  <th scope="col">首个事件</th>
                  <th scope="col">最后记录</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((s) => (
                  <tr data-stream={s.streamId}>
                    <td>
                      <a href={view.href(`/console/ops/streams/${encodeURIComponent(s.streamId)}`)}>{s.streamId}</a>
                    </td>
                    <td>{s.planId}</td>
                    <td>{s.events}</td>
                    <td>{eventTypeLabel(s.firstType)}</td>
                    <td>{shanghai(s.lastRecordedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager view={view} path="/console/ops/streams" page={page} pages={pages} />
        </>
      ),
    };
  },
};

export const streamPage: ConsolePage = {
  path: '/console/ops/streams/:streamId',
  access: 'store-office',
  async render(view) {
    const streamId = view.c.req.param('streamId')!;
    const entry = (await listStreams(view.app.store)).find((s) => s.streamId === streamId);
    if (!entry) throw new ConsolePageError(404, '未找到', `没有事件流 ${streamId.slice(0, 200)}。`);
    const pages = Math.max(1, Math.ceil(entry.events / EVENTS_PER_PAGE));
    const page = pageNumber(view.c.req.query('page'), pages);
    const events = await view.app.store.readStream(streamId, { fromRevision: (page - 1) * EVENTS_PER_PAGE, maxCount: EVENTS_PER_PAGE });
    const path = `/console/ops/streams/${encodeURIComponent(streamId)}`;
    return {
      title: `事件流 ${streamId}`,
      nav: 'ops',
      noDateControl: true,
      body: (
        <>
          {opsNav(view, '/console/ops/streams')}
          <p class="meta">
            {entry.events} 个事件 · 第 {page} / {pages} 页 · 令牌的哈希不予显示（与 API 相同）
          </p>
          {events.map((e) => (
            <section class="stream-event" aria-labelledby={`ev-${e.streamRevision}`} data-event={e.eventId}>
              <h2 id={`ev-${e.streamRevision}`}>
                #{e.streamRevision} {eventTypeLabel(e.type)} · 位置 {e.globalPosition} · {shanghai(e.recordedAt)}
              </h2>
              <pre class="event-json" tabindex={0}>
                {JSON.stringify(servedEvent(e), null, 2)}
              </pre>
            </section>
          ))}
          <Pager view={view} path={path} page={page} pages={pages} />
        </>
      ),
    };
  },
};

export const tailPage: ConsolePage = {
  path: '/console/ops/tail',
  access: 'store-office',
  async render(view) {
    const head = await view.app.store.headPosition();
    const events = (await view.app.store.readAll({ after: Math.max(0, head - TAIL), upTo: head })).map(servedEvent).reverse();
    return {
      title: '实时事件',
      nav: 'ops',
      noDateControl: true,
      body: (
        <>
          {opsNav(view, '/console/ops/tail')}
          <p class="help">最新的 {TAIL} 个事件，最新的在上；开启 JavaScript 时，新记录的事件会实时出现在表格顶部。</p>
          <p class="meta" id="tail-status" role="status" aria-live="polite" />
          <div class="table-wrap">
            <table class="tail-table" id="tail" data-after={String(head)} data-stream="/console/ops/tail/stream">
              <thead>
                <tr>
                  <th scope="col">位置</th>
                  <th scope="col">记录时间</th>
                  <th scope="col">方案</th>
                  <th scope="col">事件</th>
                  <th scope="col">事件流</th>
                  <th scope="col">记录人</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <TailRow view={view} event={e} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      ),
    };
  },
};

function TailRow(props: { view: ConsoleView; event: RecordedEvent }) {
  const e = props.event;
  return (
    <tr data-position={String(e.globalPosition)}>
      <td>{e.globalPosition}</td>
      <td>{shanghai(e.recordedAt)}</td>
      <td>{e.planId}</td>
      <td>{eventTypeLabel(e.type)}</td>
      <td>
        <a href={props.view.href(`/console/ops/streams/${encodeURIComponent(e.streamId)}`)}>{e.streamId}</a>
      </td>
      <td>{e.actor.name ?? e.actor.id}</td>
    </tr>
  );
}

/** The tail's live feed: each new event as the row's fields (labels made here, so the script only places text). */
export const tailStreamPage: ConsolePage = {
  path: '/console/ops/tail/stream',
  access: 'store-office',
  render: (view) =>
    liveStream(view, { scope: eventScope(view.principal) }, (stream, e) =>
      stream.writeSSE({
        event: 'event',
        id: String(e.globalPosition),
        data: JSON.stringify({
          position: e.globalPosition,
          recordedAt: shanghai(e.recordedAt),
          planId: e.planId,
          type: eventTypeLabel(e.type),
          streamId: e.streamId,
          streamHref: `/console/ops/streams/${encodeURIComponent(e.streamId)}`,
          actor: e.actor.name ?? e.actor.id,
        }),
      }),
    ),
};

function pageNumber(raw: string | undefined, pages: number): number {
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > pages) throw new ConsolePageError(404, '未找到', `没有第 ${raw.slice(0, 20)} 页（共 ${pages} 页）。`);
  return n;
}

function Pager(props: { view: ConsoleView; path: string; page: number; pages: number }) {
  const { view, path, page, pages } = props;
  return (
    <nav class="pager" aria-label="翻页">
      {page > 1 ? (
        <a href={view.href(path, { page: String(page - 1) })} rel="prev">
          上一页
        </a>
      ) : null}
      {page < pages ? (
        <a href={view.href(path, { page: String(page + 1) })} rel="next">
          下一页
        </a>
      ) : null}
    </nav>
  );
}
