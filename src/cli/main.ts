// The `duban` command: one home for every subcommand (`duban --help` lists them), each in its own file here.
import { Command, CommanderError } from 'commander';
import { InvalidPlanFile } from '../app/errors.ts';
import { DomainError, PlanAlreadyAdopted } from '../domain/errors.ts';
import { StoreError } from '../store/errors.ts';
import { version } from '../version.ts';
import { registerImport } from './import.ts';
import { CliRefusal } from './options.ts';
import { registerRebuild } from './rebuild.ts';
import { registerServe } from './serve.ts';
import { registerStoreBackup } from './store-backup.ts';
import { registerStoreCopy } from './store-copy.ts';
import { registerTokens } from './tokens.ts';
import { registerVerify } from './verify.ts';

export { bundledPlan } from './serve.ts';

export function program(): Command {
  const cmd = new Command('duban')
    .description('duban (督办): supervises a government work plan to the end — an event-sourced REST service')
    .version(version)
    // Every refusal is one line and exit status 2 (main); subcommands inherit both settings.
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`${oneLine(text)}\n`) });
  registerServe(cmd);
  registerImport(cmd);
  registerRebuild(cmd);
  registerVerify(cmd);
  const storeCmd = cmd.command('store').description('the event store itself: backup, copy');
  registerStoreBackup(storeCmd);
  registerStoreCopy(storeCmd);
  registerTokens(cmd);
  return cmd;
}

/** Text as one line: commander's messages and a plan file's issues may run over several. */
function oneLine(text: string): string {
  return text
    .trim()
    .replace(/:\s*\n\s*/g, ': ')
    .replace(/\s*\n\s*/g, '; ');
}

/** What the command refuses (bad input, a rule, a store it cannot use): exit status 2. */
const isRefusal = (error: unknown) =>
  error instanceof CliRefusal ||
  error instanceof InvalidPlanFile ||
  error instanceof PlanAlreadyAdopted ||
  error instanceof StoreError ||
  error instanceof DomainError;

/**
 * Runs the command. A refusal is one line on standard error and exit status 2 (commander's own
 * about options included); anything else is a failure the command did not foresee (a bug, or the
 * machine: a disk, a network) — one line too, exit status 1, its stack only with DUBAN_DEBUG=1.
 */
export async function main(argv: string[]): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has said what it refused (or shown the help or version, exit code 0).
      process.exit(error.exitCode === 0 ? 0 : 2);
    }
    if (isRefusal(error)) {
      console.error(`duban: ${oneLine((error as Error).message)}`);
      process.exit(2);
    }
    const message = error instanceof Error ? error.message : String(error);
    console.error(`duban: failed: ${oneLine(message)}${process.env.DUBAN_DEBUG ? '' : ' (DUBAN_DEBUG=1 shows where)'}`);
    if (process.env.DUBAN_DEBUG) console.error(error);
    process.exit(1);
  }
}
