// Reading the audit trail: filtered by plan and recorded time, paged by an opaque cursor.
import { RuleViolated } from '../domain/errors.ts';
import type { AppContext } from './context.ts';
import { endOf, startOf } from './time.ts';

export interface AuditQuery {
  planId?: string;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

const encodeCursor = (position: number) => Buffer.from(JSON.stringify({ after: position })).toString('base64url');

function decodeCursor(cursor: string): number {
  try {
    const { after } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after: unknown };
    if (typeof after === 'number' && Number.isSafeInteger(after) && after >= 0) return after;
  } catch {
    // fall through: any undecodable cursor is the client's error
  }
  throw new RuleViolated('cursor', 'not a cursor this service gave out', 'query');
}

export async function readAudit(ctx: AppContext, query: AuditQuery) {
  await ctx.runner.catchUp();
  const after = query.cursor ? decodeCursor(query.cursor) : 0;
  const timeZone = (query.planId && ctx.runner.current.plans.get(query.planId)?.definition.timeZone) || ctx.timeZone;
  const from = query.from ? startOf(query.from, timeZone) : null;
  const to = query.to ? endOf(query.to, timeZone) : null;
  const limit = query.limit ?? 100;
  const rows = ctx.runner.current.audit;
  // Rows are in position order: start with a binary search past the cursor.
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid]!.globalPosition <= after) lo = mid + 1;
    else hi = mid;
  }
  const items = [];
  let more = false;
  for (let i = lo; i < rows.length; i++) {
    const row = rows[i]!;
    if (to && row.recordedAt > to) break; // recordedAt never decreases along positions
    if (query.planId && row.planId !== query.planId) continue;
    if (from && row.recordedAt < from) continue;
    if (items.length === limit) {
      more = true;
      break;
    }
    items.push(row);
  }
  return { items, nextCursor: more ? encodeCursor(items.at(-1)!.globalPosition) : null };
}
