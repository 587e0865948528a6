/** @jsxImportSource hono/jsx */
// 公开 (no sign-in): what the plan promises to make public (及时公开办理成效) — published bulletins
// and evaluation results, exactly as published.
import type { ConsolePage } from '../console-page.ts';

export const publicPages: ConsolePage[] = [
  {
    path: '/console/public',
    access: 'public',
    async render(view) {
      const plans = (await view.app.listPlans(view.query)).items;
      return {
        title: '公开信息',
        nav: 'public',
        body: (
          <ul class="plan-list">
            {plans.map((p) => (
              <li>
                <a href={view.href(`/console/public/${encodeURIComponent(p.id)}`)}>{p.title}</a>
              </li>
            ))}
          </ul>
        ),
      };
    },
  },
];
