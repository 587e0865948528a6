// The documentation points only at what the repository holds: every repository path and local link
// in README.md and docs/*.md exists (anchors included), every "(docs/x.md, Section)" a source file
// cites is a heading there, docs/endpoints.md is what its script writes from openapi/openapi.json,
// and nothing points outside the project.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { endpointTable, specFile, tableFile } from '../scripts/write-endpoint-table.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const docs = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const text = (file: string) => readFileSync(join(root, file), 'utf8');

/** Every file under a folder of the repository, as paths from its root. */
function filesUnder(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .map((f) => `${folder}/${f}`)
    .filter((f) => statSync(join(root, f)).isFile());
}

/** A path that names a file or folder of the repository; a bare stem (`src/cli`) may name `src/cli.ts` too. */
const held = (path: string) => existsSync(join(root, path)) || existsSync(join(root, `${path}.ts`));

/** Repository paths a text mentions: src/…, scripts/…, test/… anywhere, placeholders (<word>, {id}, …, *) left out. */
function pathsIn(body: string): string[] {
  const found = body.matchAll(/(?<![\w./\-…])((?:src|scripts|test|docs|projections|plans|openapi|bin)\/[\w./\-<>{}*…]*)/g);
  return [...new Set([...found].map((m) => m[1]!.replace(/[.]+$/, '')).filter((p) => !/[<>{}*…]/.test(p)))];
}

/** GitHub's heading anchors: lower case, punctuation dropped (CJK kept), spaces to hyphens. */
function anchorsOf(markdown: string): Set<string> {
  const body = markdown.replace(/^```[\s\S]*?^```/gm, '');
  return new Set(
    [...body.matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
      m[1]!
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    ),
  );
}

describe('the documentation', () => {
  it.each(docs)('%s names only paths the repository holds', (file) => {
    const missing = pathsIn(text(file)).filter((p) => !held(p));
    expect(missing).toEqual([]);
  });

  it.each(docs)('%s links only to files and headings that exist', (file) => {
    const broken: string[] = [];
    // Links in code (`[x](javascript:…)` shown as an example) are text, not links.
    const prose = text(file)
      .replace(/^```[\s\S]*?^```/gm, '')
      .replace(/`[^`\n]*`/g, '');
    for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target!)) continue;
      const [path, anchor] = target!.split('#') as [string, string | undefined];
      const to = path === '' ? file : relative(root, resolve(root, dirname(file), path));
      if (!existsSync(join(root, to))) broken.push(target!);
      else if (anchor && to.endsWith('.md') && !anchorsOf(text(to)).has(anchor)) broken.push(target!);
    }
    expect(broken).toEqual([]);
  });

  it('keeps the README under 20 KB', () => {
    expect(Buffer.byteLength(text('README.md'))).toBeLessThan(20_000);
  });

  it('has every section a source file cites as "(docs/x.md, Section)"', () => {
    const cited: string[] = [];
    for (const file of ['src', 'projections', 'scripts', 'test'].flatMap(filesUnder).filter((f) => f.endsWith('.ts') && f !== 'test/docs.test.ts')) {
      for (const [, doc, section] of text(file).matchAll(/\(((?:docs\/[\w-]+|README)\.md), ([^)]+)\)/g)) {
        const headings = [...text(doc!).matchAll(/^#{1,6} (.+)$/gm)].map((m) => m[1]!.trim());
        if (!headings.includes(section!.trim())) cited.push(`${file}: ${doc}, ${section}`);
      }
    }
    expect(cited).toEqual([]);
  });

  it('lists every operation of openapi/openapi.json in docs/endpoints.md as scripts/write-endpoint-table.ts writes it (npm run openapi)', () => {
    const spec = JSON.parse(readFileSync(specFile, 'utf8'));
    expect(readFileSync(tableFile, 'utf8')).toBe(endpointTable(spec));
  });

  it('points nowhere outside the project: no file names a design document or the shared folder beside it', () => {
    const outside = ['DESIGN' + '.md', '..' + '/shared'];
    const files = ['src', 'scripts', 'test', 'docs', 'projections', 'bin'].flatMap(filesUnder).concat('README.md', 'package.json');
    const hits = files.flatMap((f) => outside.filter((word) => text(f).includes(word)).map((word) => `${f}: ${word}`));
    expect(hits).toEqual([]);
  });
});
