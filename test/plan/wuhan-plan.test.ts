// The Wuhan plan file (plans/wuhan-2023-p1.json) checked against the document it was written from
// (plans/sources/wuhan-2023-p1.txt). Everything expected here is parsed out of the document's own
// text with regular expressions, never copied from the JSON, so a wrong unit, title, target or
// roster entry in the data makes a test fail.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PlanDefinition } from '../../src/domain/plan.ts';
import {
  dateOf,
  decimalOf,
  doc,
  group,
  paragraphAfter,
  parseRoster,
  parseTasks,
  periodOf,
  type RosterRow,
  slice,
  unitIndex,
} from '../support/wuhan-document.ts';

const read = (rel: string) => readFileSync(new URL(rel, import.meta.url), 'utf8');
const raw: unknown = JSON.parse(read('../../plans/wuhan-2023-p1.json'));
const parsed = PlanDefinition.safeParse(raw);
if (!parsed.success) throw new Error(`plan does not parse: ${JSON.stringify(parsed.error.issues, null, 2)}`);
const plan = parsed.data;

// Printed unit names → ids, through the plan file's own catalogue (units, then groups).
const { idOf: unitIdOf, unitOfTitle } = unitIndex(plan.units, plan.groups);

// ================================================================= the tests

describe('plans/wuhan-2023-p1.json', () => {
  it('parses with PlanDefinition', () => {
    expect(parsed.success).toBe(true);
    expect(plan.id).toBe('wuhan-2023-p1');
    expect(plan.timeZone).toBe('Asia/Shanghai');
  });

  it('gives the title, subject, issuer, date, addressees and general requirements as printed', () => {
    const heading = doc.match(/^(市政协[^\n]*建议案)\n+(办理工作方案)$/m);
    expect(plan.title).toBe(group(heading, 1) + group(heading, 2));
    expect(plan.subject).toBe(group(doc.match(/《(关于[^》]+建议案)》/), 1));
    const addressees = group(doc.match(/^([^\n]+)[::]\n/), 1).split(/[,，、]/);
    expect(plan.addressees).toEqual(addressees);
    const sign = doc.match(/^([^\n]+办公厅)\n+(\d{4}年\d{1,2}月\d{1,2}日)$/m);
    expect(plan.issuer).toBe(unitIdOf(group(sign, 1)));
    expect(plan.issuedOn).toBe(dateOf(group(sign, 2)));
    expect(plan.issuedOn).toBe('2023-03-23');
    expect(plan.generalRequirements).toBe(paragraphAfter('一、总体要求'));
  });

  it('has a unit catalogue where every name and alias names one unit only', () => {
    const seen = new Map<string, string>();
    for (const u of [...plan.units, ...plan.groups]) {
      for (const n of [u.name, ...u.aliases]) {
        expect(seen.get(n) ?? u.id, `${n} is used by ${seen.get(n)} and ${u.id}`).toBe(u.id);
        seen.set(n, u.id);
      }
    }
    const ids = plan.units.map((u) => u.id);
    expect(ids).toEqual([
      'fgw',
      'kjj',
      'rcj',
      'rsj',
      'swj',
      'czj',
      'wb',
      'jxj',
      'jyj',
      'scjgj',
      'jrj',
      'gzw',
      'zrzyj',
      'zxqy',
      'zsb',
      'szf',
      'szx',
      'szfb',
      'jiangan',
      'jianghan',
      'qiaokou',
      'hanyang',
      'wuchang',
      'qingshan',
      'hongshan',
      'caidian',
      'jiangxia',
      'dongxihu',
      'huangpi',
      'xinzhou',
      'ehdz',
      'wedz',
      'cjxq',
      'dhfjq',
    ]);
    expect(plan.units.filter((u) => u.level === 'department')).toHaveLength(15);
  });

  describe('tasks', () => {
    const { sections, tasks } = parseTasks();

    it('finds 5 sections and 15 numbered items in the document', () => {
      expect(sections.map((s) => s.number)).toEqual([1, 2, 3, 4, 5]);
      expect(tasks.map((t) => t.code)).toEqual(['1.1', '1.2', '1.3', '2.1', '2.2', '2.3', '3.1', '3.2', '3.3', '4.1', '4.2', '4.3', '5.1', '5.2', '5.3']);
    });

    it('has the sections as printed', () => {
      expect(plan.sections).toEqual(sections);
    });

    it("has the 15 tasks in the document's order", () => {
      expect(plan.tasks.map((t) => t.code)).toEqual(tasks.map((t) => t.code));
    });

    it.each(tasks.map((t) => [t.code, t] as const))('task %s: title and text verbatim', (code, want) => {
      const got = plan.tasks.find((t) => t.code === code)!;
      expect(got.section).toBe(want.section);
      expect(got.item).toBe(want.item);
      expect(got.title).toBe(want.title);
      expect(got.text).toBe(want.text);
      expect(got.title.endsWith('。')).toBe(false);
      expect(doc).toContain(`${want.item}.${got.title}。${got.text}`);
    });

    it.each(tasks.map((t) => [t.code, t] as const))('task %s: 牵头单位 and 责任单位 as the document lists them', (code, want) => {
      const got = plan.tasks.find((t) => t.code === code)!;
      expect(got.leadUnits).toEqual(want.lead.map(unitIdOf));
      expect(got.responsibleUnits).toEqual(want.responsible.map(unitIdOf));
    });

    it('keeps 各区人民政府 as the group, with or without its 〈…〉 note', () => {
      expect(unitIdOf('各区人民政府')).toBe('districts');
      expect(unitIdOf('各区人民政府〈含开发区、长江新区、风景区管委会,下同〉')).toBe('districts');
      const first = tasks[0]!;
      expect(first.responsible.at(-1)).toBe('各区人民政府〈含开发区、长江新区、风景区管委会,下同〉');
      for (const t of plan.tasks) expect(t.responsibleUnits.at(-1), t.code).toBe('districts');
    });

    it('spot checks: 1.1 and 3.3 as read by hand', () => {
      const t11 = plan.tasks.find((t) => t.code === '1.1')!;
      expect(t11.leadUnits).toEqual(['fgw', 'kjj']);
      expect(t11.responsibleUnits).toEqual(['rcj', 'rsj', 'swj', 'czj', 'wb', 'districts']);
      const t33 = plan.tasks.find((t) => t.code === '3.3')!;
      expect(t33.leadUnits).toEqual(['jrj', 'gzw', 'kjj', 'czj']);
      expect(t33.responsibleUnits).toEqual(['fgw', 'scjgj', 'districts']);
    });
  });

  describe('indicators', () => {
    const TARGET = /(\d+(?:\.\d+)?)(万)?(个|家|名|亿元)/g;

    it('are the 14 targets, 1.1-1 … 5.1-3, in order', () => {
      expect(plan.indicators.map((i) => i.id)).toEqual([
        '1.1-1',
        '1.1-2',
        '1.2-1',
        '1.2-2',
        '2.3-1',
        '2.3-2',
        '3.1-1',
        '3.2-1',
        '3.3-1',
        '4.2-1',
        '4.3-1',
        '5.1-1',
        '5.1-2',
        '5.1-3',
      ]);
    });

    it.each(plan.indicators.map((i) => [i.id, i] as const))('%s: the phrase is in its task and states the target', (id, ind) => {
      const task = plan.tasks.find((t) => t.code === ind.taskCode)!;
      expect(id.startsWith(`${task.code}-`)).toBe(true);
      expect(task.text).toContain(ind.sourcePhrase);
      const m = [...ind.sourcePhrase.matchAll(TARGET)];
      expect(m, 'exactly one number with a measure in the phrase').toHaveLength(1);
      const [, num, wan, measure] = m[0]!;
      expect(decimalOf(num!, wan === '万')).toBe(ind.target.value);
      expect(ind.target.unit).toBe(measure);
      expect(ind.sourcePhrase).toContain(num!);
      expect(ind.target.comparator).toBe(/左右/.test(ind.sourcePhrase) ? 'about' : 'at_least');
    });

    it('reads 1.3万家 as 13000', () => {
      const ind = plan.indicators.find((i) => i.id === '3.1-1')!;
      expect(ind.sourcePhrase).toContain('1.3万家');
      expect(ind.target).toEqual({ value: '13000', unit: '家', comparator: 'at_least' });
    });

    it('cover every counted target in the task texts, numbered in text order', () => {
      for (const task of plan.tasks) {
        const found = [...task.text.matchAll(TARGET)].map((m) => m.index!);
        const mine = plan.indicators.filter((i) => i.taskCode === task.code);
        const at = mine.map((i) => task.text.indexOf(i.sourcePhrase));
        expect(at, `${task.code}: phrases in text order`).toEqual([...at].sort((a, b) => a - b));
        expect(
          mine.map((i) => i.id),
          task.code,
        ).toEqual(mine.map((_, n) => `${task.code}-${n + 1}`));
        expect(found.length, `${task.code}: one indicator per target`).toBe(mine.length);
        found.forEach((pos, n) => {
          const start = at[n]!;
          expect(pos, `${task.code}: target ${n + 1} lies in its phrase`).toBeGreaterThanOrEqual(start);
          expect(pos).toBeLessThan(start + mine[n]!.sourcePhrase.length);
        });
      }
    });
  });

  describe('the leading group', () => {
    const { groupName, rows } = parseRoster();
    const lg = plan.leadingGroup!;
    const strip = (p: { name: string; title: string }) => ({ name: p.name, title: p.title });

    it('has a leader, 2 deputies and the 28 members the roster lists', () => {
      expect(rows.filter((r) => r.role === '组长')).toHaveLength(1);
      expect(rows.filter((r) => r.role === '副组长')).toHaveLength(2);
      expect(rows.filter((r) => r.role === '成员')).toHaveLength(28);
      expect(lg.deputies).toHaveLength(2);
      expect(lg.members).toHaveLength(28);
    });

    it('is named as the roster heading names it', () => {
      expect(lg.name).toBe(groupName.replace(/组成人员名单$/, ''));
      expect(lg.name).toBe('市政协第十四届二次会议1号建议案办理工作领导小组');
    });

    it('gives names (without padding) and titles in roster order', () => {
      const pick = (role: RosterRow['role']) => rows.filter((r) => r.role === role).map(strip);
      expect([strip(lg.leader)]).toEqual(pick('组长'));
      expect(lg.deputies.map(strip)).toEqual(pick('副组长'));
      expect(lg.members.map(strip)).toEqual(pick('成员'));
      expect(lg.members[0]).toMatchObject({ name: '李军', title: '市委外办副主任' });
    });

    it('puts every person in the unit the title names', () => {
      for (const p of [lg.leader, ...lg.deputies, ...lg.members]) {
        expect(p.name).not.toMatch(/[\s\u2002\u3000]/);
        expect(unitOfTitle(p.title), `${p.name} ${p.title}`).toBe(p.unitId);
      }
      expect(lg.leader.unitId).toBe('szf');
    });

    it('has the office and the replacement rule as the document says', () => {
      const host = group(doc.match(/领导小组下设办公室[,，]在(\S+?)办公/), 1);
      expect(lg.office.hostUnitId).toBe(unitIdOf(host));
      expect(lg.office.directorName).toBe(group(doc.match(/领导小组办公室主任由(\S+?)同志兼任/), 1));
      expect(lg.replacementRule).toBe(group(doc.match(/(领导小组成员如有变动[^\n]*递补[^\n]*。)/), 1));
    });
  });

  describe('the group districts', () => {
    const districts = plan.groups.find((g) => g.id === 'districts')!;
    const level = new Map(plan.units.map((u) => [u.id, u.level]));

    it('is 各区人民政府 with 16 district-level members', () => {
      expect(districts.name).toBe('各区人民政府');
      expect(districts.members).toHaveLength(16);
      expect(new Set(districts.members).size).toBe(16);
      for (const m of districts.members) expect(level.get(m), m).toBe('district');
      expect(plan.units.filter((u) => u.level === 'district').map((u) => u.id)).toEqual(districts.members);
    });

    it('notes what the document says it includes', () => {
      const note = group(doc.match(/各区人民政府〈(含[^,，〉]+)/), 1);
      expect(districts.note).toContain(note);
    });

    it('holds every district-level unit of the roster, and 东湖风景区 besides', () => {
      const { rows } = parseRoster();
      const districtRows = rows.filter((r) => /^(\S+?区人民政府|\S+?区管委会)/.test(r.title));
      expect(districtRows).toHaveLength(15);
      const ids = districtRows.map((r) => {
        const unitName = group(r.title.match(/^(\S+?区(?:人民政府|管委会))/), 1);
        return unitIdOf(unitName);
      });
      expect(new Set(ids).size).toBe(15);
      for (const id of ids) expect(districts.members).toContain(id);
      expect(districts.members.filter((m) => !ids.includes(m))).toEqual(['dhfjq']);
      expect(unitIdOf('东湖风景区管委会')).toBe('dhfjq');
    });
  });

  describe('phases, deadline and reporting', () => {
    it("has the three phases with the document's dates and text", () => {
      const block = slice('三、工作安排', '四、保障措施');
      const phases = [...block.matchAll(/^[((]([一二三四五六七八九十]+)[))]([^(（\n]+阶段)[((]([^))]+)[))]。([^\n]+)$/gm)];
      expect(phases).toHaveLength(3);
      expect(plan.phases.map((p) => p.name)).toEqual(phases.map((m) => group(m, 2)));
      phases.forEach((m, i) => {
        const p = plan.phases[i]!;
        const [start, end] = periodOf(group(m, 3));
        // The document gives only an end for the first phase; it starts on the issue date.
        expect(p.startDate).toBe(start ?? plan.issuedOn);
        expect(p.endDate).toBe(end);
        expect(p.description).toBe(group(m, 4).trim());
      });
      expect(plan.phases.map((p) => [p.id, p.startDate, p.endDate])).toEqual([
        ['deployment', '2023-03-23', '2023-03-31'],
        ['handling', '2023-04-01', '2023-11-30'],
        ['summary', '2023-12-01', '2023-12-31'],
      ]);
    });

    it('carries out its tasks in 具体办理阶段, the phase whose text says the units do the work', () => {
      // 具体办理阶段：各牵头单位和责任单位按照方案要求认真开展办理工作 — tasks fall due at its end,
      // and monthly reports are owed for its months (src/domain/plan.ts implementationPeriod).
      const phase = plan.phases.find((p) => p.id === plan.implementationPhase)!;
      expect(phase.name).toBe('具体办理阶段');
      expect(phase.description).toContain('各牵头单位和责任单位按照方案要求认真开展办理工作');
    });

    it('has the handling-plan deadline of 保障措施(二)', () => {
      const when = group(doc.match(/并于(\d{4}年\d{1,2}月\d{1,2}日)前将具体办理工作方案报送领导小组办公室备案/), 1);
      expect(plan.handlingPlanDeadline).toBe(dateOf(when));
      expect(plan.handlingPlanDeadline).toBe('2023-03-31');
    });

    it("has the annual-summary deadline of 总结汇报阶段: the units' 年度总结 fall in 2023年12月, so by its last day", () => {
      // 工作步骤(三)：总结汇报阶段(2023年12月)。各办理单位形成1号建议案办理工作年度总结，在此基础上形成总结材料，
      // 邀请市政协领导以及委员视察并接受满意度测评。 The document names no day: the units' summaries belong to
      // the phase, and the summary material and the evaluation are built on them within it, so a unit's summary
      // is due by the phase's last day at the latest — 2023-12-31 (the plan's annualSummaryDeadline).
      const m = doc.match(/[(（]三[)）]总结汇报阶段[(（](\d{4}年\d{1,2}月)[)）]。各办理单位形成1号建议案办理工作年度总结/);
      const [, end] = periodOf(group(m, 1));
      const summary = plan.phases.find((p) => p.name === '总结汇报阶段')!;
      expect(summary.description).toContain('各办理单位形成1号建议案办理工作年度总结');
      expect(plan.annualSummaryDeadline).toBe(end);
      expect(plan.annualSummaryDeadline).toBe(summary.endDate);
      expect(plan.annualSummaryDeadline).toBe('2023-12-31');
    });

    it('has the reporting rhythm, each quoting the document', () => {
      expect(plan.reporting.map((r) => [r.kind, r.cadence])).toEqual([
        ['progress_report', 'as_needed'],
        ['monthly_dispatch', 'monthly'],
        ['quarterly_bulletin', 'quarterly'],
        ['coordination_meeting', 'periodic'],
        ['report_to_cppcc', 'periodic'],
        ['annual_summary', 'annually'],
      ]);
      for (const r of plan.reporting) {
        expect(doc, r.kind).toContain(r.name);
        expect(doc, r.kind).toContain(r.description!);
      }
    });
  });

  it('writes all its text in NFC and without padding inside names', () => {
    const walk = (v: unknown, path: string): void => {
      if (typeof v === 'string') expect(v.normalize('NFC'), path).toBe(v);
      else if (Array.isArray(v)) for (const [i, x] of v.entries()) walk(x, `${path}/${i}`);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}/${k}`);
    };
    walk(raw, '');
    for (const u of plan.units) for (const n of [u.name, ...u.aliases]) expect(n).not.toMatch(/[\s\u2002\u3000]/);
  });
});
