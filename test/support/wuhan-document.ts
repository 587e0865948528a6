// Reading the Wuhan plan's source document (plans/sources/wuhan-2023-p1.txt) with regular
// expressions: its sections and tasks with their (牵头单位:…;责任单位:…), the leading group's roster,
// dates and numbers written in Chinese. Nothing here looks at the plan file (plans/wuhan-2023-p1.json)
// or at duban: the printed-name → id lookup is built by `unitIndex` from whatever unit catalogue the
// caller hands it (the plan file, or what the API answers), so the document stays the one authority.
import { readFileSync } from 'node:fs';

export const documentUrl = new URL('../../plans/sources/wuhan-2023-p1.txt', import.meta.url);

/** The document's text exactly as stored (UTF-8 decoded, nothing else done to it). */
export const rawDoc = readFileSync(documentUrl, 'utf8');

/** The document's text in NFC: what every helper here reads. */
export const doc = rawDoc.normalize('NFC');

// ---------------------------------------------------------------- helpers over the document

/** Padding the document puts inside names and between columns: ASCII, EN and ideographic spaces. */
export const PAD = /[\s\u2002\u3000]+/g;
export const unpad = (s: string) => s.replace(PAD, '');

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
export function cnNumber(s: string): number {
  if (s.length === 1) return CN_DIGITS[s]!;
  // 十一 … 十九, 二十 …
  const [a, b] = [...s];
  if (a === '十') return 10 + (CN_DIGITS[b!] ?? 0);
  return CN_DIGITS[a!]! * 10 + (b === '十' ? 0 : CN_DIGITS[b!]!);
}

export function group(m: RegExpMatchArray | RegExpExecArray | null, i: number): string {
  if (!m || m[i] === undefined) throw new Error(`no match group ${i}`);
  return m[i];
}

/** The text between two markers, both required. */
export function slice(from: string | RegExp, to: string): string {
  const m = typeof from === 'string' ? null : doc.match(from);
  const i = typeof from === 'string' ? doc.indexOf(from) : (m?.index ?? -1);
  const len = typeof from === 'string' ? from.length : (m?.[0].length ?? 0);
  if (i < 0) throw new Error(`the document has no ${String(from)}`);
  const j = doc.indexOf(to, i + len);
  if (j < 0) throw new Error(`the document has no ${to} after ${String(from)}`);
  return doc.slice(i + len, j);
}

/** The first non-empty line after a heading line. */
export function paragraphAfter(heading: string): string {
  const m = doc.match(new RegExp(`^${heading}[ \\t]*\\n+([^\\n]+)`, 'm'));
  return group(m, 1).trim();
}

// ---------------------------------------------------------------- unit names → ids

/** A unit or group as a catalogue lists it: the plan file's `units`/`groups`, or the API's. */
export interface NamedUnit {
  id: string;
  name: string;
  aliases?: readonly string[];
}

export interface UnitIndex {
  /** Every name and alias → id; units first, then groups (a later entry wins). */
  names: ReadonlyMap<string, string>;
  /** Maps a printed unit name to its id; a trailing 〈…〉 note (e.g. 各区人民政府〈含开发区…〉) may be absent from the catalogue. Throws for an unknown name. */
  idOf(printed: string): string;
  /** The unit whose name or alias is the longest prefix of a roster title (市科技局局长 → kjj). */
  unitOfTitle(title: string): string | undefined;
}

/** The printed-name → id lookup over a unit catalogue. */
export function unitIndex(units: readonly NamedUnit[], groups: readonly NamedUnit[] = []): UnitIndex {
  const names = new Map<string, string>();
  for (const u of units) for (const n of [u.name, ...(u.aliases ?? [])]) names.set(n, u.id);
  for (const g of groups) for (const n of [g.name, ...(g.aliases ?? [])]) names.set(n, g.id);

  const idOf = (printed: string): string => {
    const name = printed.trim();
    const id = names.get(name) ?? names.get(name.replace(/〈[^〉]*〉$/, ''));
    if (!id) throw new Error(`the catalogue has no unit named ${name}`);
    return id;
  };

  const unitOfTitle = (title: string): string | undefined => {
    let best: [string, string] | undefined;
    for (const [n, id] of names) if (title.startsWith(n) && (!best || n.length > best[0].length)) best = [n, id];
    return best?.[1];
  };

  return { names, idOf, unitOfTitle };
}

// ---------------------------------------------------------------- the tasks, parsed from 二、工作任务

export interface DocTask {
  code: string;
  section: number;
  item: number;
  title: string;
  text: string;
  /** 牵头单位 as printed, in order. */
  lead: string[];
  /** 责任单位 as printed, in order. */
  responsible: string[];
}
export interface DocSection {
  number: number;
  title: string;
}

export function parseTasks(): { sections: DocSection[]; tasks: DocTask[] } {
  const block = slice('二、工作任务', '三、工作安排');
  const sectionRe = /^[((]([一二三四五六七八九十]+)[))]([^\n]+)$/gm;
  const heads = [...block.matchAll(sectionRe)];
  const sections: DocSection[] = [];
  const tasks: DocTask[] = [];
  heads.forEach((h, hi) => {
    const number = cnNumber(group(h, 1));
    const title = group(h, 2).trim();
    sections.push({ number, title });
    const start = h.index! + h[0].length;
    const end = hi + 1 < heads.length ? heads[hi + 1]!.index! : block.length;
    const body = block.slice(start, end);
    for (const m of body.matchAll(/^(\d+)[.．]([^。\n]+)。([^\n]*)$/gm)) {
      const item = Number(group(m, 1));
      const text = group(m, 3).trim();
      const units = text.match(/[((]牵头单位[::]([^;;]+)[;;]责任单位[::](.+)[))]$/);
      if (!units) throw new Error(`task ${number}.${item} has no (牵头单位:…;责任单位:…)`);
      tasks.push({
        code: `${number}.${item}`,
        section: number,
        item,
        title: group(m, 2).trim(),
        text,
        lead: splitUnits(group(units, 1)),
        responsible: splitUnits(group(units, 2)),
      });
    }
  });
  return { sections, tasks };
}

/** Splits a list of unit names on 、 and commas, but not on a comma inside a 〈…〉 note. */
export function splitUnits(list: string): string[] {
  return list
    .split(/[、,，](?![^〈]*〉)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

// ---------------------------------------------------------------- the roster, parsed from 组成人员名单

export interface RosterRow {
  role: '组长' | '副组长' | '成员';
  name: string;
  title: string;
}

export function parseRoster(): { groupName: string; rows: RosterRow[] } {
  const headingLine = doc.match(/^([^\n]+)\n+([^\n]*)组成人员名单[ \t]*$/m);
  const groupName = unpad(group(headingLine, 1) + group(headingLine, 2));
  const block = slice(/组成人员名单[ \t]*$/m, '领导小组办公室主任');
  const rows: RosterRow[] = [];
  let role: RosterRow['role'] | undefined;
  for (const line of block.split('\n')) {
    if (line.trim() === '') continue;
    let rest = line;
    const prefix = line.match(/^([^::]+)[::]/);
    if (prefix) {
      const r = unpad(group(prefix, 1));
      if (r !== '组长' && r !== '副组长' && r !== '成员') throw new Error(`unknown roster role ${r}`);
      role = r;
      rest = line.slice(prefix[0].length);
    }
    if (!role) throw new Error(`roster line before any role: ${line}`);
    const cols = rest.trim().split(PAD);
    // A two-character name is padded to the width of three (李  军): three columns, else two.
    if (cols.length === 3) rows.push({ role, name: cols[0]! + cols[1]!, title: cols[2]! });
    else if (cols.length === 2) rows.push({ role, name: cols[0]!, title: cols[1]! });
    else throw new Error(`cannot read roster line ${line}`);
  }
  return { groupName, rows };
}

// ---------------------------------------------------------------- dates and numbers written in Chinese

export const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
export const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** 2023年3月底之前 → [undefined, 2023-03-31]; 2023年4—11月 → [04-01, 11-30]; 2023年12月 → [12-01, 12-31]. */
export function periodOf(s: string): [string | undefined, string] {
  let m = s.match(/^(\d{4})年(\d{1,2})月底之前$/);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    return [undefined, iso(y, mo, lastDay(y, mo))];
  }
  m = s.match(/^(\d{4})年(\d{1,2})[—–-]+(\d{1,2})月$/);
  if (m) {
    const [y, a, b] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return [iso(y, a, 1), iso(y, b, lastDay(y, b))];
  }
  m = s.match(/^(\d{4})年(\d{1,2})月$/);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    return [iso(y, mo, 1), iso(y, mo, lastDay(y, mo))];
  }
  throw new Error(`cannot read the period ${s}`);
}

export function dateOf(s: string): string {
  const m = s.match(/^(\d{4})年(\d{1,2})月(\d{1,2})日$/);
  return iso(Number(group(m, 1)), Number(group(m, 2)), Number(group(m, 3)));
}

/** 1.3万 → 13000, 300 → 300: an exact decimal string, without floating point. */
export function decimalOf(num: string, wan: boolean): string {
  if (!wan) return num;
  const [int, frac = ''] = num.split('.');
  const digits = (int! + frac.padEnd(4, '0').slice(0, 4)).replace(/^0+(?=\d)/, '');
  const rest = frac.slice(4);
  return rest ? `${digits}.${rest}` : digits;
}
