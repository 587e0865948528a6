// Inspections and supervision visits (检查, 督办, 视察): recorded by the office with their findings,
// whose action items are folded out by projections/action-items.ts; withdrawn (撤回) with them.
import { streams } from '../../domain/events.ts';
import { decide, evolve, initialInspectionState, InspectionNotFound, inspectionKindLabels, type InspectionKind, type RecordInspection, type WithdrawInspection } from '../../domain/inspection.ts';
import type { Actor } from '../../store/event-store.ts';
import { appendDecided, retryOnConflict } from '../append-decided.ts';
import type { AppContext } from '../context.ts';
import { localActor } from '../context.ts';
import { planAt } from '../plan/plan-queries.ts';
import type { ReadQuery } from '../reading.ts';
import { toInstant } from '../time.ts';
import { actionItemView, inspectionView } from './meeting-views.ts';
import { laterOf } from './meetings.ts';
import { actionItemsAt, inspectionsAt, latest } from './supervision-reads.ts';

async function write(ctx: AppContext, planId: string, inspectionId: string, actor: Actor, command: (now: string, planEffectiveAt: string) => Promise<RecordInspection | WithdrawInspection>) {
  const streamId = streams.inspection(planId, inspectionId);
  const position = await retryOnConflict(async () => {
    const { plan } = await planAt(ctx, planId, {});
    const stream = await ctx.store.readStream(streamId);
    const state = stream.reduce(evolve, initialInspectionState);
    const events = decide(await command(toInstant(ctx.clock()), plan.effectiveAt), state, inspectionId, planId);
    return (await appendDecided(ctx, streamId, planId, events, actor, stream.length)).lastPosition;
  });
  const { plan } = await planAt(ctx, planId, { minPosition: position });
  const [record] = await inspectionsAt(ctx, planId, { position, validAt: latest.validAt }, [inspectionId]);
  return { def: plan.definition, record: record!, position };
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
  const findings = input.findings.map((f) => ({ text: f.text, taskCodes: f.taskCodes ?? [], actionItems: (f.actionItems ?? []).map((a) => ({ itemId: ctx.newId(), ...a })) }));
  const { def, record, position } = await write(ctx, input.planId, inspectionId, input.actor ?? localActor, async (now, planEffectiveAt) => {
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
  });
  const ids = findings.flatMap((f) => f.actionItems.map((a) => a.itemId));
  const items = await actionItemsAt(ctx, input.planId, { position, validAt: latest.validAt }, ids);
  const now = toInstant(ctx.clock());
  return { inspectionId, inspection: inspectionView(def, record), actionItems: items.map((i) => actionItemView(def, i, now)), globalPosition: position };
}

export interface WithdrawInspectionInput {
  planId: string;
  inspectionId: string;
  reason: string;
  effectiveAt?: string;
  actor?: Actor;
}

export async function withdrawInspection(ctx: AppContext, input: WithdrawInspectionInput) {
  const { def, record, position } = await write(ctx, input.planId, input.inspectionId, input.actor ?? localActor, async (now, planEffectiveAt) => {
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
  });
  return { inspection: inspectionView(def, record), withdrawnActionItems: record.findings.flatMap((f) => f.actionItems.map((a) => a.itemId)), globalPosition: position };
}

export interface InspectionQuery extends ReadQuery {
  kind?: InspectionKind;
}

export async function listInspections(ctx: AppContext, planId: string, query: InspectionQuery) {
  const { plan, reading } = await planAt(ctx, planId, query);
  const records = (await inspectionsAt(ctx, planId, reading)).filter((r) => !query.kind || r.kind === query.kind).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { planId, items: records.map((r) => inspectionView(plan.definition, r)), ...reading };
}

export async function getInspection(ctx: AppContext, planId: string, inspectionId: string, query: ReadQuery) {
  const { plan, reading } = await planAt(ctx, planId, query);
  const [record] = await inspectionsAt(ctx, planId, reading, [inspectionId]);
  if (!record) throw new InspectionNotFound(planId, inspectionId);
  return { ...inspectionView(plan.definition, record), ...reading };
}
