/** @jsxImportSource hono/jsx */
// Charts as SVG drawn on the server by Apache ECharts (SSR, the SVG renderer): nothing to run in the
// browser. ECharts writes a few style attributes and a <style> block (hover effects); the console's
// CSP allows no inline style, so those become SVG presentation attributes and the block goes.
// The same option draws the same SVG: drawings are kept (bounded), as a page is read again and again.
import { createHash } from 'node:crypto';
import type * as ECharts from 'echarts';
import { raw } from 'hono/html';
import { LRUCache } from 'lru-cache';

type Option = Parameters<ECharts.ECharts['setOption']>[0];

// ECharts is large (~50 MB of a process and most of a second to load): loaded the first time a console
// page is asked for, not when the server starts — an API-only instance never pays for it.
let echarts: typeof ECharts | undefined;
let loading: Promise<void> | undefined;

/** Loads ECharts once; a page that draws awaits it before rendering (console-routes.tsx does for every page). */
export function loadCharts(): Promise<void> {
  loading ??= import('echarts').then((module) => {
    echarts = module;
  });
  return loading;
}

const drawn = new LRUCache<string, string>({ max: 500 });

const FONT = 'Noto Sans CJK SC, Noto Sans SC, sans-serif';

/** The chart as an SVG string, free of inline style. */
export function chartSvg(option: Option, size: { width: number; height: number }): string {
  const key = createHash('sha256')
    .update(JSON.stringify([option, size]))
    .digest('base64url');
  const held = drawn.get(key);
  if (held) return held;
  if (!echarts) throw new Error('ECharts is not loaded: await loadCharts() before rendering a chart');
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT }, ...option });
    const svg = withoutInlineStyle(chart.renderToSVGString());
    drawn.set(key, svg);
    return svg;
  } finally {
    chart.dispose();
  }
}

/** style="a:b;c:d" → a="b" c="d" (font and its parts are presentation attributes in SVG); the <style> block dropped. */
export function withoutInlineStyle(svg: string): string {
  return svg.replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, '').replace(/ style="([^"]*)"/g, (_, declarations: string) =>
    declarations
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .flatMap((d) => {
        const at = d.indexOf(':');
        const name = d.slice(0, at).trim();
        const value = d.slice(at + 1).trim();
        if (name === 'font') return fontShorthand(value);
        return [` ${name}="${value.replace(/"/g, '&quot;')}"`];
      })
      .join(''),
  );
}

/** `normal normal 12px sans-serif` → its size and family (style and weight when not normal). */
function fontShorthand(value: string): string[] {
  const m = /^(?:(italic|oblique|normal)\s+)?(?:(bold|bolder|lighter|normal|\d{3})\s+)?(\d+(?:\.\d+)?px)\s+(.+)$/.exec(value);
  if (!m) return [];
  const [, style, weight, size, family] = m;
  return [
    ...(style && style !== 'normal' ? [` font-style="${style}"`] : []),
    ...(weight && weight !== 'normal' ? [` font-weight="${weight}"`] : []),
    ` font-size="${size}"`,
    ` font-family="${family!.replace(/"/g, '&quot;')}"`,
  ];
}

/** A chart in a page: the SVG inline, named for screen readers; `table` beside it carries the figures. */
export function Chart(props: { option: Option; width: number; height: number; label: string }) {
  const svg = chartSvg(props.option, { width: props.width, height: props.height }).replace('<svg ', `<svg role="img" aria-label="${escapeAttr(props.label)}" `);
  return <figure class="chart">{raw(svg)}</figure>;
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
