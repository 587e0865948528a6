// Every read answers for a point on two time axes and a store position (docs/architecture.md, Two time axes):
//   asOf    — transaction time: what duban had recorded by then (default: now);
//   validAt — valid time: the state in effect then, from what was known at asOf (default: asOf).
// A bare date is the end of that day in the plan's time zone; `now` is the clock's reading.
// `minPosition` first waits, bounded, until the read model has applied that position.
import type { AppContext } from './context.ts';
import { NotYetApplied } from './errors.ts';
import { endOf, toInstant } from './time.ts';

export interface ReadQuery {
  asOf?: string;
  validAt?: string;
  minPosition?: number;
}

export interface Reading {
  /** The transaction-time instant answered for. */
  asOf: string;
  /** The valid-time instant answered for. */
  validAt: string;
  /** The last store position the answer includes. */
  position: number;
}

export async function resolveReading(ctx: AppContext, query: ReadQuery, timeZone: string): Promise<Reading> {
  if (query.minPosition !== undefined && query.minPosition > ctx.runner.position) {
    if (!(await ctx.runner.waitFor(query.minPosition, ctx.minPositionWaitMs))) {
      throw new NotYetApplied(query.minPosition, ctx.runner.position, ctx.minPositionWaitMs);
    }
  } else await ctx.runner.catchUp();
  const now = toInstant(ctx.clock());
  const head = ctx.runner.position;
  let asOf = now;
  let position = head;
  if (query.asOf !== undefined && query.asOf !== 'now') {
    asOf = endOf(query.asOf, timeZone);
    position = Math.min(head, await ctx.readModel.positionAt(asOf));
  }
  const validAt = query.validAt === undefined ? asOf : query.validAt === 'now' ? now : endOf(query.validAt, timeZone);
  return { asOf, validAt, position };
}
