// The quarterly bulletin (情况季通报) and the year's summary material (总结材料): the span a report
// covers (a quarter YYYY-Qn or a year YYYY, read in the plan's time zone), and the publication of a
// quarter's bulletin. Publishing keeps the published bytes of every format in the event, with their
// SHA-256, so `?published=true` serves them again byte for byte whatever is recorded after, and
// whatever the renderers become. Pure: the app builds and renders the content, the clock comes in
// with the command.
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Decider } from './decider.ts';
import { SignedHead } from './digest.ts';
import { checkEffectiveAt } from './effective-at.ts';
import { DomainError, RuleViolated } from './errors.ts';
import { schemaMessage } from './messages.ts';
import { IdString, MultilineText, ShownText, Text } from './text.ts';

export const QuarterId = z
  .string()
  .regex(/^(19|20)\d{2}-Q[1-4]$/, 'a quarter as YYYY-Qn, e.g. 2023-Q2')
  .max(7, schemaMessage('text-too-long', { max: 7 }))
  .describe("The quarter, YYYY-Qn (Q1 = January–March), in the plan's time zone.")
  .meta({ id: 'Quarter', examples: ['2023-Q2'] });

export const YearId = z
  .string()
  .regex(/^(19|20)\d{2}$/, 'a year as YYYY, e.g. 2023')
  .max(4, schemaMessage('text-too-long', { max: 4 }))
  .describe("The year, YYYY, in the plan's time zone.")
  .meta({ id: 'Year', examples: ['2023'] });

/** What a report covers: its months and first and last days, in the plan's time zone. */
export interface Span {
  kind: 'quarter' | 'year';
  /** 2023-Q2 or 2023. */
  id: string;
  /** 2023年第二季度 or 2023年度. */
  label: string;
  /** YYYY-MM, in order. */
  months: string[];
  /** First and last day, YYYY-MM-DD. */
  startDate: string;
  endDate: string;
}

const QUARTER_NAMES = ['一', '二', '三', '四'];

export function quarterSpan(id: string): Span {
  const year = Number(id.slice(0, 4));
  const q = Number(id.slice(6));
  const start = DateTime.utc(year, (q - 1) * 3 + 1, 1);
  const months = [0, 1, 2].map((i) => start.plus({ months: i }).toFormat('yyyy-MM'));
  return {
    kind: 'quarter',
    id,
    label: `${year}年第${QUARTER_NAMES[q - 1]}季度`,
    months,
    startDate: start.toISODate()!,
    endDate: start.plus({ months: 3 }).minus({ days: 1 }).toISODate()!,
  };
}

export function yearSpan(id: string): Span {
  const start = DateTime.utc(Number(id), 1, 1);
  return {
    kind: 'year',
    id,
    label: `${id}年度`,
    months: Array.from({ length: 12 }, (_, i) => start.plus({ months: i }).toFormat('yyyy-MM')),
    startDate: `${id}-01-01`,
    endDate: `${id}-12-31`,
  };
}

/** The span's first instant and its last (the end of its last day), in the time zone. */
export function spanBounds(span: Pick<Span, 'startDate' | 'endDate'>, timeZone: string): { start: string; end: string } {
  const start = DateTime.fromISO(span.startDate, { zone: timeZone }).startOf('day');
  const end = DateTime.fromISO(span.endDate, { zone: timeZone }).plus({ days: 1 }).startOf('day').minus({ milliseconds: 1 });
  return { start: start.toUTC().toISO()!, end: end.toUTC().toISO()! };
}

export const BULLETIN_FORMATS = ['json', 'md', 'csv', 'xlsx'] as const;
export type BulletinFormat = (typeof BULLETIN_FORMATS)[number];

const Sha256 = ShownText.regex(/^[0-9a-f]{64}$/);

export const BulletinPublishedData = z.object({
  period: QuarterId,
  /** The reading the content was built at: the store position, and both time axes. */
  builtAt: z.object({ position: z.number().int().min(0), asOf: ShownText, validAt: IdString }),
  documentNumber: Text.optional(),
  note: MultilineText.optional(),
  /** Which renderers made the bytes (src/app/bulletin/bulletin-render.ts RENDERER_VERSION); the bytes are served as kept. */
  rendererVersion: z.number().int().min(1),
  /** SHA-256 (lowercase hex) of each format's bytes. */
  hashes: z.object({ json: Sha256, md: Sha256, csv: Sha256, xlsx: Sha256 }),
  /** The published bytes: json, md and csv as UTF-8 text (csv with its BOM), xlsx as base64. */
  contents: z.object({ json: ShownText, md: ShownText, csv: ShownText, xlsx: ShownText }),
  /** The head digest signed just before publication: readers hold an anchor outside duban. Absent before signing began. */
  anchor: SignedHead.optional(),
});
export type BulletinPublishedData = z.output<typeof BulletinPublishedData>;

/** A quarter's bulletin already published: it is published once (a later one would not be the record the first reader saw). */
export class BulletinAlreadyPublished extends DomainError<'bulletin-already-published'> {
  constructor(
    readonly period: string,
    readonly publishedAt: string,
  ) {
    super('conflict', 'bulletin-already-published', { period, publishedAt });
  }
}

/** ?published=true for a quarter whose bulletin is not (yet) published as of the reading. */
export class BulletinNotPublished extends DomainError<'bulletin-not-published'> {
  constructor(
    readonly planId: string,
    readonly period: string,
    asOf: string,
  ) {
    super('not-found', 'bulletin-not-published', { planId, period, asOf });
  }
}

export interface BulletinState {
  revision: number;
  publishedAt: string | null;
}

export const initialBulletinState: BulletinState = { revision: 0, publishedAt: null };

export interface PublishBulletin {
  type: 'PublishBulletin';
  period: string;
  /** The quarter's last instant (the end of its last day in the plan's time zone). */
  periodEnd: string;
  builtAt: BulletinPublishedData['builtAt'];
  documentNumber?: string;
  note?: string;
  rendererVersion: number;
  hashes: BulletinPublishedData['hashes'];
  contents: BulletinPublishedData['contents'];
  anchor?: SignedHead;
  effectiveAt?: string;
  now: string;
  planEffectiveAt: string;
}

export type BulletinEvent = { type: 'BulletinPublished'; data: BulletinPublishedData; effectiveAt: string };

/** The instant a publication takes effect (and the bulletin says it was published): effectiveAt, or now. Throws on a bad effectiveAt. */
export function publicationInstant(command: Pick<PublishBulletin, 'effectiveAt' | 'now' | 'planEffectiveAt' | 'period' | 'periodEnd'>): string {
  // Only the office publishes, so back-dating is not bounded by maxBackdateDays.
  const at = checkEffectiveAt({
    ...(command.effectiveAt ? { effectiveAt: command.effectiveAt } : {}),
    now: command.now,
    planEffectiveAt: command.planEffectiveAt,
    maxBackdateDays: null,
  });
  if (Date.parse(at) <= Date.parse(command.periodEnd)) {
    const field = command.effectiveAt ? 'effectiveAt' : 'quarter';
    throw new RuleViolated(
      field,
      { rule: 'bulletin-before-quarter-end', period: command.period, periodEnd: command.periodEnd, at },
      field === 'quarter' ? 'path' : 'body',
    );
  }
  return at;
}

export function decide(command: PublishBulletin, state: BulletinState): BulletinEvent[] {
  const at = publicationInstant(command);
  if (state.publishedAt) throw new BulletinAlreadyPublished(command.period, state.publishedAt);
  const data: BulletinPublishedData = {
    period: command.period,
    builtAt: command.builtAt,
    ...(command.documentNumber !== undefined ? { documentNumber: command.documentNumber } : {}),
    ...(command.note !== undefined ? { note: command.note } : {}),
    rendererVersion: command.rendererVersion,
    hashes: command.hashes,
    contents: command.contents,
    ...(command.anchor ? { anchor: command.anchor } : {}),
  };
  // The publication instant is the event's valid time whether or not one was given: the content says it.
  return [{ type: 'BulletinPublished', data, effectiveAt: at }];
}

export function evolve(state: BulletinState, event: { type: string; effectiveAt?: string }): BulletinState {
  if (event.type !== 'BulletinPublished') return state;
  return { revision: state.revision + 1, publishedAt: event.effectiveAt ?? state.publishedAt };
}

export const bulletinDecider: Decider<PublishBulletin, BulletinEvent, BulletinState> = { initialState: () => initialBulletinState, evolve, decide };
