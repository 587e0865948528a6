// What the `duban` command accepts, option by option: each parser refuses what the command could not
// honour (a month 13, a port 70000, a role no one has) with a line naming what it takes, before
// anything is opened. Commander reports a refused option; a refusal found later is a CliRefusal.

import { existsSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { validate as isUuid } from 'uuid';
import { z } from 'zod';
import { UnitId } from '../domain/plan.ts';
import { Text } from '../domain/text.ts';
import { Role } from '../domain/token.ts';

/** Input the command refuses: one line on standard error, exit status 2. */
export class CliRefusal extends Error {
  override name = 'CliRefusal';
}

/** The first issue of a zod parse, as one line. */
const firstIssue = (error: z.ZodError) => error.issues[0]?.message ?? 'invalid';

function whole(value: string, min: number, max: number, what: string): number {
  const n = /^\d{1,16}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(what);
  return n;
}

function decimal(value: string, min: { value: number; inclusive: boolean }, max: number, what: string): number {
  const n = /^\d{1,12}(\.\d{1,6})?$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isFinite(n) || (min.inclusive ? n < min.value : n <= min.value) || n > max) throw new InvalidArgumentError(what);
  return n;
}

export const port = (value: string) => whole(value, 0, 65_535, 'a port is a whole number from 0 to 65535');

/** An address to listen on: an IP address or a host name. */
export function host(value: string): string {
  const text = value.trim();
  const hostname = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
  if (isIP(text) === 0 && !hostname.test(text)) throw new InvalidArgumentError('an IP address (127.0.0.1, ::) or a host name');
  return text;
}

/** A day, the longest grace or hold that is still a timer Node can keep. */
const MAX_SECONDS = 86_400;
export const seconds = (value: string) => decimal(value, { value: 0, inclusive: false }, MAX_SECONDS, `a number of seconds above 0, at most ${MAX_SECONDS}`);

/** Idempotency-Key retention: at least the 24 hours the service promises, at most ten years. */
export const ttlHours = (value: string) =>
  decimal(value, { value: 24, inclusive: true }, 87_600, 'idempotency keys are kept at least 24 hours (and at most 87600)');

/** A whole number of at least `min` (and at most `max`), for --page-size and --max-events. */
export const count =
  (min: number, max = Number.MAX_SAFE_INTEGER) =>
  (value: string) =>
    whole(value, min, max, max === Number.MAX_SAFE_INTEGER ? `a whole number from ${min}` : `a whole number from ${min} to ${max}`);

export function role(value: string): Role {
  const parsed = Role.safeParse(value.trim());
  if (!parsed.success) throw new InvalidArgumentError(`--role is one of ${Role.options.join(', ')}`);
  return parsed.data;
}

export function unitId(value: string): string {
  const parsed = UnitId.safeParse(value.trim());
  if (!parsed.success) throw new InvalidArgumentError(`${firstIssue(parsed.error)}, e.g. jxj`);
  return parsed.data;
}

export function planId(value: string): string {
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(value.trim()))
    throw new InvalidArgumentError('a plan id is lower-case ASCII: letters, digits and -, e.g. wuhan-2023-p1');
  return value.trim();
}

/** A name or reason: one line of visible text, stored as given (NFC). */
/** Plans given with a repeatable --plan, each a list separated by commas. */
export function planIds(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)
      .map(planId),
  ];
}

export function text(value: string): string {
  const parsed = Text.safeParse(value.normalize('NFC'));
  if (!parsed.success) throw new InvalidArgumentError(firstIssue(parsed.error));
  return parsed.data;
}

const DateOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** A calendar date (2026-12-31) or a date-time with its offset (2026-12-31T18:00:00+08:00). */
export function dateOrInstant(value: string): string {
  if (!DateOrInstant.safeParse(value.trim()).success) {
    throw new InvalidArgumentError('a real calendar date (2026-12-31) or a date-time with its offset (2026-12-31T18:00:00+08:00 or …Z)');
  }
  return value.trim();
}

export function tokenId(value: string): string {
  if (!isUuid(value.trim())) throw new InvalidArgumentError("a token's id, as duban tokens list shows it (a UUID)");
  return value.trim().toLowerCase();
}

/** A path given to write or read: not empty, no control characters. */
export function path(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (value.trim() === '' || /[\u0000-\u001f]/.test(value)) throw new InvalidArgumentError('a file path');
  return value;
}

/**
 * An option's default from the environment, parsed as the option is: a bad value is refused naming the
 * variable (not the option, which the operator did not type).
 */
export function fromEnv<T>(name: string, parse: (value: string) => T, fallback: T): T {
  const value = process.env[name];
  if (value === undefined || value.trim() === '') return fallback;
  try {
    return parse(value);
  } catch (error) {
    throw new CliRefusal(`${name} is ${JSON.stringify(value)}: ${(error as Error).message}`);
  }
}

/** A file to write: its folder exists, and it is not a folder itself. */
export function fileToWrite(value: string): string {
  const given = path(value);
  const full = resolve(given);
  if (!existsSync(dirname(full)) || !statSync(dirname(full)).isDirectory())
    throw new InvalidArgumentError(`there is no folder ${dirname(full)} to write it in`);
  if (existsSync(full) && statSync(full).isDirectory()) throw new InvalidArgumentError(`${full} is a folder, not a file`);
  return given;
}

/** A file to read: it exists and is a file. */
export function fileToRead(value: string): string {
  const given = path(value);
  const full = resolve(given);
  if (!existsSync(full)) throw new InvalidArgumentError(`there is no file ${full}`);
  if (!statSync(full).isFile()) throw new InvalidArgumentError(`${full} is not a file`);
  return given;
}
