/** @jsxImportSource hono/jsx */
// 总览: the plan at a glance on the chosen date.

import { statusLabel } from '../../domain/labels.ts';
import type { ConsolePage } from '../console-page.ts';
import { planPath } from '../view.ts';

export const overviewPage: ConsolePage = {
  path: '/console/plans/:planId',
  access: 'read-plan',
  async render(view) {
    const plan = view.plan!;
    const tasks = (await view.app.listTasks(plan.id, view.query)).items;
    return {
      title: '总览',
      nav: 'overview',
      body: (
        <section>
          <h2>任务状态</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">任务</th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>
              {tasks.map((t) => (
                <tr>
                  <td>
                    <a href={view.href(planPath(plan.id, `/tasks/${encodeURIComponent(t.code)}`))}>
                      {t.code} {t.title}
                    </a>
                  </td>
                  <td data-status={t.status}>{statusLabel(t.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ),
    };
  },
};
