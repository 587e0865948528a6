// The quarterly bulletin (情况季通报) and the year's summary material (总结材料):
//   GET  /plans/{planId}/reports/quarterly/{quarter}           the quarter at its last instant; ?format=md|csv|xlsx; ?published=true (public)
//   POST /plans/{planId}/reports/quarterly/{quarter}/publish   the office publishes it (BulletinPublished)
//   GET  /plans/{planId}/reports/annual/{year}                 the year's summary material; ?format=md|csv|xlsx
import { z } from 'zod';
import type { Application } from '../../app/application.ts';
import { PublicationResult, type ReportFile } from '../../app/bulletin/bulletin.ts';
import { MEDIA_TYPES } from '../../app/bulletin/bulletin-render.ts';
import { Bulletin } from '../../app/bulletin/bulletin-view.ts';
import { BULLETIN_FORMATS, QuarterId, YearId } from '../../domain/bulletin.ts';
import { schemaMessage } from '../../domain/messages.ts';
import { DocumentNumber, MultilineText } from '../../domain/text.ts';
import type { Api, ResponseSpec } from '../openapi/route.ts';
import { AsOf, MinPosition } from './query-params.ts';

const PlanId = z.string().max(64).describe("The plan's id, e.g. wuhan-2023-p1.");
const QuarterParams = z.strictObject({ planId: PlanId, quarter: QuarterId });
const YearParams = z.strictObject({ planId: PlanId, year: YearId });

const Format = z
  .enum(BULLETIN_FORMATS)
  .optional()
  .describe('json (default), md (Markdown, Chinese headings), csv (UTF-8 with a BOM) or xlsx (an Excel workbook, a sheet per section).');
const reportQuery = {
  format: Format,
  asOf: AsOf.optional().describe(
    "Transaction time: the report as duban had recorded it by then. Default now. validAt is the period's last instant (the end of its last day in the plan's time zone), not a parameter.",
  ),
  minPosition: MinPosition.optional(),
};

const PublishRequest = z
  .strictObject({
    documentNumber: DocumentNumber.optional().describe("The bulletin's document number (文号), e.g. 武科办〔2023〕18号."),
    note: MultilineText.optional().describe('A note kept with the publication (at most 2000 characters).'),
    effectiveAt: z.iso
      .datetime({ offset: true })
      .max(35, schemaMessage('text-too-long', { max: 35 }))
      .optional()
      .describe('When it was published, if earlier than now: after the quarter ended, not in the future; the bulletin says it was published then.'),
  })
  .meta({
    id: 'BulletinPublishRequest',
    description: "Publishes a quarter's bulletin (情况季通报). Every field is optional: {} is enough.",
    examples: [{ documentNumber: '武科办〔2023〕18号', note: '第二季度情况通报，抄送市政协' }, {}],
  });

const FORMS: ResponseSpec['also'] = {
  'text/markdown': { description: 'With format=md: the report in Markdown, Chinese headings, a table per part.' },
  'text/csv': { description: 'With format=csv: one CSV, UTF-8 with a BOM, a block per table.' },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    description: 'With format=xlsx: an Excel workbook, a sheet per section (Chinese names).',
  },
};

const PUBLISHED_AT = 'Published-At';

/** A report file as the response: its media type, a file name for the printable forms, and for a published one when and its digest. */
function fileResponse(file: ReportFile, name: string): Response {
  const headers: Record<string, string> = { 'content-type': MEDIA_TYPES[file.format] };
  if (file.format !== 'json') headers['content-disposition'] = `attachment; filename="${name}.${file.format}"`;
  if (file.publishedAt) headers[PUBLISHED_AT.toLowerCase()] = file.publishedAt;
  if (file.sha256) headers['repr-digest'] = `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`;
  return new Response(file.bytes, { headers });
}

export function bulletinRoutes(api: Api, app: Application) {
  api.route({
    method: 'get',
    path: '/plans/{planId}/reports/quarterly/{quarter}',
    operationId: 'getQuarterlyBulletin',
    access: { kind: 'read-plan-or-published', query: 'published', value: 'true' },
    summary: 'The quarterly bulletin (情况季通报), live or as published',
    description:
      "What happened in the quarter and where things stood at its last instant (validAt: the end of its last day in the plan's time zone; asOf while the quarter " +
      'has not ended), as known at `asOf` (now unless given): tasks by status and light, indicator progress, reports submitted and missing per unit for each month, ' +
      'handling plans, alerts; meetings, action items and the ranking of units are there as (for now empty) parts. `?format=md|csv|xlsx` for the printable forms. ' +
      '`?published=true` gives the published bulletin byte for byte as it was published, whatever was recorded after (404 before it is published), with a ' +
      '`Published-At` header and the `publication` field; it is public: no token needed.',
    tag: 'bulletin',
    params: QuarterParams,
    query: z.strictObject({
      ...reportQuery,
      published: z
        .enum(['true', 'false'])
        .optional()
        .describe('true: the published bulletin, exactly as published (no token needed). asOf then asks which publication was recorded by then.'),
    }),
    responses: {
      200: {
        description: 'The bulletin (JSON unless format says otherwise).',
        schema: Bulletin,
        also: FORMS,
        headers: {
          [PUBLISHED_AT]: {
            description: 'With published=true: when the bulletin was published.',
            schema: { type: 'string', format: 'date-time', maxLength: 30 },
          },
          'Repr-Digest': {
            description: 'With published=true: sha-256 of the bytes as published (RFC 9530), the hash the publication recorded.',
            schema: { type: 'string', maxLength: 100 },
          },
        },
      },
    },
    problems: [404, 422, 503],
    handler: async (_c, { params, query }) => {
      const { format = 'json', published, ...reading } = query;
      const name = `duban-${params.planId}-${params.quarter}${published === 'true' ? '-published' : ''}`;
      if (published === 'true') return fileResponse(await app.publishedBulletin(params.planId, params.quarter, format, reading), name);
      const file = await app.quarterlyBulletin(params.planId, params.quarter, format, reading);
      return file.bulletin ? { body: file.bulletin } : fileResponse(file, name);
    },
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/reports/quarterly/{quarter}/publish',
    operationId: 'publishQuarterlyBulletin',
    access: { kind: 'write-office' },
    summary: 'Publish the quarterly bulletin (发布情况季通报)',
    description:
      "Builds the quarter's bulletin as known now, renders every format once, and appends BulletinPublished on bulletin-{planId}:{quarter} with the store position " +
      "it was built at, the SHA-256 of each format's bytes and the bytes themselves. Afterwards `?published=true` serves them byte for byte. The office only; " +
      'once per quarter (409 bulletin-already-published), once the quarter has ended (422).',
    tag: 'bulletin',
    params: QuarterParams,
    body: PublishRequest,
    responses: {
      201: {
        description: "The publication: when, built at which position, and each format's hash.",
        schema: PublicationResult,
        headers: { Location: { description: 'The published bulletin.', schema: { type: 'string', format: 'uri-reference', maxLength: 2048 } } },
      },
    },
    problems: [400, 403, 404, 409, 413, 415, 422],
    handler: async (_c, { params, body, principal }) => {
      const result = await app.publishBulletin({
        ...(principal ? { actor: principal.actor } : {}),
        planId: params.planId,
        quarter: params.quarter,
        ...(body.documentNumber !== undefined ? { documentNumber: body.documentNumber } : {}),
        ...(body.note !== undefined ? { note: body.note } : {}),
        ...(body.effectiveAt ? { effectiveAt: body.effectiveAt } : {}),
      });
      return { status: 201, body: result, headers: { location: result.href } };
    },
  });

  api.route({
    method: 'get',
    path: '/plans/{planId}/reports/annual/{year}',
    operationId: 'getAnnualReport',
    access: { kind: 'read-plan' },
    summary: "The year's summary material (总结材料)",
    description:
      "The same report as the quarterly bulletin, over the whole year: the state in effect at the year's last instant (the end of 31 December in the plan's time " +
      'zone; asOf while the year has not ended) as known at `asOf`. `?format=md|csv|xlsx` for the printable forms.',
    tag: 'bulletin',
    params: YearParams,
    query: z.strictObject(reportQuery),
    responses: { 200: { description: 'The summary material (JSON unless format says otherwise).', schema: Bulletin, also: FORMS } },
    problems: [404, 422, 503],
    handler: async (_c, { params, query }) => {
      const { format = 'json', ...reading } = query;
      const file = await app.annualReport(params.planId, params.year, format, reading);
      return file.bulletin ? { body: file.bulletin } : fileResponse(file, `duban-${params.planId}-${params.year}`);
    },
  });
}
