// Inspections and supervision visits (检查, 督办, 视察): who came (city leaders, CPPCC members, the
// office …), when (effectiveAt), which tasks and units, and the findings — a finding may raise action
// items (src/domain/action-item.ts). One InspectionRecorded on `inspection-{planId}:{inspectionId}`;
// a mistaken record is withdrawn (撤回) with its items. Pure; only the office records.
import { z } from 'zod';
import { AssignedActionItem, checkAssignedItems } from './action-item.ts';
import type { Decider } from './decider.ts';
import { checkEffectiveAt } from './effective-at.ts';
import { DomainError, ValidTimeConflict } from './errors.ts';
import { narrowTo } from './event-envelope.ts';
import { checkTaskCodes, checkUnitIds } from './meeting.ts';
import type { PlanDefinition } from './plan.ts';
import { IdString, MAX_LISTED, MultilineText, Name, ShownText, Text } from './text.ts';

export const InspectionKind = z.enum(['inspection', 'supervision', 'visit']).describe('inspection 检查, supervision 督办, visit 视察.');
export type InspectionKind = z.output<typeof InspectionKind>;
export const inspectionKindLabels: Record<InspectionKind, string> = { inspection: '检查', supervision: '督办', visit: '视察' };

export const InspectorRole = z
  .enum(['city_leader', 'cppcc_member', 'office', 'other'])
  .describe('city_leader 市领导, cppcc_member 市政协委员, office 领导小组办公室, other 其他.');
export const inspectorRoleLabels: Record<z.output<typeof InspectorRole>, string> = {
  city_leader: '市领导',
  cppcc_member: '市政协委员',
  office: '领导小组办公室',
  other: '其他',
};

export const Inspector = z.object({ name: Name, title: Text, role: InspectorRole });

export const InspectionFinding = z.object({
  /** f1, f2 … in the record's order. */
  findingId: IdString,
  text: MultilineText,
  taskCodes: z.array(ShownText).max(MAX_LISTED),
  actionItems: z.array(AssignedActionItem).max(MAX_LISTED),
});

export const InspectionRecordedData = z.object({
  inspectionId: IdString,
  kind: InspectionKind,
  title: Text,
  who: z.array(Inspector).max(MAX_LISTED),
  tasks: z.array(ShownText).max(MAX_LISTED),
  units: z.array(ShownText).max(MAX_LISTED),
  findings: z.array(InspectionFinding).max(MAX_LISTED),
});
export type InspectionRecordedData = z.output<typeof InspectionRecordedData>;

export const InspectionWithdrawnData = z.object({
  inspectionId: IdString,
  title: Text,
  reason: MultilineText,
  actionItemIds: z.array(ShownText).max(MAX_LISTED),
});
export type InspectionWithdrawnData = z.output<typeof InspectionWithdrawnData>;

export interface InspectionState {
  revision: number;
  status: 'none' | 'recorded' | 'withdrawn';
  title: string;
  lastEffectiveAt: string | null;
  actionItemIds: string[];
}
export const initialInspectionState: InspectionState = { revision: 0, status: 'none', title: '', lastEffectiveAt: null, actionItemIds: [] };

export class InspectionNotFound extends DomainError<'inspection-not-found'> {
  constructor(
    readonly planId: string,
    readonly inspectionId: string,
  ) {
    super('not-found', 'inspection-not-found', { planId, inspectionId });
  }
}

export class InspectionStateConflict extends DomainError<'inspection-state-conflict'> {
  constructor(readonly inspectionId: string) {
    super('conflict', 'inspection-state-conflict', { inspectionId });
  }
}

export class InspectionValidTimeConflict extends ValidTimeConflict {
  constructor(effectiveAt: string, previousEffectiveAt: string) {
    super(effectiveAt, previousEffectiveAt, 'recorded', { of: 'inspection' });
  }
}

interface Timing {
  /** The inspection the command is about, and its plan. */
  planId: string;
  inspectionId: string;
  effectiveAt?: string;
  now: string;
  planEffectiveAt: string;
}

export interface RecordInspection extends Timing {
  type: 'RecordInspection';
  inspectionId: string;
  plan: Pick<PlanDefinition, 'units' | 'groups' | 'tasks' | 'timeZone'>;
  kind: InspectionKind;
  title: string;
  who: { name: string; title: string; role: z.output<typeof InspectorRole> }[];
  tasks: string[];
  units: string[];
  findings: { text: string; taskCodes: string[]; actionItems: AssignedActionItem[] }[];
}

export interface WithdrawInspection extends Timing {
  type: 'WithdrawInspection';
  reason: string;
  itemsLastEffectiveAt: string | null;
}

export type InspectionEvent =
  | { type: 'InspectionRecorded'; data: InspectionRecordedData; effectiveAt?: string }
  | { type: 'InspectionWithdrawn'; data: InspectionWithdrawnData; effectiveAt?: string };

export type InspectionCommand = RecordInspection | WithdrawInspection;

export function decide(command: InspectionCommand, state: InspectionState): InspectionEvent[] {
  const { inspectionId, planId } = command;
  const at = checkEffectiveAt({
    ...(command.effectiveAt ? { effectiveAt: command.effectiveAt } : {}),
    now: command.now,
    planEffectiveAt: command.planEffectiveAt,
    maxBackdateDays: null,
  });
  const eff = command.effectiveAt ? { effectiveAt: command.effectiveAt } : {};
  if (command.type === 'RecordInspection') {
    const { plan } = command;
    checkTaskCodes(plan, command.tasks, 'tasks');
    checkUnitIds(plan, command.units, (i) => `units/${i}`, true);
    command.findings.forEach((f, i) => {
      checkTaskCodes(plan, f.taskCodes, `findings/${i}/taskCodes`);
      checkAssignedItems(plan, f.actionItems, `findings/${i}/actionItems`, at);
    });
    const data: InspectionRecordedData = {
      inspectionId: command.inspectionId,
      kind: command.kind,
      title: command.title,
      who: command.who,
      tasks: command.tasks,
      units: command.units,
      findings: command.findings.map((f, i) => ({ findingId: `f${i + 1}`, text: f.text, taskCodes: f.taskCodes, actionItems: f.actionItems })),
    };
    return [{ type: 'InspectionRecorded', data, ...eff }];
  }
  if (state.status === 'none') throw new InspectionNotFound(planId, inspectionId);
  if (state.status === 'withdrawn') throw new InspectionStateConflict(inspectionId);
  const latest = [state.lastEffectiveAt, command.itemsLastEffectiveAt].filter((x): x is string => !!x).sort((a, b) => Date.parse(b) - Date.parse(a))[0];
  if (latest && Date.parse(at) < Date.parse(latest)) throw new InspectionValidTimeConflict(at, latest);
  return [{ type: 'InspectionWithdrawn', data: { inspectionId, title: state.title, reason: command.reason, actionItemIds: state.actionItemIds }, ...eff }];
}

// Its stream holds its own events only (src/domain/events.ts names them with their data types, so
// this module cannot take the whole DomainEvent union without a cycle).
const asInspectionEvent = narrowTo<InspectionEvent>();

export function evolve(state: InspectionState, recorded: { type: string; data: unknown; effectiveAt: string }): InspectionState {
  const event = asInspectionEvent(recorded);
  if (event.type === 'InspectionRecorded') {
    const data = event.data;
    return {
      revision: state.revision + 1,
      status: 'recorded',
      title: data.title,
      lastEffectiveAt: event.effectiveAt,
      actionItemIds: data.findings.flatMap((f) => f.actionItems.map((a) => a.itemId)),
    };
  }
  if (event.type === 'InspectionWithdrawn') return { ...state, revision: state.revision + 1, status: 'withdrawn', lastEffectiveAt: event.effectiveAt };
  return { ...state, revision: state.revision + 1 };
}

export const inspectionDecider: Decider<InspectionCommand, InspectionEvent, InspectionState> = { initialState: () => initialInspectionState, evolve, decide };
