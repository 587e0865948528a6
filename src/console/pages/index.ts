// Every console page, registered in this order (a more specific path before a general one).
import type { ConsolePage } from '../console-page.ts';
import { alertsPage } from './alerts.tsx';
import { homePage } from './home.tsx';
import { indicatorsPage } from './indicators.tsx';
import { meetingPages } from './meetings.tsx';
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
  ...publicPages,
];
