// The quarterly bulletin (情况季通报) and the year's summary material (总结材料): read what the
// sections need at one reading — validAt the period's last instant (the end of its last day in the
// plan's time zone), or asOf while the period has not ended — and build the sections (pure) from task
// statuses, indicators, the monthly dispatch, handling plans, what is owed, the meetings, action items
// and inspections, and every unit's scorecard facts. The office publishes a quarter's bulletin: every
// format is rendered once, its bytes and SHA-256 kept in a BulletinPublished event
// (src/domain/bulletin.ts), and served again as kept (?published=true).
import { z } from 'zod';
import { type BulletinRecord, bulletinKey, bulletins } from '../../../projections/bulletin.ts';
import { type HandlingPlanRecord, handlingPlan, handlingPlanKey } from '../../../projections/handling-plan.ts';
import { type AdoptedPlan, planCatalogue } from '../../../projections/plan.ts';
import { type TaskStatusRecord, taskKey, taskStatus } from '../../../projections/task.ts';
import {
  BULLETIN_FORMATS,
  BulletinAlreadyPublished,
  type BulletinFormat,
  BulletinNotPublished,
  bulletinDecider,
  publicationInstant,
  quarterSpan,
  type Span,
  spanBounds,
  yearSpan,
} from '../../domain/bulletin.ts';
import { SignedHead } from '../../domain/digest.ts';
import { PlanNotFound, RuleViolated } from '../../domain/errors.ts';
import { streams } from '../../domain/events.ts';
import { unitsOwing } from '../../domain/handling-plan.ts';
import { outsideReportSpan, reportSpan } from '../../domain/plan.ts';
import { IdString, ShownText } from '../../domain/text.ts';
import type { Actor } from '../../store/event-store.ts';
import { owedAt, reportMonths } from '../alert/alert.ts';
import { handleCommand } from '../command-handler.ts';
import { type AppContext, localActor } from '../context.ts';
import { itemOf } from '../handling-plan/handling-plan.ts';
import { indicatorsAt } from '../indicator/indicator-queries.ts';
import { actionItemsAt, inspectionsAt, meetingsAt } from '../meeting/supervision-reads.ts';
import { planAt } from '../plan/plan-queries.ts';
import { dispatchAt } from '../progress/monthly-dispatch.ts';
import { ReadMemo } from '../read-model/state-cache.ts';
import type { Reading } from '../reading.ts';
import { factsAt } from '../scorecard/scorecard.ts';
import { toInstant } from '../time.ts';
import { Instant } from '../views.ts';
import { bytesOf, RENDERER_VERSION, renderAll, sha256 } from './bulletin-render.ts';
import { type BulletinSources, buildSections } from './bulletin-sections.ts';
import type { Bulletin } from './bulletin-view.ts';

/** A report's reading: asOf (now unless given) and minPosition; validAt is the period's, not the caller's. */
export interface BulletinQuery {
  asOf?: string;
  minPosition?: number;
}

const TITLES = { quarter: '情况季通报', year: '总结材料' } as const;

/** What the sections are built from, read at one reading. */
async function sourcesAt(shared: AppContext, planId: string, span: Span, query: BulletinQuery): Promise<BulletinSources & { complete: boolean }> {
  // The sections read the same tasks, indicators, reports and handling plans through several views:
  // one lookup each for this bulletin.
  const ctx: AppContext = { ...shared, states: new ReadMemo(shared.states) };
  // validAt as a bare date: the end of the period's last day in the plan's time zone.
  // A period that ended before the plan took effect: 404, saying from when the plan is in effect.
  const first = await planAt(ctx, planId, { ...query, validAt: span.endDate });
  let { plan, reading } = first;
  const def0 = plan.definition;
  // A quarter or year wholly after the plan's span reports nothing of it (one before it finds no plan: 404 above).
  const outside = outsideReportSpan(reportSpan(def0), { first: span.months[0]!, last: span.months.at(-1)! }, span.id);
  if (outside) throw new RuleViolated(span.kind === 'quarter' ? 'quarter' : 'year', outside, 'path');
  const { start, end } = spanBounds(span, def0.timeZone);
  if (Date.parse(start) > Date.parse(reading.asOf)) {
    throw new RuleViolated(span.kind === 'quarter' ? 'quarter' : 'year', { rule: 'period-not-begun-at-as-of', period: span.id, asOf: reading.asOf }, 'path');
  }
  const complete = Date.parse(end) <= Date.parse(reading.asOf);
  if (!complete && reading.validAt !== reading.asOf) {
    // The period so far: in effect at asOf, at the same position.
    reading = { ...reading, validAt: reading.asOf };
    const found = (await ctx.states.at<AdoptedPlan>(ctx.readModel, planCatalogue.name, [planId], reading.position, reading.validAt)).get(planId);
    if (!found) throw new PlanNotFound(planId, { because: 'not-yet-in-effect', validAt: reading.validAt });
    plan = found;
  }
  const def = plan.definition;
  const before: Reading = { ...reading, validAt: new Date(Date.parse(start) - 1).toISOString() };
  const [indicators, indicatorsAtStart, statusRecords, handlingRecords, owed, meetings, actionItems, inspections, scorecardFacts] = await Promise.all([
    indicatorsAt(ctx, plan, def.indicators, reading),
    indicatorsAt(ctx, plan, def.indicators, before),
    ctx.states.at<TaskStatusRecord>(
      ctx.readModel,
      taskStatus.name,
      def.tasks.map((t) => taskKey(planId, t.code)),
      reading.position,
      reading.validAt,
    ),
    ctx.states.at<HandlingPlanRecord>(
      ctx.readModel,
      handlingPlan.name,
      unitsOwing(def).map((u) => handlingPlanKey(planId, u)),
      reading.position,
      reading.validAt,
    ),
    owedAt(ctx, plan, reading),
    meetingsAt(ctx, planId, reading),
    actionItemsAt(ctx, planId, reading),
    inspectionsAt(ctx, planId, reading),
    factsAt(ctx, plan, reading, start), // the ranking judges what was owed in the quarter (or year)
  ]);
  const months = reportMonths(def, reading.validAt).filter((m) => span.months.includes(m));
  const dispatches = [];
  // Each month's dispatch at the same reading: the indicators and statuses already read are passed on, not read again.
  for (const m of months) dispatches.push(await dispatchAt(ctx, plan, reading, m, { indicators, statuses: statusRecords }));
  const statuses = new Map(
    def.tasks.flatMap((t) => {
      const r = statusRecords.get(taskKey(planId, t.code));
      return r ? [[t.code, r] as const] : [];
    }),
  );
  return {
    plan,
    reading,
    span,
    start,
    end,
    statuses,
    indicators,
    indicatorsAtStart,
    dispatches,
    handlingPlans: unitsOwing(def).map((u) => itemOf(plan, u, handlingRecords.get(handlingPlanKey(planId, u)), reading.validAt)),
    owed,
    meetings,
    actionItems,
    inspections,
    scorecardFacts,
    complete,
  };
}

async function build(ctx: AppContext, planId: string, span: Span, query: BulletinQuery): Promise<{ bulletin: Bulletin; plan: AdoptedPlan }> {
  const src = await sourcesAt(ctx, planId, span, query);
  const def = src.plan.definition;
  const bulletin: Bulletin = {
    planId,
    planTitle: def.title,
    kind: span.kind === 'quarter' ? 'quarterly' : 'annual',
    title: TITLES[span.kind],
    period: span.id,
    periodLabel: span.label,
    startDate: span.startDate,
    endDate: span.endDate,
    complete: src.complete,
    publication: null,
    sections: buildSections(src),
    ...src.reading,
  };
  return { bulletin, plan: src.plan };
}

export interface ReportFile {
  format: BulletinFormat;
  bytes: Uint8Array;
  /** The bulletin's JSON, for the JSON form of a live report (the route answers it as a Reply, checked against its schema). */
  bulletin?: Bulletin;
  /** Set for a published bulletin. */
  publishedAt?: string;
  sha256?: string;
}

/** A live report (the quarterly bulletin or the year's summary material) in one format. */
export async function reportFile(ctx: AppContext, planId: string, span: Span, format: BulletinFormat, query: BulletinQuery): Promise<ReportFile> {
  const { bulletin, plan } = await build(ctx, planId, span, query);
  if (format === 'json') return { format, bytes: bytesOf(JSON.stringify(bulletin)), bulletin };
  const rendered = await renderAll(bulletin, plan.definition.timeZone);
  return { format, bytes: bytesOf(rendered[format]) };
}

export const quarterlyBulletin = (ctx: AppContext, planId: string, quarter: string, format: BulletinFormat, query: BulletinQuery) =>
  reportFile(ctx, planId, quarterSpan(quarter), format, query);

export const annualSummary = (ctx: AppContext, planId: string, year: string, format: BulletinFormat, query: BulletinQuery) =>
  reportFile(ctx, planId, yearSpan(year), format, query);

/** The published bulletin's bytes in one format, as kept, after checking them against their recorded hash. */
export async function publishedBulletin(ctx: AppContext, planId: string, quarter: string, format: BulletinFormat, query: BulletinQuery): Promise<ReportFile> {
  const { reading } = await planAt(ctx, planId, query);
  const key = bulletinKey(planId, quarter);
  const record = (await ctx.states.at<BulletinRecord>(ctx.readModel, bulletins.name, [key], reading.position, reading.validAt)).get(key);
  if (!record) throw new BulletinNotPublished(planId, quarter, reading.asOf);
  const content = record.contents[format];
  const bytes = format === 'xlsx' ? new Uint8Array(Buffer.from(content, 'base64')) : bytesOf(content);
  const hash = sha256(bytes);
  // The event's hash chain already guards the store; this guards the path from the event to the wire.
  if (hash !== record.hashes[format]) throw new Error(`published bulletin ${key} (${format}) does not match its recorded hash`);
  return { format, bytes, publishedAt: record.publishedAt, sha256: hash };
}

export interface PublishBulletinInput {
  planId: string;
  quarter: string;
  documentNumber?: string;
  note?: string;
  effectiveAt?: string;
  actor?: Actor;
}

export const PublicationResult = z
  .object({
    planId: IdString,
    period: IdString,
    publishedAt: Instant,
    documentNumber: ShownText.nullable(),
    note: ShownText.nullable(),
    builtAt: z
      .object({ position: z.number().int(), asOf: Instant, validAt: Instant })
      .describe('The reading the bulletin was built at: the store position, and both time axes.'),
    anchor: SignedHead.nullable().describe('The head digest signed just before publication, carried in the bulletin: null when the service signs no digests.'),
    rendererVersion: z.number().int(),
    hashes: z.object({ json: ShownText, md: ShownText, csv: ShownText, xlsx: ShownText }).describe("SHA-256 (hex) of each format's bytes as published."),
    href: ShownText.describe('Where the published bulletin is read (add &format=md|csv|xlsx).'),
    globalPosition: z.number().int().describe('Store position of the BulletinPublished event.'),
  })
  .meta({
    id: 'BulletinPublication',
    description: 'A published quarterly bulletin: when, as what, built at which position, and the hash of each format.',
    examples: [
      {
        planId: 'wuhan-2023-p1',
        period: '2023-Q2',
        publishedAt: '2023-07-05T02:00:00.000Z',
        documentNumber: '武科办〔2023〕18号',
        note: '第二季度情况通报',
        builtAt: { position: 420, asOf: '2023-07-05T02:00:00.000Z', validAt: '2023-06-30T15:59:59.999Z' },
        anchor: { position: 421, revision: 0, digest: 'a'.repeat(64), toPosition: 420, keyId: 'b'.repeat(64), signature: 'c2lnbmF0dXJl' },
        rendererVersion: 3,
        hashes: { json: '0'.repeat(64), md: '1'.repeat(64), csv: '2'.repeat(64), xlsx: '3'.repeat(64) },
        href: '/plans/wuhan-2023-p1/reports/quarterly/2023-Q2?published=true',
        globalPosition: 422,
      },
    ],
  });

export async function publishBulletin(ctx: AppContext, input: PublishBulletinInput): Promise<z.output<typeof PublicationResult>> {
  const actor = input.actor ?? localActor;
  const span = quarterSpan(input.quarter);
  // Everything written so far under a signed digest: the bulletin carries its head, an anchor outsiders hold.
  const anchor = (await ctx.signedHead?.()) ?? null;
  const { plan: current } = await planAt(ctx, input.planId, {});
  const periodEnd = spanBounds(span, current.definition.timeZone).end;
  let published: Omit<z.output<typeof PublicationResult>, 'globalPosition'> | undefined;
  return handleCommand(
    ctx,
    {
      decider: bulletinDecider,
      streamId: streams.bulletin(input.planId, span.id),
      planId: input.planId,
      actor,
      command: async (state) => {
        const now = toInstant(ctx.clock());
        const timing = {
          ...(input.effectiveAt ? { effectiveAt: toInstant(input.effectiveAt) } : {}),
          now,
          planEffectiveAt: current.effectiveAt,
          period: span.id,
          periodEnd,
        };
        // The rules on effectiveAt and the period first: nothing is built for a publication that would be refused.
        const at = publicationInstant(timing);
        if (state.publishedAt) throw new BulletinAlreadyPublished(span.id, state.publishedAt);
        const { bulletin, plan } = await build(ctx, input.planId, span, {});
        bulletin.publication = { publishedAt: at, documentNumber: input.documentNumber ?? null, note: input.note ?? null, ...(anchor ? { anchor } : {}) };
        const rendered = await renderAll(bulletin, plan.definition.timeZone);
        const hashes = Object.fromEntries(BULLETIN_FORMATS.map((f) => [f, sha256(bytesOf(rendered[f]))])) as Record<BulletinFormat, string>;
        const contents = { json: rendered.json, md: rendered.md, csv: rendered.csv, xlsx: Buffer.from(rendered.xlsx).toString('base64') };
        const builtAt = { position: bulletin.position, asOf: bulletin.asOf, validAt: bulletin.validAt };
        published = {
          planId: input.planId,
          period: span.id,
          publishedAt: at,
          documentNumber: input.documentNumber ?? null,
          note: input.note ?? null,
          builtAt,
          anchor,
          rendererVersion: RENDERER_VERSION,
          hashes,
          href: `/plans/${encodeURIComponent(input.planId)}/reports/quarterly/${span.id}?published=true`,
        };
        return {
          type: 'PublishBulletin' as const,
          builtAt,
          ...(input.documentNumber !== undefined ? { documentNumber: input.documentNumber } : {}),
          ...(input.note !== undefined ? { note: input.note } : {}),
          rendererVersion: RENDERER_VERSION,
          hashes,
          contents,
          ...(anchor ? { anchor } : {}),
          ...timing,
        };
      },
    },
    ({ position }) => ({ ...published!, globalPosition: position }),
  );
}
