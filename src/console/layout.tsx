/** @jsxImportSource hono/jsx */
// The page shell: head (assets served by duban itself), the navigation of the plan's pages, who is
// signed in, the date control, the page's own content.
import type { Child } from 'hono/jsx';
import { DateTime } from 'luxon';
import { roleLabel } from '../domain/labels.ts';
import { asset } from './assets.ts';
import { DateControl } from './date-control.tsx';
import { type ConsoleView, planPath } from './view.ts';

export interface NavItem {
  key: string;
  label: string;
  path: (planId: string) => string;
  /** Only office tokens see it (运维). */
  officeOnly?: boolean;
}

/** The plan's pages, in the order an office reads them. */
export const PLAN_NAV: readonly NavItem[] = [
  { key: 'overview', label: '总览', path: (p) => planPath(p) },
  { key: 'tasks', label: '任务', path: (p) => planPath(p, '/tasks') },
  { key: 'units', label: '单位', path: (p) => planPath(p, '/units') },
  { key: 'indicators', label: '指标', path: (p) => planPath(p, '/indicators') },
  { key: 'alerts', label: '预警与催办', path: (p) => planPath(p, '/alerts') },
  { key: 'reports', label: '月调度 · 季通报 · 年度', path: (p) => planPath(p, '/reports') },
  { key: 'meetings', label: '会议与督办事项 · 检查', path: (p) => planPath(p, '/meetings') },
  { key: 'audit', label: '审计', path: (p) => planPath(p, '/audit') },
  { key: 'compare', label: '对比', path: (p) => planPath(p, '/compare') },
];

export interface PageProps {
  view: ConsoleView;
  title: string;
  /** The nav item the page belongs to. */
  nav?: string;
  /** Without the date control (sign-in, error pages off a plan). */
  noDateControl?: boolean;
  children?: Child;
}

export function Page(props: PageProps) {
  const { view, title, nav } = props;
  const plan = view.plan;
  const today = DateTime.fromJSDate(view.app.now())
    .setZone(plan?.timeZone ?? 'Asia/Shanghai')
    .toISODate()!;
  const who = view.principal;
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${plan ? plan.title.slice(0, 40) : 'duban 督办'}`}</title>
        <link rel="stylesheet" href={asset('console.css')} />
        <link rel="stylesheet" href={asset('print.css')} media="print" />
        <link rel="icon" href={asset('favicon.svg')} type="image/svg+xml" />
        <script src={asset('console.js')} defer />
      </head>
      <body>
        <a class="skip-link" href="#main">
          跳到正文
        </a>
        <header class="site-header">
          <div class="brand">
            <a href={view.href('/console/')}>督办 duban</a>
            {plan ? <span class="plan-title">{plan.title}</span> : null}
          </div>
          <div class="who">
            {who ? (
              <form method="post" action="/console/sign-out" class="sign-out">
                <span>
                  {who.name}（{roleLabel(who.role)}）
                </span>
                <button type="submit">退出登录</button>
              </form>
            ) : (
              <a href={`/console/sign-in?next=${encodeURIComponent(view.self({}))}`}>登录</a>
            )}
          </div>
        </header>
        <nav class="site-nav" aria-label="页面">
          <ul>
            {plan && who
              ? PLAN_NAV.map((item) => (
                  <li>
                    <a href={view.href(item.path(plan.id))} aria-current={item.key === nav ? 'page' : undefined}>
                      {item.label}
                    </a>
                  </li>
                ))
              : null}
            <li>
              <a
                href={view.href(plan ? `/console/public/${encodeURIComponent(plan.id)}` : '/console/public')}
                aria-current={nav === 'public' ? 'page' : undefined}
              >
                公开
              </a>
            </li>
            {who?.role === 'office' && who.planIds === undefined ? (
              <li>
                <a href={view.href('/console/ops')} aria-current={nav === 'ops' ? 'page' : undefined}>
                  运维
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
        {props.noDateControl ? null : <DateControl view={view} today={today} />}
        <main id="main">
          <h1>{title}</h1>
          {props.children}
        </main>
        <footer class="site-footer">
          <p>
            duban 督办 · 页面依据 {view.time.asOf ? `截至 ${view.time.asOf} 的记录` : '当前全部记录'}，显示
            {view.time.validAt ? ` ${view.time.validAt} ` : view.time.asOf ? ` ${view.time.asOf} ` : '今天'}生效的状态 · <a href="/docs">API 文档</a>
          </p>
        </footer>
      </body>
    </html>
  );
}
