/** @jsxImportSource hono/jsx */
// A light as every page shows it: its word and its colour (never the colour alone), with the hook
// the browser suite reads (data-light).
import { localTime } from '../../app/time.ts';

export type LightColor = 'red' | 'yellow' | 'green' | 'none';

const WORDS: Record<LightColor, string> = { red: '红灯', yellow: '黄灯', green: '绿灯', none: '无灯' };

export function Light(props: { color: LightColor | null | undefined }) {
  const color = props.color ?? 'none';
  return (
    <span class={`light light-${color}`} data-light={color}>
      {WORDS[color]}
    </span>
  );
}

/** An instant as the plan's offices read it: its local date and time. */
export const at = (instant: string | null | undefined, timeZone: string) => localTime(instant ?? null, timeZone);
/** Its local date only. */
export const dayOf = (instant: string | null | undefined, timeZone: string) => localTime(instant ?? null, timeZone).slice(0, 10);
