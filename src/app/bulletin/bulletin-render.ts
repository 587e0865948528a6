// The bulletin in its printable forms, from its JSON: Markdown (Chinese headings, tables), CSV (one
// file, a block per table, UTF-8 with a BOM, for Excel) and an Excel workbook (a sheet per section).
// The renderers walk SECTIONS (bulletin-sections.ts) and print each section's tables: they never name
// a section. The same bulletin gives the same bytes in every format: the workbook's own dates are the
// publication's (or the reading's asOf), and its zip entries carry one fixed time.
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { unzipSync, type Zippable, zipSync } from 'fflate';
import { markdownTable } from 'markdown-table';
import type { BulletinFormat } from '../../domain/bulletin.ts';
import { toCsv } from '../csv.ts';
import { markdownInline, markdownLine } from '../markdown-text.ts';
import { localTime } from '../time.ts';
import { SECTIONS, type Table } from './bulletin-sections.ts';
import type { Bulletin } from './bulletin-view.ts';

/**
 * Bumped whenever a renderer's output changes; a published bulletin records the version that made its bytes.
 * 2: the meetings, action items and ranking sections filled (their tables' columns changed), alerts by every kind.
 * 3: Markdown escapes every cell and title (no HTML, images or links from user text); CSV neutralises formulas.
 */
export const RENDERER_VERSION = 3;

export const MEDIA_TYPES: Record<BulletinFormat, string> = {
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五'];
const numbered = (i: number, title: string) => `${NUMERALS[i] ?? String(i + 1)}、${title}`;
const NONE = '（暂无）';

/** The overview every form starts with: what, when, as known when, built at which position, published as what. */
function overview(b: Bulletin, timeZone: string): Table {
  const rows: (string | number)[][] = [
    ['工作方案', b.planTitle],
    ['报告', `${b.title}（${b.periodLabel}）`],
    ['统计期间', `${b.startDate} 至 ${b.endDate}`],
    ['数据截至（有效时间）', localTime(b.validAt, timeZone)],
    ['记录截至（asOf）', localTime(b.asOf, timeZone)],
    ['存储位置', b.position],
    ['期间是否结束', b.complete ? '是' : '否（截至 asOf 的情况）'],
  ];
  if (b.publication) {
    rows.push(['发布时间', localTime(b.publication.publishedAt, timeZone)]);
    if (b.publication.documentNumber) rows.push(['文号', b.publication.documentNumber]);
    if (b.publication.note) rows.push(['说明', b.publication.note]);
    const a = b.publication.anchor;
    if (a) rows.push(['存证摘要（签名）', `位置 ${a.position}，摘要 ${a.digest}，签名 ${a.signature}，公钥指纹 ${a.keyId}`]);
  }
  return { columns: ['项目', '内容'], rows };
}

/** The sections' tables, numbered headings first (一、任务进展情况 …). */
function sectionTables(b: Bulletin, timeZone: string): { heading: string; tables: Table[] }[] {
  return SECTIONS.map((s, i) => ({ heading: numbered(i, s.title), tables: s.tables((b.sections as Record<string, unknown>)[s.key], timeZone) }));
}

const reportTitle = (b: Bulletin) => `${b.title}（${b.periodLabel}）`;

// ---- Markdown --------------------------------------------------------------------------------

/** Display width: CJK and other wide characters take two columns, so the tables line up in print. */
function width(s: string): number {
  let n = 0;
  for (const ch of s)
    n += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{20000}-\u{3FFFD}]/u.test(ch) ? 2 : 1;
  return n;
}

/** Every cell escaped: user text (titles, reports, reasons) must never become HTML, an image or a link. */
const mdCell = (v: string | number) => markdownInline(String(v));

function mdTable(t: Table): string {
  if (!t.rows.length) return NONE;
  return markdownTable([t.columns.map(mdCell), ...t.rows.map((r) => r.map(mdCell))], { stringLength: width, align: t.columns.map(() => 'l') });
}

export function renderMarkdown(b: Bulletin, timeZone: string): string {
  const out: string[] = [`# ${markdownInline(reportTitle(b))}`, '', markdownLine(b.planTitle), '', mdTable(overview(b, timeZone)), ''];
  for (const { heading, tables } of sectionTables(b, timeZone)) {
    out.push(`## ${heading}`, '');
    for (const t of tables) {
      if (t.title) out.push(`### ${markdownInline(t.title)}`, '');
      out.push(mdTable(t), '');
    }
  }
  return out.join('\n');
}

// ---- CSV ---------------------------------------------------------------------------------------

/** One CSV: the overview, then per section its heading row and each table (title row, header row, rows), a blank row between. */
export function renderCsv(b: Bulletin, timeZone: string): string {
  const records: (string | number)[][] = [[reportTitle(b)], ...tableRecords(overview(b, timeZone))];
  for (const { heading, tables } of sectionTables(b, timeZone)) {
    records.push([], [heading]);
    for (const t of tables) records.push(...tableRecords(t));
  }
  return toCsv(records, { record_delimiter: '\r\n' });
}

function tableRecords(t: Table): (string | number)[][] {
  return [...(t.title ? [[t.title]] : []), t.columns, ...(t.rows.length ? t.rows : [[NONE]])];
}

// ---- Excel -------------------------------------------------------------------------------------

/** Zip entries' time: the zip epoch, so the bytes do not depend on when (or in which time zone) they were made. */
const ZIP_TIME = new Date(1980, 0, 1, 0, 0, 0);

/** Sheet names: at most 31 characters, none of : \ / ? * [ ]. */
const sheetName = (s: string) => s.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);

export async function renderXlsx(b: Bulletin, timeZone: string): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const at = new Date(b.publication?.publishedAt ?? b.asOf);
  wb.creator = 'duban';
  wb.lastModifiedBy = 'duban';
  wb.created = at;
  wb.modified = at;
  wb.title = reportTitle(b);
  wb.subject = b.planTitle;
  const sheet = (name: string, tables: Table[], heading: string) => {
    const ws = wb.addWorksheet(sheetName(name));
    const widths: number[] = [];
    const add = (cells: (string | number)[], style?: 'title' | 'header') => {
      const row = ws.addRow(cells.map((c) => (c === '' ? null : c))); // an empty cell, not an empty string
      for (const [i, c] of cells.entries()) widths[i] = Math.max(widths[i] ?? 8, Math.min(60, width(String(c)) + 2));
      if (style) row.font = { bold: true, ...(style === 'title' ? { size: 14 } : {}) };
    };
    add([heading], 'title');
    for (const t of tables) {
      add([]);
      if (t.title) add([t.title], 'header');
      add(t.columns, 'header');
      if (!t.rows.length) add([NONE]);
      for (const r of t.rows) add(r);
    }
    // The heading rows would widen the first column for nothing.
    ws.columns = widths.map((w, i) => ({ width: i === 0 ? Math.min(w, 24) : w }));
  };
  sheet('概况', [overview(b, timeZone)], reportTitle(b));
  for (const { heading, tables } of sectionTables(b, timeZone)) sheet(heading, tables, heading);
  const written = new Uint8Array(await wb.xlsx.writeBuffer());
  // exceljs zips with JSZip, which stamps every entry with the time of writing: zip again with a fixed one.
  const entries = unzipSync(written);
  const fixed: Zippable = {};
  for (const [name, data] of Object.entries(entries)) fixed[name] = [data, { mtime: ZIP_TIME, level: 6 }];
  return zipSync(fixed);
}

// ---- All formats ----------------------------------------------------------------------------------

export interface Rendered {
  json: string;
  md: string;
  csv: string;
  xlsx: Uint8Array;
}

export async function renderAll(b: Bulletin, timeZone: string): Promise<Rendered> {
  return { json: JSON.stringify(b), md: renderMarkdown(b, timeZone), csv: renderCsv(b, timeZone), xlsx: await renderXlsx(b, timeZone) };
}

export const sha256 = (bytes: string | Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The bytes a format goes out as (text as UTF-8). */
export const bytesOf = (content: string | Uint8Array): Uint8Array => (typeof content === 'string' ? new TextEncoder().encode(content) : content);
