// The rules every write's effectiveAt keeps: not in the future,
// not before the plan took effect, and — for a caller bound by it — back-dated at most
// maxBackdateDays, so no unit can back-date its way to green. Pure: `now` comes in with the command.
import { RuleViolated } from './errors.ts';

const DAY_MS = 86_400_000;

export interface EffectiveAtRules {
  effectiveAt?: string;
  now: string;
  planEffectiveAt: string;
  /** How far back the caller may date a write; null for the office, which may record older facts. */
  maxBackdateDays?: number | null;
}

/** Throws RuleViolated on `effectiveAt` when the write breaks a rule; the instant it takes effect otherwise. */
export function checkEffectiveAt(rules: EffectiveAtRules): string {
  if (rules.effectiveAt === undefined) return rules.now;
  const at = Date.parse(rules.effectiveAt);
  const now = Date.parse(rules.now);
  if (at > now) throw new RuleViolated('effectiveAt', { rule: 'effective-at-in-future' });
  if (at < Date.parse(rules.planEffectiveAt)) {
    throw new RuleViolated('effectiveAt', { rule: 'effective-at-before-plan', planEffectiveAt: rules.planEffectiveAt });
  }
  const days = rules.maxBackdateDays;
  if (days !== undefined && days !== null && now - at > days * DAY_MS) {
    throw new RuleViolated('effectiveAt', { rule: 'backdate-too-far', days, effectiveAt: rules.effectiveAt });
  }
  return rules.effectiveAt;
}
