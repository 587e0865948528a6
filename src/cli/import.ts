// duban import: adopt a plan file.
import type { Command } from 'commander';
import { createApplication } from '../app/application.ts';
import { readPlanFile } from '../app/plan/plan-adoption.ts';
import { describeStore, openStore } from '../store/open-store.ts';
import * as input from './options.ts';
import { storeOption } from './store-option.ts';
import { cliActor } from './with-app.ts';

async function importCommand(file: string, options: { store: string }) {
  const store = await openStore(options.store);
  try {
    const app = createApplication(store);
    const plan = await readPlanFile(file);
    const adopted = await app.adoptPlan(plan, cliActor());
    console.log(
      `adopted plan ${adopted.planId} at position ${adopted.globalPosition} (recorded ${adopted.recordedAt}, effective ${adopted.effectiveAt}) in ${describeStore(options.store)}`,
    );
  } finally {
    await store.close();
  }
}

export function registerImport(cmd: Command): void {
  cmd
    .command('import')
    .description('adopt a plan file (a PlanDefinition JSON, like plans/wuhan-2023-p1.json)')
    .argument('<plan.json>', 'the plan file', input.fileToRead)
    .option(...storeOption)
    .action(importCommand);
}
