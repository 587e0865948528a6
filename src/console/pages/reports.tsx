/** @jsxImportSource hono/jsx */
// 月调度 · 季通报 · 年度: the index of the plan's months, quarters and years, and each report as a
// page that prints on A4 — the monthly dispatch (app.monthlyDispatch), the quarterly bulletin
// (app.quarterlyBulletin; a published one marked with its document number and date) and the year's
// summary material (app.annualReport) — with their downloads served under the console's session, the
// same bytes the REST downloads give.
import { MEDIA_TYPES } from '../../app/bulletin/bulletin-render.ts';
import type { Bulletin } from '../../app/bulletin/bulletin-view.ts';
import { dispatchCsv } from '../../app/progress/dispatch-csv.ts';
import { BulletinNotPublished } from '../../domain/bulletin.ts';
import type { ConsolePage } from '../console-page.ts';
import { planTime as at } from '../plan-time.ts';
import type { ConsoleView } from '../view.ts';
import { planPath } from '../view.ts';
import { BulletinHead, BulletinSections, Downloads } from './bulletin-tables.tsx';
import { DispatchBody } from './dispatch.tsx';
import { checkPeriod, daysOf, formatOf, quarterStart, quartersOf } from './report-periods.ts';

const reportsPath = (planId: string, rest = '') => planPath(planId, `/reports${rest}`);

/** The bulletin's reading: only asOf (validAt is the quarter's last instant, not the URL's). */
const asOfOnly = (view: ConsoleView) => (view.query.asOf ? { asOf: view.query.asOf } : {});

/** The published bulletin's JSON, or null when the quarter has none (as recorded by asOf). */
export async function publishedJson(view: ConsoleView, planId: string, quarter: string): Promise<Bulletin | null> {
  try {
    const file = await view.app.publishedBulletin(planId, quarter, 'json', asOfOnly(view));
    return JSON.parse(new TextDecoder().decode(file.bytes)) as Bulletin;
  } catch (error) {
    if (error instanceof BulletinNotPublished) return null;
    throw error;
  }
}

function fileResponse(bytes: Uint8Array, format: 'csv' | 'md' | 'xlsx', name: string): Response {
  return new Response(new Uint8Array(bytes), {
    headers: {
      'content-type': MEDIA_TYPES[format],
      'content-disposition': `attachment; filename="${name}.${format}"`,
      'cache-control': 'no-store',
    },
  });
}

export const reportsIndexPage: ConsolePage = {
  path: '/console/plans/:planId/reports',
  access: 'read-plan',
  async render(view) {
    const plan = view.plan!;
    const { validDay, asOfDay } = daysOf(view);
    const rows = quartersOf(plan, asOfDay);
    const published = new Map(await Promise.all(rows.map(async (r) => [r.quarter, await publishedJson(view, plan.id, r.quarter)] as const)));
    const years = [...new Set(rows.map((r) => r.quarter.slice(0, 4)))];
    return {
      title: '月调度 · 季通报 · 年度',
      nav: 'reports',
      body: (
        <div class="reports-index">
          <p class="help">
            月调度按查看日期显示各任务当月的报送情况；季通报和年度总结材料反映期间最后一刻的情况，只随“依据记录截至”变化。每份材料都可打印（A4）和下载。
          </p>
          <section aria-labelledby="by-quarter">
            <h2 id="by-quarter">按季度</h2>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">季度</th>
                    <th scope="col">月调度</th>
                    <th scope="col">情况季通报</th>
                    <th scope="col">发布情况</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => {
                    const p = published.get(r.quarter)?.publication;
                    return (
                      <tr data-quarter={r.quarter}>
                        <th scope="row">{r.quarter}</th>
                        <td>
                          <ul class="inline-list">
                            {r.months.map((m) => (
                              <li>
                                {`${m}-01` <= validDay ? (
                                  <a href={view.href(reportsPath(plan.id, `/dispatch/${m}`))}>{m} 月调度</a>
                                ) : (
                                  <span class="meta">{m}（查看日期尚未开始）</span>
                                )}
                              </li>
                            ))}
                          </ul>
                        </td>
                        <td>
                          {quarterStart(r.quarter) <= asOfDay ? (
                            <a href={view.href(reportsPath(plan.id, `/bulletin/${r.quarter}`))}>{r.quarter} 季通报</a>
                          ) : (
                            <span class="meta">尚未开始</span>
                          )}
                        </td>
                        <td>
                          {p ? (
                            <span data-published={r.quarter}>
                              已发布 {p.documentNumber ? `${p.documentNumber} ` : ''}
                              {at(p.publishedAt, plan.timeZone).slice(0, 10)}
                            </span>
                          ) : (
                            '未发布'
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>
          <section aria-labelledby="by-year">
            <h2 id="by-year">年度总结材料</h2>
            <ul>
              {years.map((y) => (
                <li>
                  {`${y}-01-01` <= asOfDay ? (
                    <a href={view.href(reportsPath(plan.id, `/annual/${y}`))}>{y} 年度总结材料</a>
                  ) : (
                    <span class="meta">{y}（尚未开始）</span>
                  )}
                </li>
              ))}
            </ul>
          </section>
        </div>
      ),
    };
  },
};

export const dispatchPage: ConsolePage = {
  path: '/console/plans/:planId/reports/dispatch/:period',
  access: 'read-plan',
  async render(view) {
    const plan = view.plan!;
    const period = checkPeriod('month', view.c.req.param('period') ?? '');
    const d = await view.app.monthlyDispatch(plan.id, period, view.query);
    return {
      title: `${period} 月调度`,
      nav: 'reports',
      body: (
        <article class="report-print">
          <BackToIndex view={view} planId={plan.id} />
          <Downloads base={reportsPath(plan.id, `/dispatch/${period}`)} href={view.href} formats={['csv']} />
          <p class="help no-print">月调度只有 CSV 一种下载格式（与接口相同）；本页可直接打印。</p>
          <DispatchBody view={view} d={d} />
        </article>
      ),
    };
  },
};

export const dispatchDownload: ConsolePage = {
  path: '/console/plans/:planId/reports/dispatch/:period/download',
  access: 'read-plan',
  async render(view) {
    const plan = view.plan!;
    const period = checkPeriod('month', view.c.req.param('period') ?? '');
    formatOf(view.c.req.query('format'), ['csv']);
    const d = await view.app.monthlyDispatch(plan.id, period, view.query);
    return fileResponse(new TextEncoder().encode(dispatchCsv(d)), 'csv', `duban-${plan.id}-${period}`);
  },
};

function BackToIndex(props: { view: ConsoleView; planId: string }) {
  return (
    <p class="no-print">
      <a href={props.view.href(reportsPath(props.planId))}>返回月调度 · 季通报 · 年度列表</a>
    </p>
  );
}

export const bulletinPage: ConsolePage = {
  path: '/console/plans/:planId/reports/bulletin/:quarter',
  access: 'read-plan',
  async render(view) {
    const plan = view.plan!;
    const quarter = checkPeriod('quarter', view.c.req.param('quarter') ?? '');
    const showPublished = view.c.req.query('published') === 'true';
    const published = await publishedJson(view, plan.id, quarter);
    let b: Bulletin;
    if (showPublished) {
      if (!published) throw new BulletinNotPublished(plan.id, quarter, view.query.asOf ?? 'now');
      b = published;
    } else {
      b = (await view.app.quarterlyBulletin(plan.id, quarter, 'json', asOfOnly(view))).bulletin!;
    }
    const p = published?.publication;
    const base = reportsPath(plan.id, `/bulletin/${quarter}`);
    return {
      title: `${quarter} 情况季通报`,
      nav: 'reports',
      body: (
        <article class="report-print">
          <BackToIndex view={view} planId={plan.id} />
          {p && !showPublished ? (
            <p class="notice published-mark" data-published={p.publishedAt}>
              本季通报已发布
              {p.documentNumber ? (
                <>
                  ，文号 <span data-field="document-number">{p.documentNumber}</span>
                </>
              ) : null}
              ，发布时间 <span data-field="published-at">{at(p.publishedAt, plan.timeZone)}</span>。下面是依据现有记录生成的当前版本；
              <a href={view.self({ published: 'true' })}>查看发布时的原文</a>。
            </p>
          ) : null}
          {showPublished ? (
            <p class="notice no-print">
              这是发布时的原文，逐字节保存，此后的记录不改变它。<a href={view.self({ published: undefined })}>查看依据现有记录的当前版本</a>。
            </p>
          ) : null}
          <Downloads base={base} href={view.href} formats={['csv', 'markdown', 'xlsx']} extra={showPublished ? { published: 'true' } : {}} />
          <p class="help no-print">季通报和年度总结材料反映期间最后一刻的情况：“查看日期”不改变它，“依据记录截至”改变它。</p>
          <BulletinHead b={b} timeZone={plan.timeZone} />
          <BulletinSections b={b} timeZone={plan.timeZone} />
        </article>
      ),
    };
  },
};

export const bulletinDownload: ConsolePage = {
  path: '/console/plans/:planId/reports/bulletin/:quarter/download',
  access: 'read-plan',
  async render(view) {
    const plan = view.plan!;
    const quarter = checkPeriod('quarter', view.c.req.param('quarter') ?? '');
    const format = formatOf(view.c.req.query('format'), ['csv', 'md', 'xlsx']);
    const published = view.c.req.query('published') === 'true';
    const file = published
      ? await view.app.publishedBulletin(plan.id, quarter, format, asOfOnly(view))
      : await view.app.quarterlyBulletin(plan.id, quarter, format, asOfOnly(view));
    return fileResponse(file.bytes, format, `duban-${plan.id}-${quarter}${published ? '-published' : ''}`);
  },
};

export const annualPage: ConsolePage = {
  path: '/console/plans/:planId/reports/annual/:year',
  access: 'read-plan',
  async render(view) {
    const plan = view.plan!;
    const year = checkPeriod('year', view.c.req.param('year') ?? '');
    const b = (await view.app.annualReport(plan.id, year, 'json', asOfOnly(view))).bulletin!;
    return {
      title: `${year} 年度总结材料`,
      nav: 'reports',
      body: (
        <article class="report-print">
          <BackToIndex view={view} planId={plan.id} />
          <Downloads base={reportsPath(plan.id, `/annual/${year}`)} href={view.href} formats={['csv', 'markdown', 'xlsx']} />
          <p class="help no-print">季通报和年度总结材料反映期间最后一刻的情况：“查看日期”不改变它，“依据记录截至”改变它。</p>
          <BulletinHead b={b} timeZone={plan.timeZone} />
          <BulletinSections b={b} timeZone={plan.timeZone} />
        </article>
      ),
    };
  },
};

export const annualDownload: ConsolePage = {
  path: '/console/plans/:planId/reports/annual/:year/download',
  access: 'read-plan',
  async render(view) {
    const plan = view.plan!;
    const year = checkPeriod('year', view.c.req.param('year') ?? '');
    const format = formatOf(view.c.req.query('format'), ['csv', 'md', 'xlsx']);
    const file = await view.app.annualReport(plan.id, year, format, asOfOnly(view));
    return fileResponse(file.bytes, format, `duban-${plan.id}-${year}`);
  },
};

export const reportPages: ConsolePage[] = [reportsIndexPage, dispatchDownload, dispatchPage, bulletinDownload, bulletinPage, annualDownload, annualPage];
