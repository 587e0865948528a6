// An indicator's chart as an ECharts option: its values over valid time (a corrected value drawn as a
// red diamond labelled 更正, its value before as a hollow dot), the target as a horizontal line and the expected pace (the target spread
// evenly over the implementation period, what on-track is judged against) as a dashed line. The
// option holds only numbers and the indicator's own texts, so the same reading draws the same SVG
// and the chart cache (src/console/chart.tsx) serves it again.
import { DateTime } from 'luxon';
import type { IndicatorView } from '../../app/indicator/indicator-queries.ts';
import { implementationPeriod, type PlanDefinition } from '../../domain/plan.ts';

/** Drawn at this size; the SVG scales to its column (a phone's 390 px included), so the type is set large. */
export const CHART_SIZE = { width: 480, height: 300 } as const;

const INK = '#1f2328';
const MUTED = '#57606a';
const VALUE = '#0b5cad';
const CORRECTED = '#b3261e';
const TARGET = '#116329';
const PACE = '#8a5a00';

const dayStart = (date: string, zone: string) => DateTime.fromISO(date, { zone }).startOf('day').toMillis();

export function indicatorChartOption(plan: PlanDefinition, indicator: IndicatorView) {
  const zone = plan.timeZone;
  const period = implementationPeriod(plan);
  const target = Number(indicator.target.value);
  const start = dayStart(period?.startDate ?? plan.issuedOn, zone);
  const end = period ? DateTime.fromISO(period.endDate, { zone }).plus({ days: 1 }).startOf('day').toMillis() : undefined;
  // The axis spans the plan's phases (a year-end value falls after the implementation period) and every value shown.
  const phasesEnd = plan.phases.length
    ? dayStart(
        plan.phases
          .map((p) => p.endDate)
          .sort()
          .at(-1)!,
        zone,
      ) + 86_400_000
    : undefined;
  const lastValue = indicator.series.length ? Date.parse(indicator.series.at(-1)!.effectiveAt) : undefined;
  const axisEnd = [end, phasesEnd, lastValue].filter((t) => t !== undefined).reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
  // Each point labelled with its value as recorded (a string, as the REST answer gives it); a
  // corrected one drawn as a red diamond labelled 更正, its value before the correction as a hollow dot.
  const points = indicator.series.map((v) => ({
    value: [Date.parse(v.effectiveAt), Number(v.value)],
    label: { formatter: v.value },
    ...(v.corrections.length
      ? { symbol: 'diamond', symbolSize: 16, itemStyle: { color: CORRECTED }, label: { formatter: `${v.value}（更正）`, color: CORRECTED } }
      : {}),
  }));
  const before = indicator.series
    .filter((v) => v.corrections.length)
    .map((v) => ({ value: [Date.parse(v.effectiveAt), Number(v.corrections[0]!.from)], label: { formatter: `原 ${v.corrections[0]!.from}` } }));
  // The pace only means something for a target to reach (a ceiling, at_most, has none).
  const pace = indicator.target.comparator !== 'at_most' && end !== undefined;
  const axisLabel = { color: MUTED, fontSize: 13 };
  return {
    grid: { left: 56, right: 28, top: 44, bottom: 36 },
    legend: {
      top: 4,
      left: 'center',
      itemGap: 12,
      textStyle: { color: INK, fontSize: 13 },
      data: ['数值', ...(before.length ? ['更正前'] : []), ...(pace ? ['预期进度'] : [])],
    },
    xAxis: {
      type: 'time',
      min: start,
      ...(Number.isFinite(axisEnd) ? { max: axisEnd } : {}),
      splitNumber: 4,
      axisLabel: { ...axisLabel, formatter: '{M}月' },
      axisLine: { lineStyle: { color: MUTED } },
    },
    yAxis: {
      type: 'value',
      name: indicator.target.unit,
      nameTextStyle: { color: MUTED, fontSize: 13 },
      // The target line stays in view even before the values get near it.
      max: (extent: { max: number }) => Math.max(extent.max, target),
      min: 0,
      axisLabel,
      splitLine: { lineStyle: { color: '#eaeef2' } },
    },
    series: [
      {
        name: '数值',
        type: 'line',
        data: points,
        symbol: 'circle',
        symbolSize: 9,
        lineStyle: { color: VALUE, width: 2 },
        itemStyle: { color: VALUE },
        label: { show: true, position: 'top', color: INK, fontSize: 13 },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: TARGET, width: 2, type: 'solid' },
          label: { formatter: `目标 ${indicator.target.value}`, color: TARGET, fontSize: 13, position: 'insideStartTop' },
          data: [{ yAxis: target }],
        },
      },
      ...(before.length
        ? [
            {
              name: '更正前',
              type: 'scatter',
              data: before,
              symbol: 'emptyCircle',
              symbolSize: 10,
              itemStyle: { color: MUTED },
              label: { show: true, position: 'bottom', color: MUTED, fontSize: 12 },
            },
          ]
        : []),
      ...(pace
        ? [
            {
              name: '预期进度',
              type: 'line',
              data: [
                [start, 0],
                [end, target],
              ],
              symbol: 'none',
              lineStyle: { color: PACE, width: 2, type: 'dashed' },
              itemStyle: { color: PACE },
            },
          ]
        : []),
    ],
  };
}
