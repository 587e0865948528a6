// Every console page, registered in this order (a more specific path before a general one).
import type { ConsolePage } from '../console-page.ts';
import { homePage } from './home.tsx';
import { overviewPage } from './overview.tsx';
import { publicPages } from './public.tsx';
import { taskPage } from './task.tsx';
import { taskListPage } from './tasks.tsx';

export const CONSOLE_PAGES: readonly ConsolePage[] = [homePage, overviewPage, taskPage, taskListPage, ...publicPages];
