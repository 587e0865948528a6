// Inspections and supervision visits (检查, 督办, 视察): recorded by the office with their findings,
// whose action items are folded out by projections/action-item.ts; withdrawn (撤回) with them.

import type { InspectionRecord } from '../../../projections/inspection.ts';
import type { AdoptedPlan } from '../../../projections/plan.ts';
import { streams } from '../../domain/events.ts';
import {
  type InspectionCommand,
  type InspectionKind,
  InspectionNotFound,
  inspectionDecider,
  inspectionKindLabels,
  type RecordInspection,
} from '../../domain/inspection.ts';
import type { Actor } from '../../store/event-store.ts';
import { handleCommand } from '../command-handler.ts';
import type { AppContext } from '../context.ts';
import { localActor } from '../context.ts';
import { laterOf } from '../meeting/meeting.ts';
import { actionItemView, inspectionView } from '../meeting/meeting-views.ts';
import { actionItemsAt, inspectionsAt, latest } from '../meeting/supervision-reads.ts';
import { planAt } from '../plan/plan-queries.ts';
import type { ReadQuery } from '../reading.ts';
import { toInstant } from '../time.ts';

/** An inspection's command without its address: the inspection and its plan are added by write. */
type Unaddressed<C> = C extends unknown ? Omit<C, 'planId' | 'inspectionId'> : never;

/** A command on the inspection's stream through the command handler; `respond` gets the inspection as it stands after it. */
async function write<R>(
  ctx: AppContext,
  planId: string,
  inspectionId: string,
  actor: Actor,
  command: (now: string, planEffectiveAt: string) => Promise<Unaddressed<InspectionCommand>>,
  respond: (after: { def: AdoptedPlan['definition']; record: InspectionRecord; position: number }) => R | Promise<R>,
) {
  const { plan } = await planAt(ctx, planId, {});
  return handleCommand(
    ctx,
    {
      decider: inspectionDecider,
      streamId: streams.inspection(planId, inspectionId),
      planId,
      actor,
      command: async () => ({ ...(await command(toInstant(ctx.clock()), plan.effectiveAt)), planId, inspectionId }) as InspectionCommand,
    },
    async ({ position }) => {
      const { plan: now } = await planAt(ctx, planId, { minPosition: position });
      const [record] = await inspectionsAt(ctx, planId, { position, validAt: latest.validAt }, [inspectionId]);
      return respond({ def: now.definition, record: record!, position });
    },
  );
}

export interface RecordInspectionInput {
  planId: string;
  kind: InspectionKind;
  title?: string;
  who: RecordInspection['who'];
  tasks: string[];
  units: string[];
  findings: { text: string; taskCodes?: string[]; actionItems?: { unitId: string; dueDate: string; text: string }[] }[];
  effectiveAt?: string;
  actor?: Actor;
}

export async function recordInspection(ctx: AppContext, input: RecordInspectionInput) {
  const { plan } = await planAt(ctx, input.planId, {});
  const inspectionId = ctx.newId();
  const findings = input.findings.map((f) => ({
    text: f.text,
    taskCodes: f.taskCodes ?? [],
    actionItems: (f.actionItems ?? []).map((a) => ({ itemId: ctx.newId(), ...a })),
  }));
  return write(
    ctx,
    input.planId,
    inspectionId,
    input.actor ?? localActor,
    async (now, planEffectiveAt) => {
      const at = input.effectiveAt ? toInstant(input.effectiveAt) : now;
      return {
        type: 'RecordInspection',
        inspectionId,
        plan: plan.definition,
        kind: input.kind,
        title: input.title ?? `${inspectionKindLabels[input.kind]}（${at.slice(0, 10)}）`,
        who: input.who,
        tasks: input.tasks,
        units: input.units,
        findings,
        ...(input.effectiveAt ? { effectiveAt: at } : {}),
        now,
        planEffectiveAt,
      };
    },
    async ({ def, record, position }) => {
      const ids = findings.flatMap((f) => f.actionItems.map((a) => a.itemId));
      const items = await actionItemsAt(ctx, input.planId, { position, validAt: latest.validAt }, ids);
      const now = toInstant(ctx.clock());
      return { inspectionId, inspection: inspectionView(def, record), actionItems: items.map((i) => actionItemView(def, i, now)), globalPosition: position };
    },
  );
}

export interface WithdrawInspectionInput {
  planId: string;
  inspectionId: string;
  reason: string;
  effectiveAt?: string;
  actor?: Actor;
}

export async function withdrawInspection(ctx: AppContext, input: WithdrawInspectionInput) {
  return write(
    ctx,
    input.planId,
    input.inspectionId,
    input.actor ?? localActor,
    async (now, planEffectiveAt) => {
      const [current] = await inspectionsAt(ctx, input.planId, latest, [input.inspectionId]);
      const ids = current?.findings.flatMap((f) => f.actionItems.map((a) => a.itemId)) ?? [];
      const items = ids.length ? await actionItemsAt(ctx, input.planId, latest, ids) : [];
      return {
        type: 'WithdrawInspection',
        reason: input.reason,
        itemsLastEffectiveAt: laterOf(items.map((i) => i.lastEffectiveAt)),
        ...(input.effectiveAt ? { effectiveAt: toInstant(input.effectiveAt) } : {}),
        now,
        planEffectiveAt,
      };
    },
    ({ def, record, position }) => ({
      inspection: inspectionView(def, record),
      withdrawnActionItems: record.findings.flatMap((f) => f.actionItems.map((a) => a.itemId)),
      globalPosition: position,
    }),
  );
}

export interface InspectionQuery extends ReadQuery {
  kind?: InspectionKind;
}

export async function listInspections(ctx: AppContext, planId: string, query: InspectionQuery) {
  const { plan, reading } = await planAt(ctx, planId, query);
  const records = (await inspectionsAt(ctx, planId, reading))
    .filter((r) => !query.kind || r.kind === query.kind)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { planId, items: records.map((r) => inspectionView(plan.definition, r)), ...reading };
}

export async function getInspection(ctx: AppContext, planId: string, inspectionId: string, query: ReadQuery) {
  const { plan, reading } = await planAt(ctx, planId, query);
  const [record] = await inspectionsAt(ctx, planId, reading, [inspectionId]);
  if (!record) throw new InspectionNotFound(planId, inspectionId);
  return { ...inspectionView(plan.definition, record), ...reading };
}
