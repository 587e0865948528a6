// Every console page, registered in this order (a more specific path before a general one).
import type { ConsolePage } from '../console-page.ts';
import { alertsPage } from './alerts.tsx';
import { auditCsvPage, auditPage } from './audit.tsx';
import { comparePage } from './compare.tsx';
import { homePage } from './home.tsx';
import { indicatorsPage } from './indicators.tsx';
import { planLivePage } from './live.tsx';
import { meetingPages } from './meetings.tsx';
import { opsPage, streamPage, streamsPage, tailPage, tailStreamPage } from './ops.tsx';
import { overviewPage } from './overview.tsx';
import { publicPages } from './public.tsx';
import { reportPages } from './reports.tsx';
import { taskPage } from './task.tsx';
import { taskListPage } from './tasks.tsx';
import { unitPage } from './unit.tsx';
import { unitsPage } from './units.tsx';

export const CONSOLE_PAGES: readonly ConsolePage[] = [
  homePage,
  overviewPage,
  taskPage,
  taskListPage,
  unitsPage,
  unitPage,
  indicatorsPage,
  alertsPage,
  ...reportPages,
  ...meetingPages,
  auditCsvPage,
  auditPage,
  comparePage,
  planLivePage,
  ...publicPages,
  opsPage,
  streamsPage,
  streamPage,
  tailStreamPage,
  tailPage,
];
