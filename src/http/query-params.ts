// Query parameters several resources share.
import { z } from 'zod';

export const AsOf = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .describe(
    'Transaction time: the state as recorded by then. A bare date (YYYY-MM-DD) means the end of that day in the plan\'s time zone; a date-time needs Z or an offset such as +08:00.',
  );
