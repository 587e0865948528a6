// Changing a task's status: load its stream → decide → append, retrying a lost race unless the
// client pinned a revision with If-Match.
import type { Evidence } from '../../domain/events.ts';
import { streams } from '../../domain/events.ts';
import { decide, evolve, initialTaskState } from '../../domain/task.ts';
import type { TaskState } from '../../domain/task.ts';
import { DomainError } from '../../domain/errors.ts';
import type { TaskStatus } from '../../domain/task-status.ts';
import type { Actor, AppendResult } from '../../store/event-store.ts';
import { ConcurrencyError } from '../../store/errors.ts';
import type { AppContext } from '../context.ts';
import { localActor } from '../context.ts';
import { PreconditionFailed } from '../errors.ts';
import { planAt } from '../plan/plan-queries.ts';
import { findTask, getTask } from './task-queries.ts';
import { toInstant } from '../time.ts';
import { appendDecided, retryOnConflict } from '../append-decided.ts';
import { foldAppended, foldStream } from '../stream-state.ts';

export interface ChangeStatusInput {
  planId: string;
  code: string;
  to: TaskStatus;
  reason: string;
  evidence?: Evidence;
  effectiveAt?: string;
  /** Entity tags from If-Match ("*" already removed): the change goes through only if one is current. */
  ifMatch?: string[];
  actor?: Actor;
  /** A reopening for a 不满意 rating (src/app/evaluation/evaluation.ts): the evaluation, carried in the event's data. */
  evaluationId?: string;
}


export const etagOf = (revision: number) => `"${revision}"`;

export async function changeTaskStatus(ctx: AppContext, input: ChangeStatusInput) {
  const { plan } = await planAt(ctx, input.planId, {});
  findTask(plan, input.code);
  const streamId = streams.task(input.planId, input.code);

  // The first pass decides on the state this process last folded, without reading the stream's tail
  // (a read transaction per write, 5–25 µs; a task is mostly written through the process that wrote it
  // last). The append names the revision decided on, so a write by another process meanwhile is
  // refused; that, a refusal of the change and a failed If-Match are answered only after the stream
  // has been read and the pass made again.
  let unread = true;
  return retryOnConflict(async () => {
    for (;;) {
      const folded = await foldStream(ctx, streamId, evolve, initialTaskState, { unread });
      unread = false;
      let result: AppendResult;
      try {
        result = await decideAndAppend(ctx, input, plan.effectiveAt, streamId, folded.state);
      } catch (error) {
        if (folded.unread && mayBeStale(error, input)) continue;
        throw error;
      }
      foldAppended(ctx, streamId, evolve, result.events);
      // Applied before the response is sent, so the client reads its own write.
      const { asOf: _a, validAt: _v, position: _p, ...task } = await getTask(ctx, input.planId, input.code, { minPosition: result.lastPosition });
      return { task, globalPosition: result.lastPosition };
    }
  }, (error) => {
    if (input.ifMatch) throw new PreconditionFailed(etagOf(error.actual + 1));
  });
}

/** Whether a pass's failure may come from a state older than the stream (the tail not read). */
function mayBeStale(error: unknown, input: ChangeStatusInput): boolean {
  if (error instanceof DomainError || error instanceof PreconditionFailed) return true;
  // With If-Match the client named the revision: losing the race is its 412 (retryOnConflict's onConflict).
  return error instanceof ConcurrencyError && !input.ifMatch;
}

function decideAndAppend(ctx: AppContext, input: ChangeStatusInput, planEffectiveAt: string, streamId: string, state: TaskState): Promise<AppendResult> {
  if (input.ifMatch && !input.ifMatch.includes(etagOf(state.revision))) throw new PreconditionFailed(etagOf(state.revision));
  const events = decide(
    {
      type: 'ChangeTaskStatus',
      taskCode: input.code,
      to: input.to,
      reason: input.reason,
      ...(input.evidence ? { evidence: input.evidence } : {}),
      ...(input.effectiveAt ? { effectiveAt: toInstant(input.effectiveAt) } : {}),
      now: toInstant(ctx.clock()),
      planEffectiveAt,
      ...(input.evaluationId !== undefined ? { evaluationId: input.evaluationId } : {}),
    },
    state,
  );
  return appendDecided(ctx, streamId, input.planId, events, input.actor ?? localActor, state.revision);
}
