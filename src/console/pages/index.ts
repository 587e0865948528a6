// Every console page, registered in this order (a more specific path before a general one).
import type { ConsolePage } from '../console-page.ts';
import { auditCsvPage, auditPage } from './audit.tsx';
import { comparePage } from './compare.tsx';
import { homePage } from './home.tsx';
import { planLivePage } from './live.tsx';
import { opsPage, streamPage, streamsPage, tailPage, tailStreamPage } from './ops.tsx';
import { overviewPage } from './overview.tsx';
import { publicPages } from './public.tsx';

export const CONSOLE_PAGES: readonly ConsolePage[] = [
  homePage,
  overviewPage,
  ...publicPages,
  auditCsvPage,
  auditPage,
  comparePage,
  planLivePage,
  opsPage,
  streamsPage,
  streamPage,
  tailStreamPage,
  tailPage,
];
