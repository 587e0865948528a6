// Writes docs/endpoints.md, a table of every operation in openapi/openapi.json (npm run openapi runs it
// after writing the document). test/docs.test.ts fails when the committed table is not what this writes.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface Operation {
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
}

interface Spec {
  paths: Record<string, Record<string, Operation>>;
  tags?: { name: string; description?: string }[];
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

/** Who may call an operation, as far as the document says: its security requirements. */
function caller(op: Operation): string {
  const security = op.security ?? [];
  if (security.length === 0) return 'anyone';
  const anonymous = security.some((requirement) => Object.keys(requirement).length === 0);
  return anonymous ? 'a token, or none' : 'a token';
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function endpointTable(spec: Spec): string {
  const byTag = new Map<string, string[]>();
  for (const tag of spec.tags ?? []) byTag.set(tag.name, []);
  let count = 0;
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'untagged';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push(`| ${method.toUpperCase()} | \`${path}\` | ${cell(op.summary ?? '')} | ${caller(op)} |`);
      count += 1;
    }
  }
  const described = new Map((spec.tags ?? []).map((t) => [t.name, t.description]));
  const sections = [...byTag]
    .filter(([, rows]) => rows.length > 0)
    .map(([tag, rows]) =>
      [
        `## ${tag}`,
        '',
        ...(described.get(tag) ? [described.get(tag)!, ''] : []),
        '| method | path | summary | who may call it |',
        '|---|---|---|---|',
        ...rows,
      ].join('\n'),
    );
  return [
    '# Endpoints',
    '',
    `Every operation of [openapi/openapi.json](../openapi/openapi.json) (${count} in all), by tag, in the document's order.`,
    'Written by `scripts/write-endpoint-table.ts` (`npm run openapi`); do not edit by hand. "A token" means',
    "any valid bearer token, whose role and unit the route's access rule then judges (see the README, Access).",
    'The running server serves the same document at `/openapi.json` and renders it at `/docs`.',
    '',
    ...sections.flatMap((s) => [s, '']),
  ].join('\n');
}

export const specFile = new URL('../openapi/openapi.json', import.meta.url);
export const tableFile = new URL('../docs/endpoints.md', import.meta.url);

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(tableFile, endpointTable(JSON.parse(readFileSync(specFile, 'utf8')) as Spec));
  console.log(`wrote ${tableFile.pathname}`);
}
