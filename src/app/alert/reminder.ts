// The office chases (催办) something owed: read the item's light at the reminder's effectiveAt (as
// known now), decide (src/domain/reminder.ts), append ReminderSent to the unit's reminders stream (the command handler).
import { checkEffectiveAt } from '../../domain/effective-at.ts';
import { streams } from '../../domain/events.ts';
import { reminderDecider } from '../../domain/reminder.ts';
import type { Actor } from '../../store/event-store.ts';
import { handleCommand } from '../command-handler.ts';
import type { AppContext } from '../context.ts';
import { localActor } from '../context.ts';
import { planAt } from '../plan/plan-queries.ts';
import { toInstant } from '../time.ts';
import { alertView, owedItemAt, remindersAt, reminderView } from './alert.ts';

export interface SendReminderInput {
  planId: string;
  alertId: string;
  note?: string;
  effectiveAt?: string;
  actor?: Actor;
}

export async function sendReminder(ctx: AppContext, input: SendReminderInput) {
  const actor = input.actor ?? localActor;
  const first = toInstant(ctx.clock());
  const at = input.effectiveAt ? toInstant(input.effectiveAt) : first;
  // effectiveAt's rules first (a date before the plan is a bad field, not a missing plan); then the
  // plan and the item as they stood when the reminder takes effect, from everything known now.
  const { plan: current } = await planAt(ctx, input.planId, {});
  checkEffectiveAt({ ...(input.effectiveAt ? { effectiveAt: at } : {}), now: first, planEffectiveAt: current.effectiveAt, maxBackdateDays: null });
  const { plan, reading } = await planAt(ctx, input.planId, { validAt: at });
  const owed = await owedItemAt(ctx, plan, reading, input.alertId);
  const unitId = owed.ref.unitId;
  const reminderId = ctx.newId();
  return handleCommand(
    ctx,
    {
      decider: reminderDecider,
      streamId: streams.reminders(input.planId, unitId),
      planId: input.planId,
      actor,
      command: () => ({
        type: 'SendReminder' as const,
        reminderId,
        alert: owed.ref,
        light: owed.reading.light,
        ...(input.note !== undefined ? { note: input.note } : {}),
        ...(input.effectiveAt ? { effectiveAt: at } : {}),
        now: toInstant(ctx.clock()),
        planEffectiveAt: plan.effectiveAt,
      }),
    },
    async ({ decided, position }) => {
      // Read back as known after the append, in effect now: the store stamps effectiveAt (when none was
      // given) after `now` was read, so a reading at `at` could miss the reminder itself.
      const { plan: after, reading: afterReading } = await planAt(ctx, input.planId, { minPosition: position });
      const sent = decided[0]!.data;
      const all = (await remindersAt(ctx, input.planId, [unitId], afterReading)).get(sent.alertId) ?? [];
      const reminder = all.find((r) => r.reminderId === sent.reminderId)!;
      // The alert as it stood when chased: its reminders up to this one.
      const reminded = all.filter((r) => Date.parse(r.effectiveAt) <= Date.parse(reminder.effectiveAt));
      return { reminder: reminderView(reminder), alert: alertView(after.definition, owed, reminded), globalPosition: position };
    },
  );
}
