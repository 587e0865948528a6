// What the indicator reads and writes answer with, as zod schemas: the same schemas document the HTTP responses.
import { z } from 'zod';
import { Comparator, Decimal } from '../../domain/plan.ts';
import { IdString, MAX_LISTED, ShownText } from '../../domain/text.ts';
import { ActorView, Instant, ReadingFields } from '../views.ts';

/** A decimal percentage rounded half-up to two places, e.g. "50.00". */
const Percent = ShownText.regex(/^-?\d+\.\d{2}$/);

export const IndicatorCorrectionView = z
  .object({
    from: Decimal.describe('The value before the correction.'),
    to: Decimal.describe('The value after it.'),
    reason: ShownText,
    effectiveAt: Instant.describe('When the correction took effect (valid time).'),
    recordedAt: Instant,
    correctedBy: ActorView,
  })
  .meta({ id: 'IndicatorCorrection', description: 'A correction of a reported value: the old value stays in history.' });

export const IndicatorValueView = z
  .object({
    valueId: IdString.describe("The value's id (the server makes it when the value is reported)."),
    value: Decimal.describe("The value now, corrections applied, in the target's unit."),
    unit: IdString,
    effectiveAt: Instant.describe('The date the value refers to (valid time).'),
    recordedAt: Instant.describe('When it was reported.'),
    reportedBy: ActorView,
    source: ShownText.nullable(),
    note: ShownText.nullable(),
    corrections: z.array(IndicatorCorrectionView).max(MAX_LISTED).describe('Its corrections, oldest first (recorded by asOf).'),
  })
  .meta({
    id: 'IndicatorValue',
    description: 'A value reported for an indicator.',
    examples: [
      {
        valueId: '0193a1b2-0000-7000-8000-000000000001',
        value: '150',
        unit: '亿元',
        effectiveAt: '2023-06-30T15:59:59.999Z',
        recordedAt: '2023-07-03T02:00:00.000Z',
        reportedBy: { id: '0193a1b2-0000-7000-8000-00000000000a', role: 'unit', unitId: 'jrj', name: '市地方金融局' },
        source: '武汉基金季度统计',
        note: '截至二季度末',
        corrections: [],
      },
    ],
  });

export const WithdrawnIndicatorValueView = IndicatorValueView.extend({
  withdrawal: z
    .object({
      reason: ShownText,
      effectiveAt: Instant.describe('When the withdrawal took effect (valid time): views from then on leave the value out.'),
      recordedAt: Instant,
      withdrawnBy: ActorView,
    })
    .describe('Its withdrawal (撤回).'),
}).meta({
  id: 'WithdrawnIndicatorValue',
  description: 'A value withdrawn (撤回) as mistaken: kept in history, left out of the series, latest and percentOfTarget.',
});

const IndicatorFields = {
  planId: IdString,
  indicatorId: IdString.describe('{taskCode}-{n}, e.g. 3.3-1'),
  taskCode: IdString,
  name: ShownText,
  target: z.object({ value: Decimal, unit: IdString, comparator: Comparator }),
  tolerancePercent: Decimal.nullable().describe(
    "For an `about` (左右) target: how far from it, in percent of it, still meets it (the plan's indicatorTolerancePercent, default 5).",
  ),
  latest: IndicatorValueView.nullable().describe('The value in effect at validAt (the last of the series); null before the first.'),
  percentOfTarget: Percent.nullable().describe(
    'latest ÷ target × 100 in exact decimal arithmetic, rounded half-up to two places (150 of 300 → "50.00"); null without a value or with a zero target.',
  ),
  met: z
    .boolean()
    .nullable()
    .describe('Whether the latest value meets the target: at_least ≥, at_most ≤, exactly =, about within ±tolerancePercent of it. Null without a value.'),
  elapsedPercent: Percent.nullable().describe(
    "The share of the implementation period elapsed at validAt, in percent: the period is the plan's implementationPhase (or, when it names none, the first phase's start to the last phase's end), from 00:00 of its first day to the end of its last in the plan's time zone. Null for a plan without phases.",
  ),
  onTrack: z
    .boolean()
    .nullable()
    .describe(
      'On track when the target is met, or when percentOfTarget (exact, before rounding) is at least elapsedPercent (exact); an at_most target is on track while it is met. Null without a value.',
    ),
  series: z
    .array(IndicatorValueView)
    .max(MAX_LISTED)
    .describe('Every value in effect by validAt, as recorded by asOf, corrections applied, in valid-time order; withdrawn values left out.'),
  withdrawn: z
    .array(WithdrawnIndicatorValueView)
    .max(MAX_LISTED)
    .describe('Values withdrawn (撤回) by validAt, as recorded by asOf, in valid-time order: history keeps them.'),
  revision: z.number().int().min(0).describe("Events in the indicator's stream (as of the position read)."),
};

export const IndicatorView = z.object(IndicatorFields).meta({
  id: 'IndicatorView',
  description: 'An indicator of a plan, its latest value and how it stands against its target.',
  examples: [
    {
      planId: 'wuhan-2023-p1',
      indicatorId: '3.3-1',
      taskCode: '3.3',
      name: '武汉基金总规模',
      target: { value: '300', unit: '亿元', comparator: 'at_least' },
      tolerancePercent: null,
      latest: null,
      percentOfTarget: null,
      met: null,
      elapsedPercent: '100.00',
      onTrack: null,
      series: [],
      withdrawn: [],
      revision: 0,
    },
  ],
});

export const IndicatorReading = z.object({ ...IndicatorFields, ...ReadingFields }).meta({
  id: 'IndicatorReading',
  description: 'An indicator as it stood at `validAt`, as recorded by `asOf`.',
});

export const IndicatorList = z
  .object({ planId: IdString, ...ReadingFields, items: z.array(IndicatorView).max(MAX_LISTED) })
  .meta({ id: 'IndicatorList', description: "A plan's indicators, in the plan's order." });

export const IndicatorWriteResult = z
  .object({
    indicator: IndicatorView,
    valueId: IdString.describe('The value reported or corrected.'),
    globalPosition: z.number().int().describe('Store position of the event this write appended.'),
  })
  .meta({ id: 'IndicatorWriteResult' });
