// The satisfaction evaluation (满意度测评) by the CPPCC: the list at a reading (per task in the plan's
// order, and overall, each with its current rating, and counts per rating), an evaluation (a later one
// of the same scope replaces the earlier), its withdrawal (撤回), and the office's reopening of a task
// rated 不满意 (completed → in_progress through the task's own decider and status path, so its
// ETag/revision rules hold). Rules: src/domain/evaluation.ts, src/domain/task.ts.
import { z } from 'zod';
import { type EvaluationEntry, type EvaluationHistoryEntry, evaluations, evaluationsKey, type PlanEvaluationsRecord } from '../../../projections/evaluation.ts';
import { checkEffectiveAt } from '../../domain/effective-at.ts';
import {
  type Evaluate,
  type EvaluationEvent,
  EvaluationNotCurrent,
  EvaluationNotFound,
  EvaluationNotReopenable,
  evaluationDecider,
  ratingLabels,
  scopeKey,
  type WithdrawEvaluation,
} from '../../domain/evaluation.ts';
import { EvaluationScope, Rating, type Rating as RatingValue, streams } from '../../domain/events.ts';
import { IdString, MAX_LISTED, ShownText } from '../../domain/text.ts';
import type { Actor } from '../../store/event-store.ts';
import { handleCommand } from '../command-handler.ts';
import type { AppContext } from '../context.ts';
import { localActor } from '../context.ts';
import { planAt } from '../plan/plan-queries.ts';
import type { Reading, ReadQuery } from '../reading.ts';
import { changeTaskStatus } from '../task/task-commands.ts';
import { toInstant } from '../time.ts';
import { ActorView, Instant, ReadingFields, TaskView } from '../views.ts';
import { writeTiming } from '../write-timing.ts';

export const EvaluationView = z
  .object({
    evaluationId: IdString,
    scope: EvaluationScope,
    rating: Rating,
    ratingLabel: ShownText.describe('满意, 基本满意 or 不满意.'),
    comments: ShownText.nullable(),
    evaluator: z.object({ name: ShownText, group: ShownText.optional() }).describe('Who evaluated, and in which group.'),
    effectiveAt: Instant.describe('When the evaluation took effect (valid time).'),
    recordedAt: Instant,
    actor: ActorView.describe('Who recorded it: a CPPCC token, or the office for the CPPCC.'),
    globalPosition: z.number().int(),
  })
  .meta({
    id: 'Evaluation',
    description: 'A satisfaction evaluation (满意度测评).',
    examples: [
      {
        evaluationId: '0190a1b2-0000-7000-8000-000000000002',
        scope: { kind: 'task', taskCode: '4.2' },
        rating: 'dissatisfied',
        ratingLabel: '不满意',
        comments: '科技型中小企业培育数量未达到年度目标，政策落地偏慢',
        evaluator: { name: '市政协提案委员会', group: '市政协领导及委员视察组' },
        effectiveAt: '2023-12-26T02:00:00.000Z',
        recordedAt: '2023-12-26T02:00:00.000Z',
        actor: { id: 'tok-cppcc', role: 'cppcc', name: '市政协提案委员会' },
        globalPosition: 1234,
      },
    ],
  });

const HistoryEntry = z
  .object({
    kind: z.enum(['evaluated', 'withdrawn']).describe('evaluated 测评 (a later one replaces the one before) or withdrawn 撤回 (with the reason).'),
    label: ShownText,
    evaluationId: IdString,
    rating: Rating,
    ratingLabel: ShownText,
    reason: ShownText.optional(),
    effectiveAt: Instant,
    recordedAt: Instant,
    actor: ActorView,
    globalPosition: z.number().int(),
  })
  .meta({ id: 'EvaluationHistoryEntry' });

const ScopeReading = {
  current: EvaluationView.nullable().describe('The current evaluation; null when none stands.'),
  history: z.array(HistoryEntry).max(MAX_LISTED).describe('Evaluations and withdrawals of this scope, oldest first.'),
};

const Counts = z
  .object({ satisfied: z.number().int(), basically_satisfied: z.number().int(), dissatisfied: z.number().int(), not_evaluated: z.number().int() })
  .describe('How many tasks stand at each current rating (满意, 基本满意, 不满意), and how many have none.');

export const EvaluationList = z
  .object({
    planId: IdString,
    counts: Counts,
    items: z
      .array(z.object({ task: z.object({ code: IdString, title: ShownText }), ...ScopeReading }))
      .max(MAX_LISTED)
      .describe("Every task, in the plan's order."),
    overall: z.object(ScopeReading).describe("The plan's handling as a whole (总体)."),
    ...ReadingFields,
  })
  .meta({ id: 'EvaluationList', description: 'The satisfaction evaluation (满意度测评) at `validAt`, as recorded by `asOf`.' });

export const EvaluationResult = z
  .object({
    evaluation: EvaluationView,
    replaces: ShownText.nullable().describe('The evaluation of the same scope it replaces, if any (kept in history).'),
    globalPosition: z.number().int(),
  })
  .meta({ id: 'EvaluationResult' });

export const EvaluationWithdrawalResult = z
  .object({
    withdrawn: EvaluationView,
    reinstated: EvaluationView.nullable().describe('The earlier evaluation of the scope that stands again, if any.'),
    reason: ShownText,
    withdrawnAt: Instant,
    globalPosition: z.number().int().describe('Store position of the SatisfactionEvaluationWithdrawn event.'),
  })
  .meta({ id: 'EvaluationWithdrawal', description: 'A withdrawn (撤回) evaluation.' });

export const ReopenResult = z
  .object({
    task: TaskView.describe('The task after the reopening: in_progress, its reason quoting the rating.'),
    evaluation: EvaluationView,
    globalPosition: z.number().int().describe("Store position of the TaskStatusChanged event on the task's stream."),
  })
  .meta({ id: 'ReopenResult', description: 'A task reopened (重新办理) for its 不满意 rating.' });

const historyLabels = { evaluated: '测评', withdrawn: '撤回' } as const;

export const evaluationView = (e: EvaluationEntry): z.output<typeof EvaluationView> => ({
  evaluationId: e.evaluationId,
  scope: e.scope,
  rating: e.rating,
  ratingLabel: ratingLabels[e.rating],
  comments: e.comments ?? null,
  evaluator: e.evaluator,
  effectiveAt: e.effectiveAt,
  recordedAt: e.recordedAt,
  actor: e.actor,
  globalPosition: e.globalPosition,
});

const historyView = (h: EvaluationHistoryEntry) => ({ ...h, label: historyLabels[h.kind], ratingLabel: ratingLabels[h.rating] });

async function recordAt(ctx: AppContext, planId: string, reading: Pick<Reading, 'position' | 'validAt'>): Promise<PlanEvaluationsRecord | undefined> {
  const key = evaluationsKey(planId);
  return (await ctx.states.at<PlanEvaluationsRecord>(ctx.readModel, evaluations.name, [key], reading.position, reading.validAt)).get(key);
}

function scopeReading(record: PlanEvaluationsRecord | undefined, key: string) {
  const scope = record?.scopes[key];
  const current = scope?.standing.at(-1);
  return { current: current ? evaluationView(current) : null, history: (scope?.history ?? []).map(historyView) };
}

export async function listEvaluations(ctx: AppContext, planId: string, query: ReadQuery): Promise<z.output<typeof EvaluationList>> {
  const { plan, reading } = await planAt(ctx, planId, query);
  const record = await recordAt(ctx, planId, reading);
  const items = plan.definition.tasks.map((t) => ({
    task: { code: t.code, title: t.title },
    ...scopeReading(record, scopeKey({ kind: 'task', taskCode: t.code })),
  }));
  const count = (rating: RatingValue) => items.filter((i) => i.current?.rating === rating).length;
  return {
    planId,
    counts: {
      satisfied: count('satisfied'),
      basically_satisfied: count('basically_satisfied'),
      dissatisfied: count('dissatisfied'),
      not_evaluated: items.filter((i) => !i.current).length,
    },
    items,
    overall: scopeReading(record, 'overall'),
    ...reading,
  };
}

interface WriteInput {
  planId: string;
  effectiveAt?: string;
  actor?: Actor;
}

export interface EvaluateInput extends WriteInput {
  scope: z.output<typeof EvaluationScope>;
  rating: RatingValue;
  comments?: string;
  evaluator: { name: string; group?: string };
}

export interface WithdrawEvaluationInput extends WriteInput {
  evaluationId: string;
  reason: string;
}

type Timing = Pick<Evaluate, 'effectiveAt' | 'now' | 'planEffectiveAt' | 'maxBackdateDays' | 'byOffice'>;

async function write<R>(
  ctx: AppContext,
  input: WriteInput,
  command: (taskCodes: string[]) => Omit<Evaluate, keyof Timing> | Omit<WithdrawEvaluation, keyof Timing>,
  shape: (written: { event: EvaluationEvent; record: NonNullable<Awaited<ReturnType<typeof recordAt>>>; globalPosition: number }) => R,
) {
  const { plan } = await planAt(ctx, input.planId, {});
  const actor = input.actor ?? localActor;
  return handleCommand(
    ctx,
    {
      decider: evaluationDecider,
      streamId: streams.evaluations(input.planId),
      planId: input.planId,
      actor,
      command: () => {
        const timing: Timing = writeTiming(ctx, plan, actor, input.effectiveAt);
        return { ...command(plan.definition.tasks.map((t) => t.code)), ...timing } as Evaluate | WithdrawEvaluation;
      },
    },
    async ({ decided, position }) => {
      // Read back as known after the append, in effect now (the store may stamp effectiveAt after `now` was read).
      const { reading } = await planAt(ctx, input.planId, { minPosition: position });
      const record = (await recordAt(ctx, input.planId, reading))!;
      return shape({ event: decided[0]!, record, globalPosition: position });
    },
  );
}

export async function evaluate(ctx: AppContext, input: EvaluateInput): Promise<z.output<typeof EvaluationResult>> {
  return write(
    ctx,
    input,
    (taskCodes) => ({
      type: 'Evaluate',
      evaluationId: ctx.newId(),
      taskCodes,
      scope: input.scope,
      rating: input.rating,
      ...(input.comments !== undefined ? { comments: input.comments } : {}),
      evaluator: input.evaluator,
    }),
    ({ event, record, globalPosition }) => {
      if (event.type !== 'SatisfactionEvaluated') throw new Error('unreachable');
      return { evaluation: evaluationView(record.evaluations[event.data.evaluationId]!), replaces: event.data.supersedes ?? null, globalPosition };
    },
  );
}

export async function withdrawEvaluation(ctx: AppContext, input: WithdrawEvaluationInput): Promise<z.output<typeof EvaluationWithdrawalResult>> {
  return write(
    ctx,
    input,
    () => ({
      type: 'WithdrawEvaluation',
      planId: input.planId,
      evaluationId: input.evaluationId,
      reason: input.reason,
    }),
    ({ event, record, globalPosition }) => {
      if (event.type !== 'SatisfactionEvaluationWithdrawn') throw new Error('unreachable');
      const history = record.scopes[scopeKey(event.data.scope)]!.history;
      return {
        withdrawn: evaluationView(record.evaluations[event.data.evaluationId]!),
        reinstated: event.data.reinstates ? evaluationView(record.evaluations[event.data.reinstates]!) : null,
        reason: event.data.reason,
        withdrawnAt: history.at(-1)!.effectiveAt,
        globalPosition,
      };
    },
  );
}

export interface ReopenInput {
  planId: string;
  evaluationId: string;
  /** What the office asks of the lead units (整改要求), after the rating in the reason. */
  note: string;
  effectiveAt?: string;
  ifMatch?: string[];
  actor?: Actor;
}

const REASON_MAX = 2000;

/** The reopening's reason: the rating, who gave it and when, and their comments; then the office's note. */
function reasonOf(e: EvaluationEntry, note: string, timeZone: string): string {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(e.effectiveAt));
  const who = e.evaluator.group ? `${e.evaluator.name}，${e.evaluator.group}` : e.evaluator.name;
  const head = `满意度测评为不满意（${who}，${date}）。`;
  const tail = `\n整改要求：${note}`;
  const room = REASON_MAX - head.length - tail.length - '测评意见：'.length;
  const comments = [...(e.comments ?? '')];
  const quoted = comments.length > room ? `${comments.slice(0, Math.max(0, room - 1)).join('')}…` : comments.join('');
  const reason = `${head}测评意见：${quoted}${tail}`;
  const chars = [...reason];
  return chars.length > REASON_MAX ? `${chars.slice(0, REASON_MAX - 1).join('')}…` : reason;
}

/**
 * The office reopens a task rated 不满意: the evaluation must be of a task, rated dissatisfied, and the
 * task's current evaluation when the reopening takes effect; the task must be completed then (409
 * otherwise). Appends TaskStatusChanged completed → in_progress on the task's own stream.
 */
export async function reopenTask(ctx: AppContext, input: ReopenInput): Promise<z.output<typeof ReopenResult>> {
  const now = toInstant(ctx.clock());
  const at = input.effectiveAt ? toInstant(input.effectiveAt) : now;
  const { plan: current, reading: latest } = await planAt(ctx, input.planId, {});
  checkEffectiveAt({ ...(input.effectiveAt ? { effectiveAt: at } : {}), now, planEffectiveAt: current.effectiveAt, maxBackdateDays: null });
  const known = (await recordAt(ctx, input.planId, latest))?.evaluations[input.evaluationId];
  if (!known) throw new EvaluationNotFound(input.planId, input.evaluationId);
  if (known.scope.kind !== 'task') throw new EvaluationNotReopenable(input.evaluationId, null);
  if (known.rating !== 'dissatisfied') {
    throw new EvaluationNotReopenable(input.evaluationId, known.rating);
  }
  const { reading } = await planAt(ctx, input.planId, { validAt: at });
  const key = scopeKey(known.scope);
  const standing = (await recordAt(ctx, input.planId, reading))?.scopes[key]?.standing.at(-1);
  if (standing?.evaluationId !== input.evaluationId) throw new EvaluationNotCurrent(input.evaluationId, key, standing?.evaluationId ?? null, at);
  const { task, globalPosition } = await changeTaskStatus(ctx, {
    planId: input.planId,
    code: known.scope.taskCode,
    to: 'in_progress',
    reason: reasonOf(known, input.note, current.definition.timeZone),
    evaluationId: input.evaluationId,
    ...(input.effectiveAt ? { effectiveAt: at } : {}),
    ...(input.ifMatch ? { ifMatch: input.ifMatch } : {}),
    actor: input.actor ?? localActor,
  });
  return { task, evaluation: evaluationView(known), globalPosition };
}
