// Query parameters every read shares: the two time axes and read-your-writes.
import { z } from 'zod';

const ACCEPTED = "now, a date YYYY-MM-DD (the end of that day in the plan's time zone), or a date-time with Z or an offset, e.g. 2023-04-01T12:00:00+08:00";

/** A point in time as a client writes it. */
export const TimePoint = z.union([z.literal('now'), z.iso.date().max(10), z.iso.datetime({ offset: true }).max(35)], {
  error: `accepted forms: ${ACCEPTED}`,
});

export const AsOf = TimePoint.describe(
  `Transaction time: the state as duban had recorded it by then (what it would have answered at that moment). Default now. Accepted: ${ACCEPTED}.`,
);

export const ValidAt = TimePoint.describe(
  `Valid time: the state in effect at that moment, from everything recorded by asOf (a late report counts from its effectiveAt). Default: asOf. Accepted: ${ACCEPTED}.`,
);

export const MinPosition = z.coerce
  .number()
  .int()
  .min(0)
  .describe("Wait (at most 2 s) until the read model has applied this store position — a write's globalPosition — else 503 with Retry-After.");

/** The fields every read's query takes. */
export const readQuery = { asOf: AsOf.optional(), validAt: ValidAt.optional(), minPosition: MinPosition.optional() };
