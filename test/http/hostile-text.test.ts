// What leaves duban carries what people typed, and a reader's spreadsheet or Markdown viewer must not
// run it. Text that is a formula (=HYPERLINK…, +1, -2, @SUM…) comes out of every CSV neutralised —
// quoted, a single quote in front — and a line break stays inside its quoted cell; the workbook keeps
// it as a text cell. Markdown that is HTML, an image or a javascript:/data: link comes out of every
// Markdown bulletin (live, annual, published, read in public) as plain text. A bulletin published
// before escaping began is served byte for byte as it was published.

import { createHash } from 'node:crypto';
import { parseString } from '@fast-csv/parse';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { jsonCalls } from '../support/json-calls.ts';

const PLAN = '/plans/wuhan-2023-p1';
const Q2 = `${PLAN}/reports/quarterly/2023-Q2`;
const ANNUAL = `${PLAN}/reports/annual/2023`;
let h: Harness;
const { post } = jsonCalls(() => h);

const FORMULA = '=HYPERLINK("http://x","点我")';
const IMG = '<img src=x onerror=alert(1)>';
const IMAGE = '![x](http://evil/x.png)';
const JS_LINK = '[点我](javascript:alert(1))';
const DATA_LINK = '[x](data:text/html,<script>alert(1)</script>)';

const text = async (path: string) => {
  const res = await h.request(path);
  expect(res.status, path).toBe(200);
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array(await res.arrayBuffer()));
};
const cells = (csv: string) =>
  new Promise<string[][]>((resolve, reject) => {
    const rows: string[][] = [];
    parseString(csv.replace(/^\uFEFF/, ''), { ignoreEmpty: false, discardUnmappedColumns: false, strictColumnHandling: false })
      .on('data', (r: string[]) => rows.push(r))
      .on('error', reject)
      .on('end', () => resolve(rows));
  });

beforeAll(async () => {
  h = await startHarness({ now: '2026-11-27T08:00:00.000Z' });
  h.clock.tickMs = 1;
  // Reports whose text is a formula, and one whose text runs over two lines.
  await post(`${PLAN}/tasks/4.2/progress`, {
    unitId: 'jxj',
    period: '2023-04',
    done: FORMULA,
    problems: '+1',
    nextSteps: '-2',
    effectiveAt: '2023-05-05T10:00:00+08:00',
  });
  await post(`${PLAN}/tasks/4.2/progress`, {
    unitId: 'jiangan',
    period: '2023-04',
    done: '@SUM(A1)',
    problems: '第一行\n=第二行',
    effectiveAt: '2023-05-06T10:00:00+08:00',
  });
  await post(`${PLAN}/tasks/1.1/status`, { status: 'in_progress', reason: FORMULA, effectiveAt: '2023-04-10T10:00:00+08:00' });
  // A meeting whose every field is markup, and a cancelled one named by a formula.
  const chair = { name: '@SUM(A1)', title: '-2' };
  const m = await post(
    `${PLAN}/meetings`,
    { kind: 'coordination', title: IMG, chair, scheduledFor: '2023-06-15T09:00:00+08:00', place: '+1', effectiveAt: '2023-06-01T10:00:00+08:00' },
    201,
  );
  await post(`${PLAN}/meetings/${m.meetingId}/minutes`, {
    attendees: [{ name: '张三', unitId: 'jxj' }],
    minutes: IMG,
    decisions: [{ text: IMAGE, taskCodes: ['4.2'], actionItems: [{ unitId: 'jxj', dueDate: '2023-07-31', text: JS_LINK }] }],
    effectiveAt: '2023-06-15T11:00:00+08:00',
  });
  const c = await post(
    `${PLAN}/meetings`,
    { kind: 'coordination', title: FORMULA, chair, scheduledFor: '2023-06-20T15:00:00+08:00', place: '市财政局', effectiveAt: '2023-06-01T11:00:00+08:00' },
    201,
  );
  await post(`${PLAN}/meetings/${c.meetingId}/cancellation`, { reason: `${DATA_LINK}\n第二行`, effectiveAt: '2023-06-18T10:00:00+08:00' });
});
afterAll(async () => {
  expect(h.bugs).toEqual([]);
  await h.close();
});

/** No cell a spreadsheet would read as a formula; each hostile text there as '-prefixed text. */
async function expectNeutral(csv: string, expected: string[]) {
  const all = (await cells(csv)).flat();
  expect(all.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  for (const e of expected) expect(all, e).toContain(`'${e}`);
  // Quoted on the wire, so a reader that does not know the quote rule still sees one text cell.
  for (const e of expected) expect(csv).toContain(`"'${e.replaceAll('"', '""')}"`);
}

describe('No formulas in spreadsheets', () => {
  it('the monthly dispatch CSV neutralises formula cells and quotes a line break', async () => {
    const csv = await text(`${PLAN}/reports/monthly/2023-04?format=csv&validAt=2023-05-31`);
    await expectNeutral(csv, [FORMULA, '+1', '-2', '@SUM(A1)']);
    expect(csv).toContain('"第一行\n=第二行"');
  });

  it('the quarterly bulletin and the annual report CSV neutralise formula cells', async () => {
    // The chair is printed as name（title）: @SUM(A1)（-2）.
    await expectNeutral(await text(`${Q2}?format=csv`), [FORMULA, '+1', '@SUM(A1)（-2）']);
    await expectNeutral(await text(`${ANNUAL}?format=csv`), [FORMULA, '+1', '@SUM(A1)（-2）']);
    // The cancellation's reason runs over two lines: one quoted cell, though the file's records end in CR LF.
    expect(await text(`${Q2}?format=csv`)).toContain(`"${DATA_LINK}\n第二行"`);
  });

  it('the audit CSV neutralises formula cells', async () => {
    await expectNeutral(await text('/audit?planId=wuhan-2023-p1&format=csv'), [FORMULA]);
  });

  it('the workbook keeps the text as a text cell, not a formula', async () => {
    const res = await h.request(`${Q2}?format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const found: ExcelJS.Cell[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => void (cell.value === FORMULA && found.push(cell)))));
    expect(found.length).toBeGreaterThan(0);
    for (const cell of found) expect(cell.type).toBe(ExcelJS.ValueType.String);
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula))));
  });
});

/** Markdown with no HTML, image or link left in it, and each hostile text there as its escaped self. */
function expectInert(md: string) {
  expect(md).not.toMatch(/</); // every < is an entity: no tag, no autolink
  expect(md).not.toMatch(/(?<!\\)\[/); // no [ that could open a link or an image
  expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
  expect(md).toContain('\\!\\[x\\](http://evil/x.png)');
  expect(md).toContain('\\[点我\\](javascript:alert(1))');
  expect(md).toContain('\\[x\\](data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;)');
}

describe('No markup in Markdown', () => {
  it('the live quarterly bulletin and the annual report escape user text', async () => {
    expectInert(await text(`${Q2}?format=md`));
    expectInert(await text(`${ANNUAL}?format=md`));
  });

  it('a bulletin published now is escaped, and read in public so', async () => {
    const published = await post(`${Q2}/publish`, { effectiveAt: '2023-07-05T10:00:00+08:00' }, 201);
    expect(published.rendererVersion).toBe(3);
    const md = await text(`${Q2}?published=true&format=md`);
    expectInert(md);
    const { hono } = createHttpApp(h.app, { validateResponses: true });
    const anonymous = await hono.request(`${Q2}?published=true&format=md`);
    expect(anonymous.status).toBe(200);
    expect(await anonymous.text()).toBe(md);
    await expectNeutral(await text(`${Q2}?published=true&format=csv`), [FORMULA, '+1', '@SUM(A1)（-2）']);
  });

  it('a bulletin published before escaping began is served byte for byte as published', async () => {
    // As the renderer of version 2 wrote a bulletin: markup and formulas as typed.
    const contents = {
      json: '{"title":"情况季通报"}',
      md: `# 情况季通报（2023年第一季度）\n\n| 会议 |\n| ---- |\n| ${IMG} ${JS_LINK} |\n`,
      csv: `\uFEFF会议\r\n"${FORMULA.replaceAll('"', '""')}"\r\n`,
      xlsx: Buffer.from('not really a workbook').toString('base64'),
    };
    const sha = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');
    const hashes = { json: sha(contents.json), md: sha(contents.md), csv: sha(contents.csv), xlsx: sha(Buffer.from(contents.xlsx, 'base64')) };
    await h.store.append('bulletin-wuhan-2023-p1:2023-Q1', [
      {
        eventId: '00000000-0000-7000-8000-00000000a001',
        type: 'BulletinPublished',
        planId: 'wuhan-2023-p1',
        data: {
          period: '2023-Q1',
          builtAt: { position: 1, asOf: '2023-04-05T02:00:00.000Z', validAt: '2023-03-31T15:59:59.999Z' },
          rendererVersion: 2,
          hashes,
          contents,
        },
        actor: { id: 'local', role: 'office' },
        effectiveAt: '2023-04-05T02:00:00.000Z',
      },
    ]);
    for (const format of ['md', 'csv', 'json'] as const) {
      const res = await h.request(`${PLAN}/reports/quarterly/2023-Q1?published=true&format=${format}`);
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.toString('utf8'), format).toBe(contents[format]);
      expect(sha(bytes)).toBe(hashes[format]);
    }
  });
});
