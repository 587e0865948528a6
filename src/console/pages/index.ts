// Every console page, registered in this order (a more specific path before a general one).
import type { ConsolePage } from '../console-page.ts';
import { alertsPage } from './alerts.tsx';
import { homePage } from './home.tsx';
import { meetingPages } from './meetings.tsx';
import { overviewPage } from './overview.tsx';
import { publicPages } from './public.tsx';
import { reportPages } from './reports.tsx';

export const CONSOLE_PAGES: readonly ConsolePage[] = [homePage, overviewPage, alertsPage, ...reportPages, ...meetingPages, ...publicPages];
