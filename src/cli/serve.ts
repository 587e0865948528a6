// duban serve: the REST service on a store; an empty store first adopts the bundled plan and gets an office token.

import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import pino from 'pino';
import { createApplication } from '../app/application.ts';
import { signingKeyPath } from '../app/digest-signing.ts';
import { readPlanFile } from '../app/plan/plan-adoption.ts';
import { holdServerLock, type StoreLock } from '../app/server-lock.ts';
import { signedHeadPath } from '../app/signed-head.ts';
import { loadTokenSecret, STRONG_TOKEN_RECIPE, weakTokenReason } from '../app/token/token-secret.ts';
import { PlanAlreadyAdopted } from '../domain/errors.ts';
import { SERVER_ACTOR_ID, TokenAlreadyIssued } from '../domain/token.ts';
import { createHttpApp } from '../http/app.ts';
import { listen } from '../http/server.ts';
import type { EventStore } from '../store/event-store.ts';
import { describeStore, openStore, parseStoreUrl } from '../store/open-store.ts';
import { SqliteCheckpointer } from '../store/sqlite-checkpointer.ts';
import { version } from '../version.ts';
import { addEdgeOptions, type EdgeOptions, edgeHttpOptions, edgeListenOptions, edgeOptions } from './edge-options.ts';
import * as input from './options.ts';
import { CliRefusal, fromEnv } from './options.ts';
import { storeOption } from './store-option.ts';

/** The plan a new, empty store adopts on its first start. */
export const bundledPlan = fileURLToPath(new URL('../../plans/wuhan-2023-p1.json', import.meta.url));

const log = pino({ base: { service: 'duban' } });

const SYSTEM_ACTOR = { id: SERVER_ACTOR_ID, role: 'system', name: 'duban serve' };

/** Where the first office token is kept: the data folder of an embedded store, readable only by its owner. */
function officeTokenFile(storeUrl: string): string | null {
  const target = parseStoreUrl(storeUrl);
  return target.kind === 'sqlite' && target.path !== ':memory:' ? join(dirname(target.path), 'office-token') : null;
}

/**
 * DUBAN_ADMIN_TOKEN names the office token (issued once, if the store does not know it yet); without
 * it, a new store gets an office token of its own, printed once and kept in the data folder. A shared
 * store (PostgreSQL, EventStoreDB) has no data folder: the token is printed once, in the log of the
 * instance that adopted the plan, and kept nowhere else — so instances behind a load balancer are
 * better given DUBAN_ADMIN_TOKEN, which each may try to issue and only one does.
 */
async function officeToken(app: ReturnType<typeof createApplication>, storeUrl: string, fresh: boolean): Promise<string> {
  const fromEnv = process.env.DUBAN_ADMIN_TOKEN;
  const given = 'the office token given in DUBAN_ADMIN_TOKEN';
  if (fromEnv) {
    if ((await app.authenticate(fromEnv)).ok) return given;
    try {
      const issued = await app.issueToken({ name: 'office (DUBAN_ADMIN_TOKEN)', role: 'office', token: fromEnv, planId: undefined, actor: SYSTEM_ACTOR });
      log.info({ tokenId: issued.tokenId }, 'issued the office token given in DUBAN_ADMIN_TOKEN');
    } catch (error) {
      if (!(error instanceof TokenAlreadyIssued)) throw error;
      log.info({ tokenId: error.tokenId }, 'the office token given in DUBAN_ADMIN_TOKEN was issued by another instance');
    }
    return given;
  }
  const file = officeTokenFile(storeUrl);
  if (!fresh) {
    // Never the token again: where it is kept, if it still is.
    if (file && existsSync(file)) return `the office token in ${file}`;
    return 'an office token (issue one: duban tokens issue --role office --name …)';
  }
  const issued = await app.issueToken({ name: 'office (first start)', role: 'office', actor: SYSTEM_ACTOR });
  if (file) writeFileSync(file, `${issued.token}\n`, { mode: 0o600 });
  log.info(
    { tokenId: issued.tokenId, ...(file ? { file } : {}) },
    `office token (shown once${file ? `; also in ${file}, readable only by you` : ''}): ${issued.token}`,
  );
  return file ? `the office token (in ${file})` : 'the office token shown above (kept nowhere else)';
}

/**
 * An empty store adopts the bundled plan. Several instances starting together on one empty shared
 * store all try: the plan's stream takes one PlanAdopted only, so one wins and the others find it
 * adopted. True only for the winner, which alone issues the first office token.
 */
async function adoptOnFirstStart(app: ReturnType<typeof createApplication>, store: EventStore, planFile: string): Promise<boolean> {
  if ((await store.headPosition()) !== 0) return false;
  const plan = await readPlanFile(planFile);
  try {
    const adopted = await app.adoptPlan(plan, SYSTEM_ACTOR);
    log.info({ planId: adopted.planId, file: planFile, globalPosition: adopted.globalPosition }, `empty store: adopted plan ${adopted.planId}`);
    return true;
  } catch (error) {
    if (!(error instanceof PlanAlreadyAdopted)) throw error;
    log.info({ planId: plan.id }, `another instance adopted plan ${plan.id} first`);
    return false;
  }
}

interface ServeOptions {
  port?: number;
  host?: string;
  store: string;
  plan?: string;
  idempotencyTtl?: number;
  idempotencyHold?: number;
  shutdownGrace?: number;
}

/** A hand-set office token as strong as an issued one, or a refusal saying how to make one. */
function checkAdminToken(token: string | undefined): void {
  if (!token) return;
  const weak = weakTokenReason(token);
  if (weak !== null) throw new CliRefusal(`DUBAN_ADMIN_TOKEN is too weak: ${weak}; ${STRONG_TOKEN_RECIPE}`);
}

async function serveCommand(given: ServeOptions & Partial<EdgeOptions>) {
  // Options first, then the environment (named in a refusal), then the defaults; all before the store opens.
  const options = {
    port: given.port ?? fromEnv('PORT', input.port, 3000),
    host: given.host ?? fromEnv('HOST', input.host, '127.0.0.1'),
    store: given.store,
    plan: given.plan ?? fromEnv('DUBAN_PLAN', input.fileToRead, bundledPlan),
    idempotencyTtl: given.idempotencyTtl ?? fromEnv('DUBAN_IDEMPOTENCY_TTL_HOURS', input.ttlHours, 24),
    idempotencyHold: given.idempotencyHold ?? fromEnv('DUBAN_IDEMPOTENCY_HOLD_SECONDS', input.seconds, 60),
    shutdownGrace: given.shutdownGrace ?? fromEnv('DUBAN_SHUTDOWN_GRACE_SECONDS', input.seconds, 10),
    ...edgeOptions(given),
  };
  checkAdminToken(process.env.DUBAN_ADMIN_TOKEN);
  const storeUrl = options.store;
  const tokenSecret = loadTokenSecret(storeUrl);
  // The first office token's file, as an older version may have left it: the owner's only.
  const officeFile = officeTokenFile(storeUrl);
  if (officeFile !== null && existsSync(officeFile)) chmodSync(officeFile, 0o600);
  if (tokenSecret.created)
    log.info(
      { file: tokenSecret.path },
      `made the token secret ${tokenSecret.path} (readable only by you): tokens are hashed with it; keep it with backups of the store`,
    );
  // The server's SQLite files are checkpointed by a worker, so that no request waits behind a checkpoint.
  const checkpointer = parseStoreUrl(storeUrl).kind === 'sqlite' ? new SqliteCheckpointer() : undefined;
  const store = await openStore(storeUrl, { checkpointer });
  let serverLock: StoreLock;
  try {
    serverLock = await holdServerLock(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  // Digests are signed with a key outside the store, and the last signed head remembered beside it.
  const keyFile = signingKeyPath(storeUrl);
  const app = createApplication(store, {
    tokenSecret: tokenSecret.secret,
    digests: { onError: (error) => log.error({ err: error }, 'a digest could not be written') },
    ...(keyFile ? { signing: { keyFile, signedHeadFile: signedHeadPath(storeUrl) } } : {}),
    idempotencyTtlMs: options.idempotencyTtl * 60 * 60 * 1000,
    idempotencyInFlightMs: options.idempotencyHold * 1000,
  });
  const started = await app.start((error) => log.error({ err: error }, 'the read model failed to catch up'));
  log.info(
    { checkpoint: started.checkpoint, position: started.position, rebuilt: started.rebuilt, ...(started.why ? { why: started.why } : {}) },
    started.rebuilt
      ? `read model built from the first event (${started.why}), at position ${started.position}`
      : `read model resumed from its checkpoint at ${started.checkpoint}, caught up to ${started.position}`,
  );
  if (tokenSecret.created && (await app.listTokens()).some((t) => t.hashScheme !== undefined && !t.revokedAt)) {
    log.warn(
      { file: tokenSecret.path },
      'the store holds tokens hashed with a token secret that is gone (a new one was just made): they no longer work; restore the old secret, or issue new tokens',
    );
  }
  const integrity = app.integrity();
  if (integrity.state === 'damaged') {
    log.error({ integrity }, `serving read-only: ${integrity.reason}`);
  } else if (integrity.state === 'intact') {
    log.info(
      { integrity },
      `store integrity checked: signed head ${integrity.signedHead ? `at position ${integrity.signedHead.position}` : 'none yet'}` +
        (integrity.signedAtStart ? `; signed at start (${integrity.unsignedAtStart} events were unsigned)` : ''),
    );
  } else {
    log.warn('no signing key (a store in memory): digests are unsigned and a shortened history goes unseen');
  }
  const fresh = integrity.readOnly ? false : await adoptOnFirstStart(app, store, options.plan);
  const signInWith = integrity.readOnly ? 'an office token' : await officeToken(app, storeUrl, fresh);
  const shutdown = new AbortController();
  const { hono } = createHttpApp(app, {
    shutdown: shutdown.signal,
    storeKind: parseStoreUrl(storeUrl).kind,
    onBug: (error, request) => log.error({ err: error, method: request.method, url: request.url }, 'unhandled error (a bug)'),
    ...edgeHttpOptions(options),
    accessLog: log.child({ log: 'access' }),
  });
  const server = await listen(hono, { port: options.port, host: options.host, ...edgeListenOptions(options), log: log.child({ log: 'access' }) });
  const where = `http://${server.address.family === 'IPv6' ? `[${server.address.address}]` : server.address.address}:${server.address.port}`;
  log.info(
    { url: where, data: describeStore(storeUrl), plans: await app.planCount(), position: app.position() },
    `duban ${version} listening on ${where}; data in ${describeStore(storeUrl)}`,
  );
  // Where a person starts: the console, and which token opens it (never the token itself here).
  log.info({ console: `${where}/console/` }, `console: ${where}/console/ — sign in with ${signInWith}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // In-flight requests get a bounded grace period; past it the process leaves without them (exit 1).
    const grace = setTimeout(() => {
      log.error({ signal, graceSeconds: options.shutdownGrace }, `requests still in flight after ${options.shutdownGrace} s: exiting without them`);
      process.exit(1);
    }, options.shutdownGrace * 1000);
    grace.unref();
    try {
      const closing = server.close(); // stops accepting first, so no stream opens after the next line
      shutdown.abort(); // open event streams end; the server waits for them
      log.info({ signal, graceSeconds: options.shutdownGrace }, 'stopping: no new connections; finishing requests in flight');
      await closing;
      await app.close(); // the last digest, then the read model applies the rest: its checkpoint is the head
      const checkpoint = app.position();
      await serverLock.release();
      await store.close();
      await checkpointer?.stop();
      log.info({ signal, checkpoint }, `stopped; read model checkpoint at ${checkpoint}`);
      process.exit(0);
    } catch (error) {
      log.error({ err: error, signal }, 'stopping failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

export function registerServe(cmd: Command): void {
  const serve = cmd
    .command('serve')
    .description('run the REST service; an empty store first adopts the bundled Wuhan plan')
    .option('--port <port>', 'port to listen on (env PORT, default 3000)', input.port)
    .option('--host <host>', 'address to listen on (env HOST, default 127.0.0.1)', input.host)
    .option(...storeOption)
    .option('--plan <file>', 'the plan an empty store adopts on first start (env DUBAN_PLAN, default the bundled Wuhan plan)', input.fileToRead)
    .option('--idempotency-ttl <hours>', 'how long an Idempotency-Key is kept, at least 24 (env DUBAN_IDEMPOTENCY_TTL_HOURS, default 24)', input.ttlHours)
    .option(
      '--idempotency-hold <seconds>',
      'how long a request may hold its Idempotency-Key unanswered before the key counts as lost (its process died) and a retry runs (env DUBAN_IDEMPOTENCY_HOLD_SECONDS, default 60)',
      input.seconds,
    )
    .option(
      '--shutdown-grace <seconds>',
      'on SIGTERM/SIGINT, how long requests in flight may take before the process exits 1 without them (env DUBAN_SHUTDOWN_GRACE_SECONDS, default 10)',
      input.seconds,
    )
    .action(serveCommand);
  addEdgeOptions(serve); // connections, proxies and live feeds (./edge-options.ts)
}
