/** @jsxImportSource hono/jsx */
// 公开 (no sign-in): what the plan promises to make public (及时公开办理成效) — its published quarterly
// bulletins, exactly as published: the bytes kept when the office published them, the same the API
// gives anyone at …/reports/quarterly/{quarter}?published=true. Nothing else: the API keeps every other
// read (the evaluations included) for signed-in tokens, so the satisfaction evaluation shows here only
// as the published bulletins carry it (the ranking's 满意度测评 component).
import { MEDIA_TYPES } from '../../app/bulletin/bulletin-render.ts';
import type { Bulletin } from '../../app/bulletin/bulletin-view.ts';
import type { PlanDefinition } from '../../domain/plan.ts';
import type { ConsolePage } from '../console-page.ts';
import { planTime as at } from '../plan-time.ts';
import type { ConsoleView } from '../view.ts';
import { BulletinHead, BulletinSections, Downloads } from './bulletin-tables.tsx';
import { checkPeriod, dayOfAxis, formatOf, quartersOf } from './report-periods.ts';
import { publishedJson } from './reports.tsx';

const publicPath = (planId: string, rest = '') => `/console/public/${encodeURIComponent(planId)}${rest}`;
const asOfOnly = (view: ConsoleView) => (view.query.asOf ? { asOf: view.query.asOf } : {});

/** Every quarter of the plan with a published bulletin (as recorded by asOf), oldest first. */
async function publishedOf(view: ConsoleView, plan: PlanDefinition): Promise<Bulletin[]> {
  const quarters = quartersOf(plan, dayOfAxis(view, view.time.asOf)).map((r) => r.quarter);
  const found = await Promise.all(quarters.map((q) => publishedJson(view, plan.id, q)));
  return found.filter((b): b is Bulletin => b !== null);
}

function BulletinList(props: { view: ConsoleView; planId: string; timeZone: string; bulletins: Bulletin[] }) {
  const { view, planId, timeZone, bulletins } = props;
  return (
    <ul class="published-list">
      {bulletins.map((b) => (
        <li data-published={b.period}>
          <a href={view.href(publicPath(planId, `/bulletins/${b.period}`))}>
            {b.title}（{b.periodLabel}）
          </a>
          <span class="meta">
            {' '}
            {b.publication?.documentNumber ? <span data-field="document-number">{b.publication.documentNumber}</span> : null}
            {b.publication ? ` · ${at(b.publication.publishedAt, timeZone).slice(0, 10)} 发布` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

const PUBLIC_NOTE =
  '此处公开的是领导小组办公室已发布的情况季通报，内容与发布时完全一致（逐字节保存），此后的记录不改变它。接口不单独公开满意度测评，测评的公开部分即已发布通报“单位排名”中的满意度测评一项。';

export const publicIndexPage: ConsolePage = {
  path: '/console/public',
  access: 'public',
  async render(view) {
    const summaries = (await view.app.listPlans(asOfOnly(view))).items;
    const plans = await Promise.all(summaries.map((s) => view.app.getPlan(s.id, {})));
    const withBulletins = (
      await Promise.all(plans.map(async (p) => ({ plan: p as PlanDefinition, bulletins: await publishedOf(view, p as PlanDefinition) })))
    ).filter((x) => x.bulletins.length > 0);
    return {
      title: '公开信息',
      nav: 'public',
      body: (
        <div class="public-page">
          <p class="help">{PUBLIC_NOTE}</p>
          {withBulletins.length === 0 ? <p class="notice">尚无已发布的通报。</p> : null}
          {withBulletins.map(({ plan, bulletins }) => (
            <section aria-labelledby={`plan-${plan.id}`} data-plan={plan.id}>
              <h2 id={`plan-${plan.id}`}>
                <a href={view.href(publicPath(plan.id))}>{bulletins.at(-1)!.planTitle}</a>
              </h2>
              <BulletinList view={view} planId={plan.id} timeZone={plan.timeZone} bulletins={bulletins} />
            </section>
          ))}
        </div>
      ),
    };
  },
};

export const publicPlanPage: ConsolePage = {
  path: '/console/public/:planId',
  access: 'public',
  async render(view) {
    const plan = view.plan!;
    const bulletins = await publishedOf(view, plan);
    return {
      title: '公开信息',
      nav: 'public',
      body: (
        <div class="public-page">
          <p class="help">{PUBLIC_NOTE}</p>
          <section aria-labelledby="published">
            <h2 id="published">已发布的情况季通报</h2>
            {bulletins.length === 0 ? (
              <p class="notice">尚无已发布的通报。</p>
            ) : (
              <BulletinList view={view} planId={plan.id} timeZone={plan.timeZone} bulletins={bulletins} />
            )}
          </section>
        </div>
      ),
    };
  },
};

export const publicBulletinPage: ConsolePage = {
  path: '/console/public/:planId/bulletins/:quarter',
  access: 'public',
  async render(view) {
    const plan = view.plan!;
    const quarter = checkPeriod('quarter', view.c.req.param('quarter') ?? '');
    const b = await publishedJson(view, plan.id, quarter);
    if (!b) {
      // The API's own 404 (bulletin-not-published), as a Chinese page.
      await view.app.publishedBulletin(plan.id, quarter, 'json', asOfOnly(view));
    }
    return {
      title: `${quarter} 情况季通报（已发布）`,
      nav: 'public',
      body: (
        <article class="report-print">
          <p class="no-print">
            <a href={view.href(publicPath(plan.id))}>返回公开信息</a>
          </p>
          <Downloads base={publicPath(plan.id, `/bulletins/${quarter}`)} href={view.href} formats={['csv', 'markdown', 'xlsx']} />
          <BulletinHead b={b!} timeZone={plan.timeZone} />
          <BulletinSections b={b!} timeZone={plan.timeZone} />
        </article>
      ),
    };
  },
};

export const publicBulletinDownload: ConsolePage = {
  path: '/console/public/:planId/bulletins/:quarter/download',
  access: 'public',
  async render(view) {
    const plan = view.plan!;
    const quarter = checkPeriod('quarter', view.c.req.param('quarter') ?? '');
    const format = formatOf(view.c.req.query('format'), ['csv', 'md', 'xlsx']);
    const file = await view.app.publishedBulletin(plan.id, quarter, format, asOfOnly(view));
    return new Response(new Uint8Array(file.bytes), {
      headers: {
        'content-type': MEDIA_TYPES[format],
        'content-disposition': `attachment; filename="duban-${plan.id}-${quarter}-published.${format}"`,
      },
    });
  },
};

export const publicPages: ConsolePage[] = [publicIndexPage, publicBulletinDownload, publicBulletinPage, publicPlanPage];
