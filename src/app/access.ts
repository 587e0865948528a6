// Who may do what (issue: tokens, roles, unit scoping). Each route declares one rule; this decides
// it for a caller, with a reason that names the rule when the answer is no.
//   office      every read and every write (the only one for write-office: the leading group's replacements)
//   unit        reads its own plan; writes only what is its own (status of tasks it leads)
//   supervisor  every read (audit trail, event feed, verify included)
//   cppcc       every read; writes the satisfaction evaluation (write-cppcc, with the office)
// Across all of them, a token's scope: the plans it is for, or the whole store. A call naming a plan
// outside it is refused; the store-wide feeds give only what the scope covers (eventScope), and the
// store's own events (tokens, digests: plan `_system`) only to a store-wide office token.
// What a unit changes on an existing record (a value, a report) is also checked by the record's
// decider: a unit changes only what it recorded (NotOwnRecord, 403).
import { PlanNotFound } from '../domain/errors.ts';
import { SYSTEM_PLAN_ID } from '../domain/events.ts';
import type { AccessRefusal } from '../domain/messages.ts';
import { expandUnits } from '../domain/plan.ts';
import { unitsOf } from '../domain/token.ts';
import { currentActionItem } from './action-item/action-item.ts';
import type { AppContext } from './context.ts';
import { eventScope, scopeCovers } from './event-scope.ts';
import { findIndicator } from './indicator/indicator-queries.ts';
import { planAt } from './plan/plan-queries.ts';
import { groupOf, unitName } from './plan/plan-views.ts';
import { findTask } from './task/task-queries.ts';
import type { Principal } from './token/token-queries.ts';

export type AccessRule =
  | { kind: 'public' }
  /** Any caller with a token: a list that names only what every caller may know of (the plans). */
  | { kind: 'signed-in' }
  /** Reads of one plan (its id in the path or the query); a unit reads only its own plan. */
  | { kind: 'read-plan' }
  /**
   * A plan's read that is public when the query asks for what was published (a published bulletin:
   * `?published=true`), since the plan asks that results be made public (及时公开办理成效): anyone
   * reads it, no token needed. Otherwise read-plan.
   */
  | { kind: 'read-plan-or-published'; query: string; value: string }
  /**
   * Reads across the whole store. scoped: the feed and the audit trail, which every caller reads as far
   * as its scope covers (the handler filters by eventScope). Not scoped: verify, which walks the whole
   * store and so is for store-wide tokens of any role but unit.
   */
  | { kind: 'read-store'; scoped: boolean }
  /** A task's status: the office, or a unit that leads the task in the plan as amended by the write's effectiveAt. */
  | { kind: 'write-task-lead' }
  /** Writes only the office (办公室) makes: the leading group's replacements (递补). */
  | { kind: 'write-office' }
  /** A write about a task's work (an indicator's values): the office, or a unit that leads the task or is responsible for it (directly or through a group). */
  | { kind: 'write-task-member' }
  /** What a unit writes for itself (its handling plan): the unit named by the path's unitId, or the office. */
  | { kind: 'write-own-unit' }
  /** What the CPPCC (市政协) records, its satisfaction evaluation (满意度测评): a cppcc token, or the office recording it for them. */
  | { kind: 'write-cppcc' }
  /** An action item's closure (督办事项办结): the office, or the unit it is assigned to (looked up through the read model). */
  | { kind: 'write-action-item-unit' };

/** What a call is about, from its path (and query): the rule looks the task up from it. */
export interface AccessTarget {
  planId?: string;
  code?: string;
  indicatorId?: string;
  unitId?: string;
  /** An action item's id (write-action-item-unit looks its unit up). */
  itemId?: string;
  /** The write's effectiveAt, when the body gives one (write-task-lead reads the plan as it stood then). */
  effectiveAt?: string;
}

/** Whether a call needs no token at all: a public route, or a published read (read-plan-or-published with its query value). */
export function isPublicCall(rule: AccessRule, query: (name: string) => string | undefined): boolean {
  if (rule.kind === 'public') return true;
  return rule.kind === 'read-plan-or-published' && query(rule.query) === rule.value;
}

/** Allowed, or refused with the rule that refused and why (its texts in src/domain/messages.ts). */
export type Decision = { ok: true } | { ok: false; rule: string; reason: AccessRefusal };

const no = (reason: AccessRefusal): Decision => ({ ok: false, rule: reason.rule, reason });

export async function authorize(ctx: AppContext, who: Principal, rule: AccessRule, target: AccessTarget): Promise<Decision> {
  if (rule.kind === 'public' || rule.kind === 'signed-in') return { ok: true };
  if (target.planId !== undefined && !inScope(who, target.planId)) {
    return who.planIds !== undefined
      ? no({ rule: 'token-plan', access: 'bound-elsewhere', boundTo: who.planIds, planId: target.planId })
      : no({ rule: 'token-plan', access: 'system-events', planId: SYSTEM_PLAN_ID });
  }
  if (rule.kind === 'read-plan' || rule.kind === 'read-plan-or-published') {
    if (who.role === 'unit' && target.planId === undefined) return no({ rule: 'unit-reads-own-plan', access: 'name-it' });
    return { ok: true };
  }
  if (rule.kind === 'read-store') {
    if (rule.scoped) return { ok: true };
    if (who.role === 'unit') {
      return no({ rule: 'unit-reads-own-plan', access: 'whole-store' });
    }
    if (who.planIds !== undefined) {
      return no({ rule: 'store-wide-token', access: 'whole-store', boundTo: who.planIds });
    }
    return { ok: true };
  }
  if (rule.kind === 'write-office') {
    if (who.role === 'office') return { ok: true };
    return no({ rule: 'write-office', access: 'role', role: who.role });
  }
  if (rule.kind === 'write-task-member') return writeTaskMember(ctx, who, target);
  if (rule.kind === 'write-cppcc') {
    if (who.role === 'office' || who.role === 'cppcc') return { ok: true };
    return no({ rule: 'write-cppcc', access: 'role', role: who.role });
  }
  if (rule.kind === 'write-action-item-unit') {
    if (who.role === 'office') return { ok: true };
    if (who.role !== 'unit') return no({ rule: 'write-action-item-unit', access: 'role', role: who.role });
    if (target.planId === undefined || target.itemId === undefined) return no({ rule: 'write-action-item-unit', access: 'unnamed' });
    const item = await currentActionItem(ctx, target.planId, target.itemId);
    if (item.unitId === who.unitId) return { ok: true };
    return no({ rule: 'write-action-item-unit', access: 'other-unit', itemId: item.itemId, assignedTo: item.unitId, unitId: who.unitId ?? '-' });
  }
  if (rule.kind === 'write-own-unit') {
    if (who.role === 'office') return { ok: true };
    if (who.role === 'unit' && target.unitId !== undefined && who.unitId === target.unitId) return { ok: true };
    return no(
      who.role === 'unit'
        ? { rule: 'write-own-unit', access: 'other-unit', unitId: who.unitId ?? '-', forUnit: target.unitId ?? null }
        : { rule: 'write-own-unit', access: 'role', role: who.role },
    );
  }
  // write-task-lead
  if (who.role === 'office') return { ok: true };
  if (who.role !== 'unit') {
    return no({ rule: 'task-status-by-office-or-lead', access: 'role', role: who.role });
  }
  if (target.planId === undefined || target.code === undefined) return no({ rule: 'task-status-by-office-or-lead', access: 'unnamed' });
  const plan = await planAsWritten(ctx, target.planId, target.effectiveAt);
  const task = findTask(plan, target.code);
  const mine = unitsOf(plan.definition, who.unitId!);
  if (task.leadUnits.some((u) => mine.includes(u) || expandUnits(plan.definition, [u]).includes(who.unitId!))) return { ok: true };
  const leads = task.leadUnits.map((u) => unitName(plan.definition, u) ?? u).join('、');
  return no({ rule: 'task-status-by-office-or-lead', access: 'other-unit', unitId: who.unitId!, taskCode: task.code, leads });
}

/** Whether the caller's scope covers the plan (the store's own `_system`: a store-wide office token only). */
export function inScope(who: Pick<Principal, 'planIds' | 'role'>, planId: string): boolean {
  return scopeCovers(eventScope(who), planId);
}

/**
 * The plan as amended by a write's effectiveAt (valid time), as recorded now: a back-dated status change
 * is judged by who led the task then. Without one, or when the plan was not in effect at it (the write
 * is then refused for its effectiveAt anyway), the plan as it stands now.
 */
async function planAsWritten(ctx: AppContext, planId: string, effectiveAt: string | undefined) {
  if (effectiveAt !== undefined) {
    try {
      return (await planAt(ctx, planId, { validAt: effectiveAt })).plan;
    } catch (error) {
      if (!(error instanceof PlanNotFound)) throw error;
    }
  }
  return (await planAt(ctx, planId, {})).plan;
}

/** An indicator's values: the office, or a unit that leads the indicator's task or is responsible for it. */
async function writeTaskMember(ctx: AppContext, who: Principal, target: AccessTarget): Promise<Decision> {
  // About an indicator (its values) or about a task itself (its progress reports): the task's units may write.
  const RULE = target.indicatorId !== undefined ? 'indicator-by-office-or-task-unit' : 'write-task-member';
  if (who.role === 'office') return { ok: true };
  if (who.role !== 'unit') {
    return no({ rule: RULE, access: 'role', role: who.role });
  }
  if (target.planId === undefined || (target.indicatorId === undefined && target.code === undefined)) return no({ rule: RULE, access: 'unnamed' });
  const { plan } = await planAt(ctx, target.planId, {});
  const task = findTask(plan, target.indicatorId !== undefined ? findIndicator(plan, target.indicatorId).taskCode : target.code!);
  const mine = unitsOf(plan.definition, who.unitId!);
  const units = [...task.leadUnits, ...task.responsibleUnits];
  if (units.some((u) => mine.includes(u) || expandUnits(plan.definition, [u]).includes(who.unitId!))) return { ok: true };
  const names = (ids: string[]) => ids.map((u) => unitName(plan.definition, u) ?? groupOf(plan.definition, u)?.name ?? u).join('、');
  return no({
    rule: RULE,
    access: 'other-unit',
    unitId: who.unitId!,
    taskCode: task.code,
    leads: names(task.leadUnits),
    responsible: names(task.responsibleUnits),
  });
}
