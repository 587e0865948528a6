/** @jsxImportSource hono/jsx */
// /console/: the plans a signed-in token may read (straight to the only one), or the way in for a visitor.
import type { ConsolePage } from '../console-page.ts';
import { planPath } from '../view.ts';
import { signInPage } from './sign-in.tsx';

export const homePage: ConsolePage = {
  path: '/console/',
  access: 'public',
  async render(view) {
    const who = view.principal;
    if (!who) return { ...signInPage({ next: '/console/' }), title: '督办 duban' };
    const plans = (await view.app.listPlans(view.query)).items.filter((p) => who.planIds === undefined || who.planIds.includes(p.id));
    if (plans.length === 1) return view.c.redirect(view.href(planPath(plans[0]!.id)), 303);
    return {
      title: '计划',
      noDateControl: true,
      body: (
        <section>
          {plans.length === 0 ? <p>此令牌可查看的计划尚未录入。</p> : null}
          <ul class="plan-list">
            {plans.map((p) => (
              <li>
                <a href={view.href(planPath(p.id))}>{p.title}</a>
                <span class="meta">
                  {p.issuer} · {p.issuedOn} · {p.taskCount} 项任务
                </span>
              </li>
            ))}
          </ul>
        </section>
      ),
    };
  },
};
