// The application: every use case, bound to one store, its read model, a clock and an id source.
import { planCatalogue } from '../../projections/plan.ts';
import type { BulletinFormat } from '../domain/bulletin.ts';
import type { PlanDefinition } from '../domain/plan.ts';
import type { Actor, EventStore } from '../store/event-store.ts';
import type { IdempotencyStore } from '../store/idempotency-store.ts';
import { openIdempotencyStore } from '../store/open-idempotency-store.ts';
import { openRateLimiter } from '../store/open-rate-limiter.ts';
import type { RateLimiter } from '../store/rate-limiter.ts';
import { type AccessRule, type AccessTarget, authorize } from './access.ts';
import {
  type ActionItemQuery,
  type CloseActionItemInput,
  closeActionItem,
  type ExtendActionItemInput,
  extendActionItem,
  getActionItem,
  listActionItems,
} from './action-item/action-item.ts';
import { type AlertQuery, listAlerts } from './alert/alert.ts';
import { type SendReminderInput, sendReminder } from './alert/reminder.ts';
import {
  type AnnualSummaryQuery,
  getAnnualSummary,
  listAnnualSummaries,
  type SubmitAnnualSummaryInput,
  submitAnnualSummary,
  type WithdrawAnnualSummaryInput,
  withdrawAnnualSummary,
} from './annual-summary/annual-summary.ts';
import { type AuditQuery, readAudit, taskHistory } from './audit-queries.ts';
import {
  annualSummary as annualReport,
  type BulletinQuery,
  type PublishBulletinInput,
  publishBulletin,
  publishedBulletin,
  quarterlyBulletin,
} from './bulletin/bulletin.ts';
import type { AppContext } from './context.ts';
import { createDigestWriter, type DigestWriter } from './digest.ts';
import { loadOrCreateSigner } from './digest-signing.ts';
import {
  type EvaluateInput,
  evaluate,
  listEvaluations,
  type ReopenInput,
  reopenTask,
  type WithdrawEvaluationInput,
  withdrawEvaluation,
} from './evaluation/evaluation.ts';
import { newEventId } from './event-id.ts';
import {
  type FileHandlingPlanInput,
  fileHandlingPlan,
  getHandlingPlan,
  listHandlingPlans,
  type SubmitHandlingPlanInput,
  submitHandlingPlan,
  type WithdrawHandlingPlanInput,
  withdrawHandlingPlan,
} from './handling-plan/handling-plan.ts';
import {
  type CorrectValueInput,
  correctIndicatorValue,
  type ReportValueInput,
  reportIndicatorValue,
  type WithdrawValueInput,
  withdrawIndicatorValue,
} from './indicator/indicator-commands.ts';
import { getIndicator, listIndicators } from './indicator/indicator-queries.ts';
import {
  getInspection,
  type InspectionQuery,
  listInspections,
  type RecordInspectionInput,
  recordInspection,
  type WithdrawInspectionInput,
  withdrawInspection,
} from './inspection/inspection.ts';
import { checkIntegrity, type IntegrityState } from './integrity.ts';
import { getLeadingGroup, type ReplaceMemberInput, replaceMember, type WithdrawReplacementInput, withdrawReplacement } from './leading-group/leading-group.ts';
import {
  type CancelMeetingInput,
  cancelMeeting,
  getMeeting,
  listMeetings,
  type MeetingQuery,
  type RecordMinutesInput,
  recordMinutes,
  type ScheduleMeetingInput,
  scheduleMeeting,
  withdrawMeetingRecord,
} from './meeting/meeting.ts';
import { adoptPlan } from './plan/plan-adoption.ts';
import { getPlan, listPlans } from './plan/plan-queries.ts';
import { type AmendPlanInput, amendPlan, listAmendments, type WithdrawAmendmentInput, withdrawAmendment } from './plan-amendment/plan-amendment.ts';
import { monthlyDispatch } from './progress/monthly-dispatch.ts';
import { type ReportProgressInput, reportProgress, type WithdrawReportInput, withdrawReport } from './progress/progress.ts';
import { projectionFingerprint } from './projection-fingerprint.ts';
import { openReadModel } from './read-model/open-read-model.ts';
import type { ReadModel } from './read-model/read-model.ts';
import { ReadModelRunner } from './read-model/read-model-runner.ts';
import { StateCache } from './read-model/state-cache.ts';
import { WrittenReadModel } from './read-model/written-read-model.ts';
import type { ReadQuery } from './reading.ts';
import { getScorecard, listScorecards, type ScorecardQuery } from './scorecard/scorecard.ts';
import { readSignedHead } from './signed-head.ts';
import { type ChangeStatusInput, changeTaskStatus } from './task/task-commands.ts';
import { getTaskPage } from './task/task-page.ts';
import { listTasks, type TaskListQuery } from './task/task-queries.ts';
import { type IssueTokenInput, issueToken, revokeToken } from './token/token-commands.ts';
import { authenticate, authenticateRecord, listTokens, type Principal, signIn } from './token/token-queries.ts';
import { processTokenSecret, tokenHasher } from './token/token-secret.ts';
import { getUnitRecord } from './unit/unit-record.ts';
import { getUnitReports } from './unit/unit-reports.ts';
import { type VerifyOptions, verifyStore } from './verify.ts';

export interface ApplicationOptions {
  clock?: () => Date;
  newId?: () => string;
  timeZone?: string;
  /** Where projection states live; by default beside the store (the same SQLite file). */
  readModel?: ReadModel;
  /** How long a read with minPosition waits for the read model (default 2 000 ms). */
  minPositionWaitMs?: number;
  /** How often to look for events other processes wrote (default 250 ms). */
  pollMs?: number;
  /**
   * How long the read model's versions from a live catch-up may wait in memory to be written together
   * (ms; default the read model's own writeDelayMs — 25 for SQLite, none for PostgreSQL; 0 writes each catch-up at once). Reads of the latest states do not wait for it.
   */
  readModelWriteDelayMs?: number;
  /**
   * Periodic digest events (tamper evidence): written every `every` events (default 1000) or once the
   * oldest uncovered event is `intervalMs` old (default 5 min), and on stop. Off unless asked for.
   */
  digests?: { every?: number; intervalMs?: number; onError?: (error: unknown) => void };
  /**
   * Signs every digest with the key in `keyFile` (made on first use) and remembers the last signed head
   * in `signedHeadFile`, both outside the store; start() checks the store against them, and a damaged
   * store is served read-only (integrity()). Implies digests (with their defaults unless given).
   */
  signing?: { keyFile: string; signedHeadFile: string | null };
  /** Where Idempotency-Key responses are kept; by default in the store's own file (in memory for a store in memory). */
  idempotency?: IdempotencyStore;
  /** How long an Idempotency-Key is kept, in ms (default 24 h). */
  idempotencyTtlMs?: number;
  /** How long a request may hold its key unanswered before it counts as lost (its process died), in ms (default 60 s). */
  idempotencyInFlightMs?: number;
  /** Where request budgets and failed authentications are counted; by default shared on a PostgreSQL store, per process otherwise. */
  rateLimiter?: RateLimiter;
  /**
   * The key of token hashes (the token secret file, src/app/token/token-secret.ts loadTokenSecret).
   * Without it, one secret made for this process: tokens issued then work in this process only.
   */
  tokenSecret?: Uint8Array;
}

export type Application = ReturnType<typeof createApplication>;

export function createApplication(store: EventStore, options: ApplicationOptions = {}) {
  const clock = options.clock ?? (() => new Date());
  const ownReadModel = options.readModel ?? openReadModel(store);
  const runner = new ReadModelRunner(store, ownReadModel, {
    fingerprint: projectionFingerprint(),
    pollMs: options.pollMs ?? 250,
    writeDelayMs: options.readModelWriteDelayMs ?? ownReadModel.writeDelayMs ?? 0,
  });
  // Everything else reads it through this: a read of its tables first has the runner write what it holds.
  const readModel = new WrittenReadModel(ownReadModel, runner);
  const ctx: AppContext = {
    store,
    runner,
    readModel,
    states: new StateCache(runner),
    clock,
    newId: options.newId ?? (() => newEventId()),
    timeZone: options.timeZone ?? 'Asia/Shanghai',
    minPositionWaitMs: options.minPositionWaitMs ?? 2000,
    tokenHash: tokenHasher(options.tokenSecret ?? processTokenSecret()),
  };
  const signer = options.signing ? loadOrCreateSigner(options.signing.keyFile).signer : undefined;
  let digests: DigestWriter | null =
    options.digests || signer
      ? createDigestWriter(store, {
          ...options.digests,
          newId: ctx.newId,
          clock,
          ...(signer ? { signer, signedHeadFile: options.signing!.signedHeadFile } : {}),
        })
      : null;
  let integrity: IntegrityState = { state: 'unchecked', readOnly: false };
  // A signing writer signs a last digest only over a store it has checked (start()) and found intact.
  const stopDigests = async () => {
    if (!signer || integrity.state === 'intact') await digests?.stop();
  };
  // What a publication carries as its anchor: the head signed just before (null without signing or on a damaged store).
  ctx.signedHead = async () => {
    if (!signer || !digests || integrity.state !== 'intact') return null;
    await digests.flush();
    return digests.signedHead();
  };
  const idempotency =
    options.idempotency ?? openIdempotencyStore(store, { clock, ttlMs: options.idempotencyTtlMs, inFlightTimeoutMs: options.idempotencyInFlightMs });
  let started = false;
  return {
    store,
    readModel,
    idempotency,
    /** Where an http front (src/http/middleware/auth.ts) counts request budgets and failed authentications: its own in this process, shared in a PostgreSQL store's schema. */
    openRateLimiter: (): RateLimiter => options.rateLimiter ?? openRateLimiter(store),
    /** Resumes the read model from its checkpoint (or builds it), and follows writes from other processes. */
    async start(onError: (error: unknown) => void = () => {}) {
      const outcome = await runner.start();
      started = true;
      runner.follow(onError);
      if (signer && digests) {
        integrity = await checkIntegrity(store, signer, options.signing!.signedHeadFile, digests, clock);
        // A damaged store gets no digest: a signature would vouch for the damage.
        if (integrity.readOnly) digests = null;
      }
      digests?.start();
      return outcome;
    },
    /** Drops the read model and builds it again from every event. */
    rebuild: (onProgress?: (position: number, head: number) => void) => runner.rebuild(onProgress),
    async stop() {
      await stopDigests(); // covers what is left with a last digest
      await runner.stop();
    },
    /**
     * Stops and closes the read model (the store is the caller's to close). A started read model first
     * applies what is left (the last digest among it), so its checkpoint is the head and a restart
     * resumes with nothing to catch up.
     */
    async close() {
      await stopDigests();
      await runner.stop();
      if (started) {
        await runner.catchUp();
        await runner.writeUnwritten();
      }
      await ownReadModel.close();
      await idempotency.close();
    },
    position: () => runner.position,
    /** The application's clock (the console's "today"). */
    now: () => clock(),
    /** Tests only: the read model applies nothing until the returned function is called (a lagging read model). */
    holdReadModel: () => runner.holdApplying(),
    /** The store's integrity as checked at start; read-only when damaged. */
    integrity: () => integrity,
    /** The whole history walked (src/app/verify.ts), against the signing key and the signed head outside the store when signing. */
    verify: (verifyOptions: Omit<VerifyOptions, 'key' | 'signedHead'> = {}) =>
      verifyStore(store, {
        ...verifyOptions,
        key: signer ?? null,
        // An unreadable head file was reported at start (the store is read-only): the walk goes on without it.
        signedHead: () => {
          try {
            return options.signing?.signedHeadFile ? readSignedHead(options.signing.signedHeadFile) : null;
          } catch {
            return null;
          }
        },
      }),
    planCount: async () => (await readModel.keys(planCatalogue.name, runner.position)).length,
    adoptPlan: (plan: PlanDefinition, actor?: Actor) => adoptPlan(ctx, plan, actor),
    listPlans: (query: ReadQuery) => listPlans(ctx, query),
    getPlan: (planId: string, query: ReadQuery) => getPlan(ctx, planId, query),
    listTasks: (planId: string, query: TaskListQuery) => listTasks(ctx, planId, query),
    getTask: (planId: string, code: string, query: ReadQuery) => getTaskPage(ctx, planId, code, query),
    taskHistory: (planId: string, code: string, query: Omit<AuditQuery, 'planId' | 'task'>) => taskHistory(ctx, planId, code, query),
    changeTaskStatus: (input: ChangeStatusInput) => changeTaskStatus(ctx, input),
    getLeadingGroup: (planId: string, query: ReadQuery) => getLeadingGroup(ctx, planId, query),
    replaceMember: (input: ReplaceMemberInput) => replaceMember(ctx, input),
    withdrawReplacement: (input: WithdrawReplacementInput) => withdrawReplacement(ctx, input),
    listIndicators: (planId: string, query: ReadQuery) => listIndicators(ctx, planId, query),
    getIndicator: (planId: string, indicatorId: string, query: ReadQuery) => getIndicator(ctx, planId, indicatorId, query),
    reportIndicatorValue: (input: ReportValueInput) => reportIndicatorValue(ctx, input),
    correctIndicatorValue: (input: CorrectValueInput) => correctIndicatorValue(ctx, input),
    withdrawIndicatorValue: (input: WithdrawValueInput) => withdrawIndicatorValue(ctx, input),
    listHandlingPlans: (planId: string, query: ReadQuery) => listHandlingPlans(ctx, planId, query),
    getHandlingPlan: (planId: string, unitId: string, query: ReadQuery) => getHandlingPlan(ctx, planId, unitId, query),
    submitHandlingPlan: (input: SubmitHandlingPlanInput) => submitHandlingPlan(ctx, input),
    fileHandlingPlan: (input: FileHandlingPlanInput) => fileHandlingPlan(ctx, input),
    withdrawHandlingPlan: (input: WithdrawHandlingPlanInput) => withdrawHandlingPlan(ctx, input),
    listAmendments: (planId: string, query: ReadQuery) => listAmendments(ctx, planId, query),
    amendPlan: (input: AmendPlanInput) => amendPlan(ctx, input),
    withdrawAmendment: (input: WithdrawAmendmentInput) => withdrawAmendment(ctx, input),
    reportProgress: (input: ReportProgressInput) => reportProgress(ctx, input),
    withdrawReport: (input: WithdrawReportInput) => withdrawReport(ctx, input),
    monthlyDispatch: (planId: string, period: string, query: ReadQuery) => monthlyDispatch(ctx, planId, period, query),
    listAlerts: (planId: string, query: AlertQuery) => listAlerts(ctx, planId, query),
    sendReminder: (input: SendReminderInput) => sendReminder(ctx, input),
    getUnitRecord: (planId: string, unitId: string, query: ReadQuery) => getUnitRecord(ctx, planId, unitId, query),
    /** A unit's monthly reports, months × its tasks, as the scorecard judges them (the console's unit page). */
    getUnitReports: (planId: string, unitId: string, query: ReadQuery) => getUnitReports(ctx, planId, unitId, query),
    listScorecards: (planId: string, query: ScorecardQuery) => listScorecards(ctx, planId, query),
    getScorecard: (planId: string, unitId: string, query: ScorecardQuery) => getScorecard(ctx, planId, unitId, query),
    listAnnualSummaries: (planId: string, query: AnnualSummaryQuery) => listAnnualSummaries(ctx, planId, query),
    getAnnualSummary: (planId: string, unitId: string, query: AnnualSummaryQuery) => getAnnualSummary(ctx, planId, unitId, query),
    submitAnnualSummary: (input: SubmitAnnualSummaryInput) => submitAnnualSummary(ctx, input),
    withdrawAnnualSummary: (input: WithdrawAnnualSummaryInput) => withdrawAnnualSummary(ctx, input),
    listEvaluations: (planId: string, query: ReadQuery) => listEvaluations(ctx, planId, query),
    evaluate: (input: EvaluateInput) => evaluate(ctx, input),
    withdrawEvaluation: (input: WithdrawEvaluationInput) => withdrawEvaluation(ctx, input),
    reopenTask: (input: ReopenInput) => reopenTask(ctx, input),
    quarterlyBulletin: (planId: string, quarter: string, format: BulletinFormat, query: BulletinQuery) =>
      quarterlyBulletin(ctx, planId, quarter, format, query),
    publishedBulletin: (planId: string, quarter: string, format: BulletinFormat, query: BulletinQuery) =>
      publishedBulletin(ctx, planId, quarter, format, query),
    publishBulletin: (input: PublishBulletinInput) => publishBulletin(ctx, input),
    annualReport: (planId: string, year: string, format: BulletinFormat, query: BulletinQuery) => annualReport(ctx, planId, year, format, query),
    scheduleMeeting: (input: ScheduleMeetingInput) => scheduleMeeting(ctx, input),
    recordMinutes: (input: RecordMinutesInput) => recordMinutes(ctx, input),
    cancelMeeting: (input: CancelMeetingInput) => cancelMeeting(ctx, input),
    withdrawMeetingRecord: (input: CancelMeetingInput) => withdrawMeetingRecord(ctx, input),
    listMeetings: (planId: string, query: MeetingQuery) => listMeetings(ctx, planId, query),
    getMeeting: (planId: string, meetingId: string, query: ReadQuery) => getMeeting(ctx, planId, meetingId, query),
    closeActionItem: (input: CloseActionItemInput) => closeActionItem(ctx, input),
    extendActionItem: (input: ExtendActionItemInput) => extendActionItem(ctx, input),
    listActionItems: (planId: string, query: ActionItemQuery) => listActionItems(ctx, planId, query),
    getActionItem: (planId: string, itemId: string, query: ReadQuery) => getActionItem(ctx, planId, itemId, query),
    recordInspection: (input: RecordInspectionInput) => recordInspection(ctx, input),
    withdrawInspection: (input: WithdrawInspectionInput) => withdrawInspection(ctx, input),
    listInspections: (planId: string, query: InspectionQuery) => listInspections(ctx, planId, query),
    getInspection: (planId: string, inspectionId: string, query: ReadQuery) => getInspection(ctx, planId, inspectionId, query),
    readAudit: (query: AuditQuery) => readAudit(ctx, query),
    issueToken: (input: IssueTokenInput) => issueToken(ctx, input),
    revokeToken: (tokenId: string, actor: Actor, reason?: string) => revokeToken(ctx, tokenId, actor, reason),
    listTokens: () => listTokens(ctx),
    authenticate: (token: string) => authenticate(ctx, token),
    /** A console sign-in: the principal and the key of the token's record, which the session keeps instead of the token. */
    signIn: (token: string) => signIn(ctx, token),
    /** A console session's token, by its record's key, as it stands now (revoked or expired: refused). */
    authenticateRecord: (recordKey: string) => authenticateRecord(ctx, recordKey),
    authorize: (who: Principal, rule: AccessRule, target: AccessTarget) => authorize(ctx, who, rule, target),
  };
}
