// The plan amended mid-year (分工调整): decide(command, state) → events, evolve(state, event) → state,
// and applyChanges(definition, changes), the one place a change is applied (the decider's state and
// projections/plan.ts both use it). Pure: the clock's reading comes in with the command.
//
// An amendment lives on the plan's own stream (plan-{planId}, after PlanAdopted) and takes effect
// from its effectiveAt. Amendments take effect in the order they are recorded: one back-dated before
// the plan's latest amendment is refused (409), so the plan key's valid time never runs backwards.

import type { Decider } from './decider.ts';
import { checkEffectiveAt } from './effective-at.ts';
import { DomainError, PlanAlreadyAdopted, RuleViolated, ValidTimeConflict } from './errors.ts';
import { asDomainEvent, type PlanAdoptedData, type PlanAmendedData, type PlanAmendmentWithdrawnData, type PlanChange } from './events.ts';
import type { AmendmentSubject } from './messages.ts';
import { monthlyReportDueDayOf, PlanDefinition, yellowLightDaysOf } from './plan.ts';

/** A change as the office asks for it; the decider fills in what stays and what was before. */
export type ChangeRequest =
  | { kind: 'task-units'; taskCode: string; leadUnits?: string[]; responsibleUnits?: string[] }
  | { kind: 'task-deadline'; taskCode: string; deadline: string | null }
  | { kind: 'indicator-target'; indicatorId: string; target: { value: string; unit?: string; comparator?: 'at_least' | 'about' | 'at_most' | 'exactly' } }
  | { kind: 'monthly-report-due-day'; day: number }
  | { kind: 'yellow-window'; days: number };

export interface PlanStreamState {
  definition: PlanDefinition | null;
  /** When the plan took effect (PlanAdopted's effectiveAt). */
  planEffectiveAt: string | null;
  /** Events in the plan's stream. */
  revision: number;
  /** Valid time of the latest amendment (withdrawn or not); null before the first. */
  lastAmendedAt: string | null;
  /** The amendments in effect (not withdrawn), oldest first. */
  amendments: { revision: number; effectiveAt: string; changes: PlanChange[] }[];
}

export const initialPlanStreamState: PlanStreamState = { definition: null, planEffectiveAt: null, revision: 0, lastAmendedAt: null, amendments: [] };

export interface WithdrawAmendment {
  type: 'WithdrawAmendment';
  revision: number;
  reason: string;
}

/** No amendment with that revision is in effect (never made, or withdrawn already). */
export class AmendmentNotFound extends DomainError<'amendment-not-found'> {
  constructor(
    readonly planId: string,
    readonly revision: number,
  ) {
    super('not-found', 'amendment-not-found', { planId, revision });
  }
}

/** Only the latest amendment in effect may be withdrawn: later ones were decided on the plan it made. */
export class AmendmentNotLatest extends DomainError<'amendment-not-latest'> {
  constructor(
    readonly revision: number,
    readonly latest: number,
  ) {
    super('conflict', 'amendment-not-latest', { revision, latest });
  }
}

/** A withdrawal would take effect before the plan's latest change (a later amendment, since withdrawn): valid time would run backwards. */
export class WithdrawalValidTimeConflict extends ValidTimeConflict {
  constructor(revision: number, effectiveAt: string, previousEffectiveAt: string) {
    super(effectiveAt, previousEffectiveAt, 'amended', { of: 'amendment-withdrawal', revision });
  }
}

/** The changes undone: each change's `before` restored, latest first. */
export function revertChanges(definition: PlanDefinition, changes: readonly PlanChange[]): PlanDefinition {
  return applyChanges(
    definition,
    [...changes].reverse().map((c) => ({ ...c, before: c.after, after: c.before }) as PlanChange),
  );
}

function decideWithdrawal(command: WithdrawAmendment, state: PlanStreamState): PlanStreamEvent[] {
  if (!state.definition) throw new RuleViolated('planId', { rule: 'plan-not-adopted' });
  const target = state.amendments.find((a) => a.revision === command.revision);
  if (!target) throw new AmendmentNotFound(state.definition.id, command.revision);
  const latest = state.amendments[state.amendments.length - 1]!;
  if (latest.revision !== command.revision) throw new AmendmentNotLatest(command.revision, latest.revision);
  if (state.lastAmendedAt !== null && Date.parse(target.effectiveAt) < Date.parse(state.lastAmendedAt)) {
    throw new WithdrawalValidTimeConflict(command.revision, target.effectiveAt, state.lastAmendedAt);
  }
  // Takes effect when the amendment did: from its recording on, every validAt reads the plan without it.
  return [
    { type: 'PlanAmendmentWithdrawn', data: { revision: command.revision, reason: command.reason, changes: target.changes }, effectiveAt: target.effectiveAt },
  ];
}

export interface AmendPlan {
  type: 'AmendPlan';
  reason: string;
  changes: ChangeRequest[];
  effectiveAt?: string;
  now: string;
}

export interface PlanAmendmentEvent {
  type: 'PlanAmended';
  data: PlanAmendedData;
  effectiveAt?: string;
}

/** A plan carried into duban: its whole definition, taking effect from `effectiveAt`. */
export interface AdoptPlan {
  type: 'AdoptPlan';
  plan: PlanDefinition;
  effectiveAt: string;
}

export type PlanStreamCommand = AdoptPlan | AmendPlan | WithdrawAmendment;

export type PlanStreamEvent =
  | { type: 'PlanAdopted'; data: PlanAdoptedData; effectiveAt: string }
  | PlanAmendmentEvent
  | { type: 'PlanAmendmentWithdrawn'; data: PlanAmendmentWithdrawnData; effectiveAt: string };

/** An amendment back-dated before the plan's latest amendment: the plan's valid time would run backwards. */
export class PlanAmendmentValidTimeConflict extends ValidTimeConflict {
  constructor(effectiveAt: string, previousEffectiveAt: string) {
    super(effectiveAt, previousEffectiveAt, 'amended', { of: 'plan-amendment' });
  }
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The definition with the changes applied (each change's `after`), in order. Does not change `definition`. */
export function applyChanges(definition: PlanDefinition, changes: readonly PlanChange[]): PlanDefinition {
  let plan = definition;
  for (const change of changes) {
    switch (change.kind) {
      case 'task-units':
        plan = {
          ...plan,
          tasks: plan.tasks.map((t) =>
            t.code === change.taskCode ? { ...t, leadUnits: [...change.after.leadUnits], responsibleUnits: [...change.after.responsibleUnits] } : t,
          ),
        };
        break;
      case 'task-deadline':
        plan = {
          ...plan,
          tasks: plan.tasks.map((t) => {
            if (t.code !== change.taskCode) return t;
            const { deadline: _old, ...rest } = t;
            return change.after === null ? rest : { ...rest, deadline: change.after };
          }),
        };
        break;
      case 'indicator-target':
        plan = { ...plan, indicators: plan.indicators.map((i) => (i.id === change.indicatorId ? { ...i, target: { ...change.after } } : i)) };
        break;
      case 'monthly-report-due-day':
        plan = { ...plan, monthlyReportDueDay: change.after };
        break;
      case 'yellow-window':
        plan = { ...plan, yellowLightDays: change.after };
        break;
    }
  }
  return plan;
}

function resolve(plan: PlanDefinition, request: ChangeRequest, at: string): PlanChange {
  const field = (name: string) => `${at}/${name}`;
  const task = (code: string) => {
    const found = plan.tasks.find((t) => t.code === code);
    if (!found) throw new RuleViolated(field('taskCode'), { rule: 'task-unknown', planId: plan.id, taskCode: code });
    return found;
  };
  const nothing = (what: AmendmentSubject) => new RuleViolated(at, { rule: 'amendment-changes-nothing', ...what });
  switch (request.kind) {
    case 'task-units': {
      const t = task(request.taskCode);
      if (request.leadUnits === undefined && request.responsibleUnits === undefined) {
        throw new RuleViolated(at, { rule: 'amendment-names-no-list' });
      }
      const known = new Set([...plan.units.map((u) => u.id), ...plan.groups.map((g) => g.id)]);
      for (const key of ['leadUnits', 'responsibleUnits'] as const) {
        const list = request[key];
        if (list === undefined) continue;
        if (key === 'leadUnits' && list.length === 0) throw new RuleViolated(field(key), { rule: 'task-needs-lead-unit' });
        list.forEach((id, i) => {
          if (!known.has(id)) throw new RuleViolated(`${field(key)}/${i}`, { rule: 'unit-or-group-unknown', planId: plan.id, unitId: id });
          if (list.indexOf(id) !== i) throw new RuleViolated(`${field(key)}/${i}`, { rule: 'unit-named-twice', unitId: id });
        });
      }
      const before = { leadUnits: [...t.leadUnits], responsibleUnits: [...t.responsibleUnits] };
      const after = { leadUnits: [...(request.leadUnits ?? t.leadUnits)], responsibleUnits: [...(request.responsibleUnits ?? t.responsibleUnits)] };
      if (sameList(before.leadUnits, after.leadUnits) && sameList(before.responsibleUnits, after.responsibleUnits))
        throw nothing({ what: 'task-units', id: t.code });
      const unitNames: Record<string, string> = {};
      for (const id of [...before.leadUnits, ...before.responsibleUnits, ...after.leadUnits, ...after.responsibleUnits]) {
        unitNames[id] = plan.units.find((u) => u.id === id)?.name ?? plan.groups.find((g) => g.id === id)?.name ?? id;
      }
      return { kind: 'task-units', taskCode: t.code, before, after, unitNames };
    }
    case 'task-deadline': {
      const t = task(request.taskCode);
      if (request.deadline !== null && request.deadline < plan.issuedOn) {
        throw new RuleViolated(field('deadline'), { rule: 'deadline-before-issue', issuedOn: plan.issuedOn });
      }
      const before = t.deadline ?? null;
      if (before === request.deadline) throw nothing({ what: 'task-deadline', id: t.code });
      return { kind: 'task-deadline', taskCode: t.code, before, after: request.deadline };
    }
    case 'indicator-target': {
      const ind = plan.indicators.find((i) => i.id === request.indicatorId);
      if (!ind) throw new RuleViolated(field('indicatorId'), { rule: 'indicator-unknown', planId: plan.id, indicatorId: request.indicatorId });
      const before = { ...ind.target };
      const after = {
        value: request.target.value,
        unit: request.target.unit ?? before.unit,
        comparator: request.target.comparator ?? before.comparator,
      };
      if (before.value === after.value && before.unit === after.unit && before.comparator === after.comparator)
        throw nothing({ what: 'indicator-target', id: ind.id });
      return { kind: 'indicator-target', indicatorId: ind.id, indicatorName: ind.name, before, after };
    }
    case 'monthly-report-due-day': {
      const before = monthlyReportDueDayOf(plan);
      if (before === request.day) throw nothing({ what: 'report-due-day' });
      return { kind: 'monthly-report-due-day', before, after: request.day };
    }
    case 'yellow-window': {
      const before = yellowLightDaysOf(plan);
      if (before === request.days) throw nothing({ what: 'yellow-window' });
      return { kind: 'yellow-window', before, after: request.days };
    }
  }
}

export function decide(command: PlanStreamCommand, state: PlanStreamState): PlanStreamEvent[] {
  if (command.type === 'AdoptPlan') {
    if (state.revision > 0) throw new PlanAlreadyAdopted(command.plan.id);
    return [{ type: 'PlanAdopted', data: { plan: command.plan }, effectiveAt: command.effectiveAt }];
  }
  if (command.type === 'WithdrawAmendment') return decideWithdrawal(command, state);
  if (!state.definition || !state.planEffectiveAt) throw new RuleViolated('planId', { rule: 'plan-not-adopted' });
  if (command.effectiveAt !== undefined) {
    const at = Date.parse(checkEffectiveAt({ effectiveAt: command.effectiveAt, now: command.now, planEffectiveAt: state.planEffectiveAt }));
    if (state.lastAmendedAt !== null && at < Date.parse(state.lastAmendedAt)) {
      throw new PlanAmendmentValidTimeConflict(command.effectiveAt, state.lastAmendedAt);
    }
  }
  let plan = state.definition;
  const changes: PlanChange[] = [];
  command.changes.forEach((request, i) => {
    const change = resolve(plan, request, `changes/${i}`);
    changes.push(change);
    plan = applyChanges(plan, [change]);
  });
  const check = PlanDefinition.safeParse(plan);
  if (!check.success)
    throw new RuleViolated('changes', { rule: 'amended-plan-invalid', issues: check.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
  return [{ type: 'PlanAmended', data: { reason: command.reason, changes }, ...(command.effectiveAt ? { effectiveAt: command.effectiveAt } : {}) }];
}

export function evolve(state: PlanStreamState, recorded: { type: string; data: unknown; effectiveAt?: string }): PlanStreamState {
  const event = asDomainEvent(recorded);
  if (event.type === 'PlanAdopted') {
    return { definition: event.data.plan, planEffectiveAt: event.effectiveAt ?? null, revision: state.revision + 1, lastAmendedAt: null, amendments: [] };
  }
  if (event.type === 'PlanAmended' && state.definition) {
    const changes = event.data.changes;
    const effectiveAt = event.effectiveAt ?? state.lastAmendedAt ?? '';
    return {
      ...state,
      definition: applyChanges(state.definition, changes),
      revision: state.revision + 1,
      lastAmendedAt: effectiveAt,
      amendments: [...state.amendments, { revision: state.revision, effectiveAt, changes }],
    };
  }
  if (event.type === 'PlanAmendmentWithdrawn' && state.definition) {
    const { revision } = event.data;
    const target = state.amendments.find((a) => a.revision === revision);
    return {
      ...state,
      definition: target ? revertChanges(state.definition, target.changes) : state.definition,
      revision: state.revision + 1,
      amendments: state.amendments.filter((a) => a.revision !== revision),
    };
  }
  return { ...state, revision: state.revision + 1 };
}

/** The plan's own stream: its adoption, amendments and their withdrawals. */
export const planDecider: Decider<PlanStreamCommand, PlanStreamEvent, PlanStreamState> = { initialState: () => initialPlanStreamState, evolve, decide };

const comparatorWords: Record<string, string> = { at_least: '不少于', about: '约', at_most: '不超过', exactly: '' };
const targetText = (t: { value: string; unit: string; comparator: string }) => `${comparatorWords[t.comparator] ?? ''}${t.value}${t.unit}`;

/** A change in one readable Chinese line, before → after. */
export function describeChange(change: PlanChange): string {
  switch (change.kind) {
    case 'task-units': {
      const names = (ids: readonly string[]) => (ids.length ? ids.map((id) => change.unitNames[id] ?? id).join('、') : '（无）');
      const parts: string[] = [];
      if (!sameList(change.before.leadUnits, change.after.leadUnits))
        parts.push(`牵头单位 ${names(change.before.leadUnits)} → ${names(change.after.leadUnits)}`);
      if (!sameList(change.before.responsibleUnits, change.after.responsibleUnits)) {
        parts.push(`责任单位 ${names(change.before.responsibleUnits)} → ${names(change.after.responsibleUnits)}`);
      }
      return `任务 ${change.taskCode} ${parts.join('，')}`;
    }
    case 'task-deadline':
      return `任务 ${change.taskCode} 完成时限 ${change.before ?? '（未定）'} → ${change.after ?? '（未定）'}`;
    case 'indicator-target':
      return `指标 ${change.indicatorId}（${change.indicatorName}）目标 ${targetText(change.before)} → ${targetText(change.after)}`;
    case 'monthly-report-due-day':
      return `月度报送截止日 每月${change.before}日 → 每月${change.after}日`;
    case 'yellow-window':
      return `黄灯提前期 ${change.before}天 → ${change.after}天`;
  }
}

/** The change's before and after as plain strings (the audit trail's StateChange). */
export function changeValues(change: PlanChange): { field: string; before: string | null; after: string | null } {
  switch (change.kind) {
    case 'task-units': {
      const v = (x: { leadUnits: string[]; responsibleUnits: string[] }) => `牵头:${x.leadUnits.join(',')};责任:${x.responsibleUnits.join(',')}`;
      return { field: `task ${change.taskCode} units`, before: v(change.before), after: v(change.after) };
    }
    case 'task-deadline':
      return { field: `task ${change.taskCode} deadline`, before: change.before, after: change.after };
    case 'indicator-target':
      return { field: `indicator ${change.indicatorId} target`, before: targetText(change.before), after: targetText(change.after) };
    case 'monthly-report-due-day':
      return { field: 'monthlyReportDueDay', before: String(change.before), after: String(change.after) };
    case 'yellow-window':
      return { field: 'yellowLightDays', before: String(change.before), after: String(change.after) };
  }
}
