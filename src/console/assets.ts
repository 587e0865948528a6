// The console's own files (styles, script, icon), served by duban itself: an intranet has no CDN.
// Each is named by a hash of its content, so a browser keeps it for a year and a new version is a new name.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hono } from 'hono';

const TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
};

const FILES = ['console.css', 'print.css', 'console.js', 'favicon.svg'] as const;
export type AssetName = (typeof FILES)[number];

/**
 * console.css and console.js are each made of the files in assets/css and assets/js, in name order
 * (one per concern: the shell, the date control, a page's own rules), so each stays small and
 * the browser still loads one file of each.
 */
function contentOf(name: AssetName): Buffer {
  const [, ext] = name.split('.') as [string, string];
  if (name === 'console.css' || name === 'console.js') {
    const part = join(dir, ext);
    const files = readdirSync(part)
      .filter((f) => f.endsWith(`.${ext}`))
      .sort();
    return Buffer.from(files.map((f) => `/* ${f} */\n${readFileSync(join(part, f), 'utf8')}`).join('\n'));
  }
  return readFileSync(join(dir, name));
}

interface Asset {
  url: string;
  bytes: Buffer;
  type: string;
}

const dir = join(import.meta.dirname, 'assets');
let loaded: Map<string, Asset> | undefined;

function assets(): Map<string, Asset> {
  if (loaded) return loaded;
  loaded = new Map();
  for (const name of FILES) {
    const bytes = contentOf(name);
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
    const [stem, ext] = name.split('.') as [string, string];
    loaded.set(name, { url: `/console/assets/${stem}.${hash}.${ext}`, bytes, type: TYPES[ext]! });
  }
  return loaded;
}

/** The URL of an asset, with its content hash. */
export function asset(name: AssetName): string {
  return assets().get(name)!.url;
}

export function assetRoutes(hono: Hono): void {
  hono.get('/console/assets/:file', (c) => {
    const path = `/console/assets/${c.req.param('file')}`;
    const found = [...assets().values()].find((a) => a.url === path);
    if (!found) return c.notFound();
    return new Response(new Uint8Array(found.bytes), {
      headers: { 'content-type': found.type, 'cache-control': 'public, max-age=31536000, immutable' },
    });
  });
}
