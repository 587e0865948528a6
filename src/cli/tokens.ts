// duban tokens issue|list|revoke: access tokens, as events on the store.
import { type Command, Option } from 'commander';
import { type Role, scopeOf } from '../domain/token.ts';
import * as input from './options.ts';
import { storeOption } from './store-option.ts';
import { cliActor, withApp } from './with-app.ts';

async function tokensIssue(options: { store: string; role: Role; unit?: string; plan: string[]; name: string; expires?: string }) {
  await withApp(
    options.store,
    async (app) => {
      const issued = await app.issueToken({
        name: options.name,
        role: options.role,
        ...(options.unit ? { unitId: options.unit } : {}),
        ...(options.plan.length ? { planIds: options.plan } : {}),
        ...(options.expires ? { expires: options.expires } : {}),
        actor: cliActor(),
      });
      const plans = issued.planIds ? `plan ${issued.planIds.join(', plan ')}` : 'every plan';
      const scope = [issued.role, issued.unitId, plans, issued.expiresAt && `until ${issued.expiresAt}`].filter(Boolean).join(', ');
      console.error(`issued token ${issued.tokenId} to ${issued.name} (${scope}); it is shown once, below`);
      console.log(issued.token);
    },
    { hashes: true },
  );
}

async function tokensList(options: { store: string }) {
  await withApp(options.store, async (app) => {
    for (const t of await app.listTokens()) {
      const state = t.revokedAt
        ? `revoked ${t.revokedAt}`
        : t.expiresAt && t.expiresAt <= new Date().toISOString()
          ? `expired ${t.expiresAt}`
          : t.hashScheme === undefined
            ? 'active (recorded with an unkeyed hash: reissue it)'
            : 'active';
      console.log([t.tokenId, t.role, t.unitId ?? '-', scopeOf(t, t.issuedBy)?.join(',') ?? '*', state, t.issuedAt, t.name].join('\t'));
    }
  });
}

async function tokensRevoke(tokenId: string, options: { store: string; reason?: string }) {
  await withApp(options.store, async (app) => {
    await app.revokeToken(tokenId, cliActor(), options.reason);
    console.log(`revoked ${tokenId}`);
  });
}

export function registerTokens(cmd: Command): void {
  const tokens = cmd.command('tokens').description('access tokens: issue, list, revoke (events on the store; a running server honours them within a second)');
  tokens
    .command('issue')
    .description('issue a token; it is printed alone on the last line of standard output, and only its keyed hash is kept')
    .addOption(new Option('--role <role>', 'office, unit, supervisor or cppcc').argParser(input.role).makeOptionMandatory())
    .option('--unit <unitId>', 'for a unit token: its unit, e.g. jxj', input.unitId)
    .option(
      '--plan <planId>',
      'a plan it is bound to; repeat or separate with commas for several (default: every plan, or for a unit token the one plan naming its unit)',
      input.planIds,
      [] as string[],
    )
    .requiredOption('--name <who>', 'whose it is, e.g. "市经信局 OA"', input.text)
    .option(
      '--expires <date>',
      "a date (the end of that day in the plan's time zone, e.g. 2026-12-31) or a date-time with its offset (2026-12-31T18:00:00+08:00)",
      input.dateOrInstant,
    )
    .option(...storeOption)
    .action(tokensIssue);
  tokens
    .command('list')
    .description('every token: id, role, unit, plan, state, issued, name (never the token)')
    .option(...storeOption)
    .action(tokensList);
  tokens
    .command('revoke')
    .description('revoke a token by its id (from tokens list)')
    .argument('<tokenId>', "the token's id (a UUID)", input.tokenId)
    .option('--reason <why>', 'why, for the audit trail', input.text)
    .option(...storeOption)
    .action(tokensRevoke);
}
