/** @jsxImportSource hono/jsx */
// The overview's indicators: each as a bar of its percent of target, against the target (100%) and the
// expected pace (the share of the implementation period elapsed), with the figures in a table beside.
import { Chart } from '../chart.tsx';
import { type ConsoleView, planPath } from '../view.ts';

interface IndicatorRow {
  indicatorId: string;
  taskCode: string;
  name: string;
  target: { value: string; unit: string; comparator: string };
  latest: { value: string; unit: string } | null;
  percentOfTarget: string | null;
  elapsedPercent: string | null;
  onTrack: boolean | null;
  met: boolean | null;
}

const COMPARATOR: Record<string, string> = { at_least: '≥', at_most: '≤', exactly: '=', about: '约' };
const BAR = { ahead: '#116329', behind: '#b3261e', none: '#8c959f' };

export function IndicatorBars(props: { view: ConsoleView; planId: string; indicators: readonly IndicatorRow[] }) {
  const { view, planId, indicators } = props;
  if (!indicators.length) return <p class="meta">方案没有量化指标。</p>;
  const pace = indicators.find((i) => i.elapsedPercent !== null)?.elapsedPercent ?? null;
  const percents = indicators.map((i) => (i.percentOfTarget === null ? null : Number(i.percentOfTarget)));
  const max = Math.max(120, ...percents.map((p) => p ?? 0));
  const option = {
    grid: { left: 56, right: 48, top: 28, bottom: 52 },
    xAxis: { type: 'value', min: 0, max: Math.ceil(max / 25) * 25, interval: 25, axisLabel: { formatter: '{value}%' } },
    yAxis: {
      type: 'category',
      inverse: true,
      // The id names the row; the table beside gives the names (one narrow drawing reads on a phone too).
      data: indicators.map((i) => i.indicatorId),
      axisTick: { show: false },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 16,
        data: indicators.map((i, n) => ({
          value: percents[n] ?? 0,
          itemStyle: { color: i.onTrack === null ? BAR.none : i.onTrack ? BAR.ahead : BAR.behind },
          label: { show: true, position: 'right', formatter: percents[n] === null ? '无数值' : '{c}%' },
        })),
        markLine: {
          symbol: 'none',
          silent: true,
          data: [
            { xAxis: 100, name: '目标', lineStyle: { color: '#1f2328', type: 'solid' }, label: { formatter: '目标 100%', position: 'end', distance: 26 } },
            ...(pace !== null
              ? [
                  {
                    xAxis: Number(pace),
                    name: '应达进度',
                    lineStyle: { color: '#0b5cad', type: 'dashed' },
                    label: { formatter: `应达进度 ${pace}%`, position: 'start' },
                  },
                ]
              : []),
          ],
        },
      },
    ],
  };
  const label = `指标完成率条形图：${indicators.map((i) => `${i.name} ${i.percentOfTarget ?? '无数值'}${i.percentOfTarget ? '%' : ''}`).join('；')}${pace ? `；应达进度 ${pace}%` : ''}`;
  return (
    <div class="indicator-overview">
      <Chart option={option} width={400} height={84 + indicators.length * 26} label={label} />
      <div class="table-wrap">
        <table class="indicator-figures">
          <thead>
            <tr>
              <th scope="col">指标</th>
              <th scope="col" class="num">
                最新值
              </th>
              <th scope="col" class="num">
                目标
              </th>
              <th scope="col" class="num">
                完成率
              </th>
              <th scope="col">进度</th>
            </tr>
          </thead>
          <tbody>
            {indicators.map((i) => (
              <tr data-indicator-row={i.indicatorId}>
                <td>
                  <a href={`${view.href(planPath(planId, '/indicators'))}#ind-${encodeURIComponent(i.indicatorId)}`}>
                    {i.indicatorId} {i.name}
                  </a>
                </td>
                <td class="num">{i.latest ? `${i.latest.value} ${i.latest.unit}` : '—'}</td>
                <td class="num">
                  {COMPARATOR[i.target.comparator] ?? ''}
                  {i.target.value} {i.target.unit}
                </td>
                <td class="num">{i.percentOfTarget !== null ? `${i.percentOfTarget}%` : '—'}</td>
                <td>{i.onTrack === null ? '尚无数值' : i.met ? '已达标' : i.onTrack ? '正常' : '滞后'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="help">{`条长为最新值占目标的百分比；实线为目标（100%），虚线为按实施阶段已过时间应达的进度${pace ? `（${pace}%）` : ''}。绿色为进度正常，红色为滞后，灰色为尚无数值。`}</p>
    </div>
  );
}
