// Building the plan and task views from the projections' records.
import type { PlanDefinition, TaskDefinition } from '../../domain/plan.ts';
import { allowedFrom } from '../../domain/task-status.ts';
import type { AdoptedPlan } from '../../../projections/plan-catalogue.ts';
import type { TaskStatusRecord } from '../../../projections/task-status.ts';
import type { z } from 'zod';
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

export function unitRef(plan: PlanDefinition, id: string): z.output<typeof UnitRef> {
  const group = plan.groups.find((g) => g.id === id);
  if (group) {
    return {
      id,
      name: group.name,
      kind: 'group',
      members: group.members.map((m) => ({ id: m, name: plan.units.find((u) => u.id === m)?.name ?? m })),
    };
  }
  return { id, name: plan.units.find((u) => u.id === id)?.name ?? id, kind: 'unit' };
}

export function taskView(plan: PlanDefinition, task: TaskDefinition, record: TaskStatusRecord): TaskView {
  return {
    planId: plan.id,
    code: task.code,
    section: task.section,
    sectionTitle: plan.sections.find((s) => s.number === task.section)?.title ?? '',
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
    indicators: plan.indicators.filter((i) => i.taskCode === task.code),
    revision: record.revision,
    globalPosition: record.globalPosition,
  };
}
