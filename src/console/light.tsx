/** @jsxImportSource hono/jsx */
// A light as every page shows it: its word beside its colour (colour never alone), with the hook the
// browser suite reads (data-light). A legend (a column's heading, a count's label) looks the same but
// carries no data-light: that hook marks a thing's light only.
import { lightLabels } from '../domain/light.ts';

export type LightColor = 'red' | 'yellow' | 'green' | 'none';
export const LIGHT_COLORS: readonly LightColor[] = ['red', 'yellow', 'green', 'none'];

const WORDS: Record<LightColor, string> = { ...lightLabels, none: '无灯' };
export const lightWord = (color: LightColor) => WORDS[color];

/** A deadline light as the application gives it (null: no due date, or cancelled) → its colour. */
export const colorOf = (light: { light: 'red' | 'yellow' | 'green' } | null | undefined): LightColor => light?.light ?? 'none';

export function Light(props: { color: LightColor | null | undefined; word?: string; legend?: boolean }) {
  const color = props.color ?? 'none';
  return (
    <span class={`light light-${color}`} data-light={props.legend ? undefined : color}>
      {props.word ?? WORDS[color]}
    </span>
  );
}

/** How far a deadline is, in words: 逾期 N 天 (calendar days), 还剩 N 个工作日 or 天; '' when neither (done). */
export function dueWords(reading: { daysOverdue: number | null; daysLeft: number | null; countsWorkingDays?: boolean }): string {
  if (reading.daysOverdue !== null) return `逾期 ${reading.daysOverdue} 天`;
  if (reading.daysLeft !== null) return `还剩 ${reading.daysLeft} ${reading.countsWorkingDays ? '个工作日' : '天'}`;
  return '';
}
