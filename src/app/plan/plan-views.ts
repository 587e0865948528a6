// Building the plan and task views from the projections' records.

import type { z } from 'zod';
import type { AdoptedPlan } from '../../../projections/plan.ts';
import type { TaskStatusRecord } from '../../../projections/task.ts';
import type { PlanDefinition, TaskDefinition } from '../../domain/plan.ts';
import { allowedFrom } from '../../domain/task-status.ts';
import type { PlanSummary, PlanView, TaskView, UnitRef } from '../views.ts';

function adoptionOf(plan: AdoptedPlan) {
  return { recordedAt: plan.recordedAt, effectiveAt: plan.effectiveAt, adoptedBy: plan.adoptedBy, globalPosition: plan.globalPosition };
}

export function planView(plan: AdoptedPlan): Omit<PlanView, 'asOf' | 'validAt' | 'position'> {
  return { ...plan.definition, adoption: adoptionOf(plan) };
}

export function planSummary(plan: AdoptedPlan): z.output<typeof PlanSummary> {
  const d = plan.definition;
  return {
    id: d.id,
    title: d.title,
    issuer: d.issuer,
    issuedOn: d.issuedOn,
    timeZone: d.timeZone,
    taskCount: d.tasks.length,
    indicatorCount: d.indicators.length,
    adoption: adoptionOf(plan),
  };
}

/**
 * A plan's units, groups, section titles and indicators by key, made once per plan definition (the
 * read model hands out one object per plan version): every task view names its units, and looking
 * each one up in the lists cost a scan per unit and per group member on every request.
 */
interface PlanIndex {
  unitNames: Map<string, string>;
  groups: Map<string, PlanDefinition['groups'][number]>;
  sectionTitles: Map<PlanDefinition['sections'][number]['number'], string>;
  indicators: Map<string, PlanDefinition['indicators']>;
}

const indexes = new WeakMap<PlanDefinition, PlanIndex>();

function indexOf(plan: PlanDefinition): PlanIndex {
  let index = indexes.get(plan);
  if (index) return index;
  index = { unitNames: new Map(), groups: new Map(), sectionTitles: new Map(), indicators: new Map() };
  // The first of equal keys wins, as find() would.
  for (const u of plan.units) if (!index.unitNames.has(u.id)) index.unitNames.set(u.id, u.name);
  for (const g of plan.groups) if (!index.groups.has(g.id)) index.groups.set(g.id, g);
  for (const s of plan.sections) if (!index.sectionTitles.has(s.number)) index.sectionTitles.set(s.number, s.title);
  for (const i of plan.indicators) {
    const list = index.indicators.get(i.taskCode);
    if (list) list.push(i);
    else index.indicators.set(i.taskCode, [i]);
  }
  indexes.set(plan, index);
  return index;
}

/** The name of a unit of the plan; undefined when the plan lists no such unit. */
export function unitName(plan: PlanDefinition, id: string): string | undefined {
  return indexOf(plan).unitNames.get(id);
}

/** A group (the leading group, say) of the plan; undefined when the plan has no such group. */
export function groupOf(plan: PlanDefinition, id: string): PlanDefinition['groups'][number] | undefined {
  return indexOf(plan).groups.get(id);
}

/** The plan's indicators of a task, in plan order: shared, not to be changed (copy it to hand it out). */
export function taskIndicators(plan: PlanDefinition, code: string): readonly PlanDefinition['indicators'][number][] {
  return indexOf(plan).indicators.get(code) ?? [];
}

export function unitRef(plan: PlanDefinition, id: string): z.output<typeof UnitRef> {
  const group = groupOf(plan, id);
  if (group) {
    return {
      id,
      name: group.name,
      kind: 'group',
      members: group.members.map((m) => ({ id: m, name: unitName(plan, m) ?? m })),
    };
  }
  return { id, name: unitName(plan, id) ?? id, kind: 'unit' };
}

export function taskView(plan: PlanDefinition, task: TaskDefinition, record: TaskStatusRecord): TaskView {
  return {
    planId: plan.id,
    code: task.code,
    section: task.section,
    sectionTitle: indexOf(plan).sectionTitles.get(task.section) ?? '',
    title: task.title,
    text: task.text,
    status: record.status,
    allowedTransitions: [...allowedFrom(record.status)],
    since: record.since,
    recordedAt: record.recordedAt,
    changedBy: record.changedBy,
    reason: record.reason,
    evidence: record.evidence,
    leadUnits: task.leadUnits.map((id) => unitRef(plan, id)),
    responsibleUnits: task.responsibleUnits.map((id) => unitRef(plan, id)),
    ...(task.deadline ? { deadline: task.deadline } : {}),
    // A copy: the view is the caller's to change.
    indicators: [...taskIndicators(plan, task.code)],
    revision: record.revision,
    globalPosition: record.globalPosition,
  };
}
