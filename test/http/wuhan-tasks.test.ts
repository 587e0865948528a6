// GET /plans/wuhan-2023-p1/tasks against the source document (plans/sources/wuhan-2023-p1.txt).
// What each task must say is read out of the document's own text (test/support/wuhan-document.ts);
// printed unit names become ids only through the catalogue duban itself answers with
// (GET /plans/wuhan-2023-p1: units and groups), never through the plan file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanView, TaskView } from '../../src/app/views.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { type DocTask, doc, parseTasks, rawDoc, type UnitIndex, unitIndex } from '../support/wuhan-document.ts';

const PLAN = '/plans/wuhan-2023-p1';

interface TaskList {
  planId: string;
  asOf: string;
  validAt: string;
  position: number;
  items: TaskView[];
}

/** A printed unit name without its trailing 〈…〉 note: 各区人民政府〈含开发区…〉 → 各区人民政府. */
const bare = (printed: string) => printed.trim().replace(/〈[^〉]*〉$/, '');
const printedNames = (t: DocTask) => [...t.lead, ...t.responsible].map(bare);

const { sections: docSections, tasks: docTasks } = parseTasks();
const docTask = (code: string) => {
  const t = docTasks.find((d) => d.code === code);
  if (!t) throw new Error(`the document has no task ${code}`);
  return t;
};

let harness: Harness;
let plan: PlanView;
let list: TaskList;
/** The tasks response exactly as it came over the wire. */
let listBytes: Buffer;
let names: UnitIndex;

async function getBytes(path: string): Promise<Buffer> {
  const res = await harness.request(path);
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(res.status, `${path}: ${bytes.toString('utf8')}`).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json; charset=utf-8$/i);
  return bytes;
}

async function getJson<T>(path: string): Promise<T> {
  const bytes = await getBytes(path);
  // fatal: the body must be well-formed UTF-8, not merely decodable.
  return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as T;
}

const codesOf = async (query: string) => (await getJson<TaskList>(`${PLAN}/tasks?${query}`)).items.map((t) => t.code);
const view = (code: string) => {
  const t = list.items.find((v) => v.code === code);
  if (!t) throw new Error(`GET ${PLAN}/tasks has no task ${code}`);
  return t;
};

beforeAll(async () => {
  harness = await startHarness();
  plan = await getJson<PlanView>(PLAN);
  listBytes = await getBytes(`${PLAN}/tasks`);
  list = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(listBytes)) as TaskList;
  names = unitIndex(plan.units, plan.groups);
});

afterAll(async () => {
  await harness?.close();
});

describe('GET /plans/wuhan-2023-p1/tasks against the document', () => {
  it('the document has the 15 tasks (a parser check, before anything is held against it)', () => {
    expect(docTasks.map((t) => t.code)).toEqual(['1.1', '1.2', '1.3', '2.1', '2.2', '2.3', '3.1', '3.2', '3.3', '4.1', '4.2', '4.3', '5.1', '5.2', '5.3']);
    for (const t of docTasks) {
      expect(t.lead.length, t.code).toBeGreaterThan(0);
      expect(t.responsible.length, t.code).toBeGreaterThan(0);
    }
  });

  it("returns the 15 tasks in the document's order", () => {
    expect(list.planId).toBe('wuhan-2023-p1');
    expect(list).toMatchObject({ asOf: '2026-11-27T08:00:00.000Z', validAt: '2026-11-27T08:00:00.000Z', position: 1 });
    expect(list.items).toHaveLength(15);
    expect(list.items.map((t) => t.code)).toEqual(docTasks.map((t) => t.code));
  });

  it.each(docTasks.map((t) => [t.code, t] as const))("task %s: leadUnits and responsibleUnits are the document's, in order", (code, want) => {
    const got = view(code);
    expect(got.leadUnits.map((u) => u.id)).toEqual(want.lead.map(names.idOf));
    expect(got.responsibleUnits.map((u) => u.id)).toEqual(want.responsible.map(names.idOf));
    // Each ref is named as the document prints it (a group without its 〈…〉 note) and knows what it is.
    const groupIds = new Set(plan.groups.map((g) => g.id));
    const refs = [...got.leadUnits, ...got.responsibleUnits];
    expect(refs.map((u) => u.name)).toEqual(printedNames(want));
    for (const ref of refs) expect(ref.kind, `${code} ${ref.id}`).toBe(groupIds.has(ref.id) ? 'group' : 'unit');
  });

  it('spot check, by hand: 1.1 and 3.3', () => {
    expect(view('1.1').leadUnits.map((u) => u.id)).toEqual(['fgw', 'kjj']);
    expect(view('1.1').responsibleUnits.map((u) => u.id)).toEqual(['rcj', 'rsj', 'swj', 'czj', 'wb', 'districts']);
    expect(view('3.3').leadUnits.map((u) => u.id)).toEqual(['jrj', 'gzw', 'kjj', 'czj']);
    expect(view('3.3').responsibleUnits.map((u) => u.id)).toEqual(['fgw', 'scjgj', 'districts']);
  });

  it('gives the districts group ref its 16 members, named as the catalogue names them', () => {
    const catalogue = plan.groups.find((g) => g.id === 'districts');
    expect(catalogue?.name).toBe('各区人民政府');
    const unitName = new Map(plan.units.map((u) => [u.id, u.name]));
    const level = new Map(plan.units.map((u) => [u.id, u.level]));
    let seen = 0;
    for (const t of list.items) {
      for (const ref of [...t.leadUnits, ...t.responsibleUnits].filter((u) => u.id === 'districts')) {
        seen++;
        expect(ref.kind).toBe('group');
        expect(ref.name).toBe('各区人民政府');
        const members = ref.members ?? [];
        expect(members, t.code).toHaveLength(16);
        expect(new Set(members.map((m) => m.id)).size).toBe(16);
        expect(members.map((m) => m.id)).toEqual(catalogue!.members);
        for (const m of members) {
          expect(m.name, `${t.code} ${m.id}`).toBe(unitName.get(m.id));
          expect(level.get(m.id), m.id).toBe('district');
        }
      }
      // A plain unit carries no members.
      for (const ref of [...t.leadUnits, ...t.responsibleUnits].filter((u) => u.kind === 'unit')) expect(ref.members, `${t.code} ${ref.id}`).toBeUndefined();
    }
    // Every task of the document names 各区人民政府, so every task shows the group once.
    expect(seen).toBe(docTasks.filter((d) => printedNames(d).includes('各区人民政府')).length);
    expect(seen).toBe(15);
  });

  it("has the plan's 14 indicators, 1.1-1 … 5.1-3, in order", () => {
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

  it("gives each task view exactly the plan's indicators for its code", () => {
    for (const t of list.items) expect(t.indicators, t.code).toEqual(plan.indicators.filter((i) => i.taskCode === t.code));
    expect(view('1.2').indicators.map((i) => i.id)).toEqual(['1.2-1', '1.2-2']);
    expect(view('1.3').indicators).toEqual([]);
    expect(list.items.flatMap((t) => t.indicators.map((i) => i.id))).toEqual(plan.indicators.map((i) => i.id));
    // Each indicator's phrase lies in its task's text as the document prints it.
    for (const t of list.items) for (const i of t.indicators) expect(docTask(t.code).text, i.id).toContain(i.sourcePhrase);
  });

  it.each(docTasks.map((t) => [t.code, t] as const))('task %s: title, text and section as the document prints them', (code, want) => {
    const got = view(code);
    expect(got.title).toBe(want.title);
    expect(got.text).toBe(want.text);
    expect(got.section).toBe(want.section);
    expect(got.sectionTitle).toBe(docSections.find((s) => s.number === want.section)?.title);
  });

  it("answers GET /plans/wuhan-2023-p1/tasks/{code} with the same view as the list, plus the page's progress, indicators and links", async () => {
    for (const t of list.items) {
      const { progress, indicatorProgress, links, light, ...rest } = await getJson<
        TaskView & { progress: unknown[]; indicatorProgress: { indicatorId: string }[]; links: object; light: object }
      >(`${PLAN}/tasks/${t.code}`);
      // No task sets a date of its own: each is due at the end of 具体办理阶段 (2023年4月-11月), long past and not completed.
      expect(light, t.code).toMatchObject({ light: 'red', dueDate: '2023-11-30', dueAt: '2023-11-30T15:59:59.999Z', done: false });
      expect(rest, t.code).toEqual({ ...t, asOf: list.asOf, validAt: list.validAt, position: list.position });
      expect(progress, t.code).toEqual([]);
      expect(
        indicatorProgress.map((i) => i.indicatorId),
        t.code,
      ).toEqual(t.indicators.map((i) => i.id));
      expect(links, t.code).toMatchObject({ history: `${PLAN}/tasks/${t.code}/history` });
    }
  });

  describe('filters', () => {
    it('?unit=kjj: exactly the tasks whose parenthesis names 市科技局', async () => {
      const want = docTasks.filter((t) => printedNames(t).includes('市科技局')).map((t) => t.code);
      expect(names.idOf('市科技局')).toBe('kjj');
      expect(want.length).toBeGreaterThan(0);
      expect(want.length).toBeLessThan(15);
      expect(await codesOf('unit=kjj')).toEqual(want);
    });

    it('?unit=jiangan: every task naming 各区人民政府 (江岸区 is one of them)', async () => {
      const want = docTasks.filter((t) => printedNames(t).includes('各区人民政府')).map((t) => t.code);
      expect(plan.groups.find((g) => g.id === 'districts')?.members).toContain('jiangan');
      expect(await codesOf('unit=jiangan')).toEqual(want);
    });

    it('?unit=districts: the same tasks', async () => {
      const want = docTasks.filter((t) => printedNames(t).includes('各区人民政府')).map((t) => t.code);
      expect(await codesOf('unit=districts')).toEqual(want);
    });

    it('?status=not_started: all 15; ?status=completed: none', async () => {
      expect(await codesOf('status=not_started')).toEqual(docTasks.map((t) => t.code));
      expect(await codesOf('status=completed')).toEqual([]);
    });
  });

  describe('Chinese text', () => {
    const nfc = (s: string) => s.normalize('NFC');
    const utf8 = (s: string) => Buffer.from(s, 'utf8');

    it('the document itself is stored in NFC', () => {
      expect(nfc(rawDoc) === rawDoc).toBe(true);
      expect(doc).toBe(rawDoc);
    });

    it.each(docTasks.map((t) => [t.code, t] as const))('task %s: comes back NFC and byte-equal to the document', (code, want) => {
      const got = view(code);
      for (const [field, value, printed] of [
        ['title', got.title, want.title],
        ['text', got.text, want.text],
        ['sectionTitle', got.sectionTitle, docSections.find((s) => s.number === want.section)!.title],
      ] as const) {
        expect(nfc(value) === value, `${code} ${field} is NFC`).toBe(true);
        expect(utf8(value).equals(utf8(printed)), `${code} ${field} bytes`).toBe(true);
      }
      // The raw file holds the item exactly so, and the response carries those bytes as they are.
      expect(rawDoc.includes(`${want.item}.${got.title}。${got.text}`), code).toBe(true);
      expect(listBytes.includes(utf8(JSON.stringify(want.title))), `${code} title on the wire`).toBe(true);
      expect(listBytes.includes(utf8(JSON.stringify(want.text))), `${code} text on the wire`).toBe(true);
    });

    it('every string in the plan and task responses is NFC', () => {
      const walk = (v: unknown, path: string): void => {
        if (typeof v === 'string') expect(nfc(v) === v, path).toBe(true);
        else if (Array.isArray(v)) for (const [i, x] of v.entries()) walk(x, `${path}/${i}`);
        else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}/${k}`);
      };
      walk(plan, 'plan');
      walk(list, 'tasks');
    });
  });

  it('met no bug (nothing reached the 500 handler)', () => {
    expect(harness.bugs).toEqual([]);
  });
});
