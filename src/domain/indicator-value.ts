// What an indicator's value may be: an exact, non-negative decimal of bounded size, and a whole number
// when the indicator counts things (个, 家, 名, 项 …): "12.5 家 enterprises" means nothing.
import { z } from 'zod';
import { RuleViolated } from './errors.ts';
import { schemaMessage } from './messages.ts';

/** At most 15 digits before the point (below 10^15, beyond any figure a plan reports) and 6 after it. */
export const MAX_INTEGER_DIGITS = 15;
export const MAX_FRACTION_DIGITS = 6;

/** A reported value: non-negative, exact, bounded. */
export const IndicatorAmount = z
  .string()
  .regex(
    new RegExp(`^(0|[1-9]\\d{0,${MAX_INTEGER_DIGITS - 1}})(\\.\\d{1,${MAX_FRACTION_DIGITS}})?$`),
    schemaMessage('decimal-form', { integerDigits: MAX_INTEGER_DIGITS, fractionDigits: MAX_FRACTION_DIGITS }),
  )
  .max(MAX_INTEGER_DIGITS + 1 + MAX_FRACTION_DIGITS)
  .meta({
    id: 'IndicatorAmount',
    description: `A non-negative exact decimal written as a string: at most ${MAX_INTEGER_DIGITS} digits before the point and ${MAX_FRACTION_DIGITS} after; a whole number when the indicator counts (个, 家, 名, 项 …).`,
    examples: ['150', '2.5'],
  });

/** Units of measure that count whole things: a value in one of them has no fraction. */
export const COUNT_UNITS: readonly string[] = ['个', '家', '名', '项', '人', '件', '户', '所', '座', '次', '人次', '台', '套', '篇', '部', '场', '批'];

export const isCountUnit = (unit: string) => COUNT_UNITS.includes(unit);

/** Refuses a fractional value of an indicator counted in whole things (422 naming value). */
export function checkValueForUnit(value: string, unit: string): void {
  if (isCountUnit(unit) && /\.\d*[1-9]/.test(value)) {
    throw new RuleViolated('value', { rule: 'indicator-whole-number', unit, value });
  }
}
