// Changing a task's status: the task's stream → decide (src/domain/task.ts) → append, through the
// command handler; If-Match pins the revision the change is made on.
import type { Evidence } from '../../domain/events.ts';
import { streams } from '../../domain/events.ts';
import { taskDecider } from '../../domain/task.ts';
import type { TaskStatus } from '../../domain/task-status.ts';
import type { Actor } from '../../store/event-store.ts';
import { handleCommand } from '../command-handler.ts';
import type { AppContext } from '../context.ts';
import { planAt } from '../plan/plan-queries.ts';
import { toInstant } from '../time.ts';
import { findTask, getTask } from './task-queries.ts';

export { etagOf } from '../command-handler.ts';

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

export async function changeTaskStatus(ctx: AppContext, input: ChangeStatusInput) {
  const { plan } = await planAt(ctx, input.planId, {});
  findTask(plan, input.code);
  return handleCommand(
    ctx,
    {
      decider: taskDecider,
      streamId: streams.task(input.planId, input.code),
      planId: input.planId,
      actor: input.actor,
      ifMatch: input.ifMatch,
      command: () => ({
        type: 'ChangeTaskStatus' as const,
        taskCode: input.code,
        to: input.to,
        reason: input.reason,
        ...(input.evidence ? { evidence: input.evidence } : {}),
        ...(input.effectiveAt ? { effectiveAt: toInstant(input.effectiveAt) } : {}),
        now: toInstant(ctx.clock()),
        planEffectiveAt: plan.effectiveAt,
        ...(input.evaluationId !== undefined ? { evaluationId: input.evaluationId } : {}),
      }),
    },
    async ({ position }) => {
      const { asOf: _a, validAt: _v, position: _p, ...task } = await getTask(ctx, input.planId, input.code, { minPosition: position });
      return { task, globalPosition: position };
    },
  );
}
