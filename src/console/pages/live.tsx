// /console/plans/:planId/live: a 'changed' message with the new position whenever an event of the plan
// the token may read is recorded; a plan page viewed at "now" shows 有新记录 · 刷新 (js/80-live.js).
import { eventScope } from '../../app/event-scope.ts';
import type { ConsolePage } from '../console-page.ts';
import { liveStream } from '../live.ts';

export const planLivePage: ConsolePage = {
  path: '/console/plans/:planId/live',
  access: 'read-plan',
  render: (view) =>
    liveStream(view, { scope: eventScope(view.principal), planId: view.plan!.id }, (stream, event) =>
      stream.writeSSE({ event: 'changed', id: String(event.globalPosition), data: JSON.stringify({ position: event.globalPosition }) }),
    ),
};
