// The application: every use case, bound to one store, its projections, a clock and an id source.
import { v7 as uuidv7 } from 'uuid';
import type { PlanDefinition } from '../domain/plan.ts';
import type { EventStore } from '../store/event-store.ts';
import type { SnapshotStore } from '../store/snapshot-store.ts';
import { readAudit, type AuditQuery } from './audit-queries.ts';
import type { AppContext } from './context.ts';
import { adoptPlan } from './plan-adoption.ts';
import { getPlan, listPlans } from './plan-queries.ts';
import { projectionFingerprint } from './projection-fingerprint.ts';
import { ProjectionRunner } from './projection-runner.ts';
import { changeTaskStatus, type ChangeStatusInput } from './task-commands.ts';
import { getTask, listTasks, taskHistory, type TaskListQuery } from './task-queries.ts';

export interface ApplicationOptions {
  clock?: () => Date;
  newId?: () => string;
  timeZone?: string;
  /** Where the projections' checkpoint is kept; without one every start folds from the first event. */
  snapshots?: SnapshotStore;
  /** Positions between snapshots (default 10 000). */
  snapshotEvery?: number;
}

export type Application = ReturnType<typeof createApplication>;

export function createApplication(store: EventStore, options: ApplicationOptions = {}) {
  const clock = options.clock ?? (() => new Date());
  const snapshots = options.snapshots
    ? { store: options.snapshots, fingerprint: projectionFingerprint(), every: options.snapshotEvery ?? 10_000, clock }
    : undefined;
  const ctx: AppContext = {
    store,
    runner: new ProjectionRunner(store, snapshots),
    clock,
    newId: options.newId ?? (() => uuidv7()),
    timeZone: options.timeZone ?? 'Asia/Shanghai',
  };
  return {
    store,
    /** Restores the checkpoint, catches up and follows the store for writes from other processes. */
    async start(onError: (error: unknown) => void = () => {}) {
      const restored = await ctx.runner.restore();
      await ctx.runner.follow(onError);
      return restored;
    },
    stop: () => ctx.runner.stop(),
    position: () => ctx.runner.current.position,
    planCount: () => ctx.runner.current.plans.size,
    adoptPlan: (plan: PlanDefinition) => adoptPlan(ctx, plan),
    listPlans: (query: { asOf?: string }) => listPlans(ctx, query),
    getPlan: (planId: string, query: { asOf?: string }) => getPlan(ctx, planId, query),
    listTasks: (planId: string, query: TaskListQuery) => listTasks(ctx, planId, query),
    getTask: (planId: string, code: string, query: { asOf?: string }) => getTask(ctx, planId, code, query),
    taskHistory: (planId: string, code: string, query: { asOf?: string }) => taskHistory(ctx, planId, code, query),
    changeTaskStatus: (input: ChangeStatusInput) => changeTaskStatus(ctx, input),
    readAudit: (query: AuditQuery) => readAudit(ctx, query),
  };
}
