// The `duban` command: serve, import, verify, store backup — one home for every subcommand (`duban --help` lists them).
import { Command, CommanderError, Option } from 'commander';
import Database from 'better-sqlite3';
import { chmodSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { createApplication } from './app/application.ts';
import { InvalidPlanFile } from './app/errors.ts';
import { exportHistory } from './app/history-export.ts';
import { readPlanFile } from './app/plan/plan-adoption.ts';
import { verifyStore, type VerifyResult } from './app/verify.ts';
import { loadDigestKey, signingKeyPath } from './app/digest-signing.ts';
import { readSignedHead, signedHeadPath } from './app/signed-head.ts';
import { checkCopy, copyStore } from './app/store-copy.ts';
import { DomainError, PlanAlreadyAdopted } from './domain/errors.ts';
import { Role, scopeOf, SERVER_ACTOR_ID } from './domain/token.ts';
import { createHttpApp } from './http/app.ts';
import { addEdgeOptions, edgeHttpOptions, edgeListenOptions, edgeOptions, type EdgeOptions } from './cli-edge-options.ts';
import { listen } from './http/server.ts';
import { StoreError } from './store/errors.ts';
import type { EventStore } from './store/event-store.ts';
import { TokenAlreadyIssued } from './app/token/token-commands.ts';
import { defaultStoreUrl, describeStore, openStore, parseStoreUrl } from './store/open-store.ts';
import { SqliteCheckpointer } from './store/sqlite-checkpointer.ts';
import { rebuildProgress } from './rebuild-progress.ts';
import { version } from './version.ts';
import * as input from './cli-options.ts';
import { CliRefusal, fromEnv } from './cli-options.ts';
import { holdServerLock, takeRebuildLock, type StoreLock } from './app/server-lock.ts';
import { loadTokenSecret, STRONG_TOKEN_RECIPE, weakTokenReason } from './app/token/token-secret.ts';

/** The plan a new, empty store adopts on its first start. */
export const bundledPlan = fileURLToPath(new URL('../plans/wuhan-2023-p1.json', import.meta.url));

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
async function officeToken(app: ReturnType<typeof createApplication>, storeUrl: string, fresh: boolean) {
  const fromEnv = process.env.DUBAN_ADMIN_TOKEN;
  if (fromEnv) {
    if ((await app.authenticate(fromEnv)).ok) return;
    try {
      const issued = await app.issueToken({ name: 'office (DUBAN_ADMIN_TOKEN)', role: 'office', token: fromEnv, planId: undefined, actor: SYSTEM_ACTOR });
      log.info({ tokenId: issued.tokenId }, 'issued the office token given in DUBAN_ADMIN_TOKEN');
    } catch (error) {
      if (!(error instanceof TokenAlreadyIssued)) throw error;
      log.info({ tokenId: error.tokenId }, 'the office token given in DUBAN_ADMIN_TOKEN was issued by another instance');
    }
    return;
  }
  if (!fresh) return;
  const issued = await app.issueToken({ name: 'office (first start)', role: 'office', actor: SYSTEM_ACTOR });
  const file = officeTokenFile(storeUrl);
  if (file) writeFileSync(file, `${issued.token}\n`, { mode: 0o600 });
  log.info(
    { tokenId: issued.tokenId, officeToken: issued.token, ...(file ? { file } : {}) },
    `office token (shown once${file ? `; also in ${file}, readable only by you` : ''}): ${issued.token}`,
  );
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
  if (tokenSecret.created) log.info({ file: tokenSecret.path }, `made the token secret ${tokenSecret.path} (readable only by you): tokens are hashed with it; keep it with backups of the store`);
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
    log.warn({ file: tokenSecret.path }, 'the store holds tokens hashed with a token secret that is gone (a new one was just made): they no longer work; restore the old secret, or issue new tokens');
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
  if (!integrity.readOnly) await officeToken(app, storeUrl, fresh);
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
  log.info({ url: where, data: describeStore(storeUrl), plans: await app.planCount(), position: app.position() }, `duban ${version} listening on ${where}; data in ${describeStore(storeUrl)}`);

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

async function importCommand(file: string, options: { store: string }) {
  const store = await openStore(options.store);
  try {
    const app = createApplication(store);
    const plan = await readPlanFile(file);
    const adopted = await app.adoptPlan(plan, cliActor());
    console.log(`adopted plan ${adopted.planId} at position ${adopted.globalPosition} (recorded ${adopted.recordedAt}, effective ${adopted.effectiveAt}) in ${describeStore(options.store)}`);
  } finally {
    await store.close();
  }
}

async function rebuildCommand(options: { store: string; force?: boolean }) {
  const store = await openStore(options.store);
  let lock: StoreLock | null;
  try {
    lock = await takeRebuildLock(store);
    // A server killed a moment ago: PostgreSQL lets its lock go once it has noticed the session gone.
    for (let waited = 0; lock === null && waited < 2000; waited += 250) {
      await sleep(250);
      lock = await takeRebuildLock(store);
    }
  } catch (error) {
    await store.close();
    throw error;
  }
  if (lock === null && !options.force) {
    await store.close();
    throw new CliRefusal(`a running duban serve holds ${describeStore(options.store)}: stop it first, or pass --force to rebuild under it (its reads are wrong until it restarts)`);
  }
  if (lock === null) console.error('duban: --force: rebuilding while a server holds the store; restart that server afterwards');
  const app = createApplication(store);
  try {
    const head = await store.headPosition();
    const progress = rebuildProgress(head);
    const { events, seconds } = await app.rebuild((position, total) => progress.update(position, total));
    progress.stop();
    const rate = seconds > 0 ? Math.round(events / seconds) : events;
    console.log(`rebuilt ${events} events in ${seconds.toFixed(2)} s (${rate} events/s)`);
  } finally {
    await app.close();
    await lock?.release();
    await store.close();
  }
}

async function verifyCommand(options: { store: string; export?: string }) {
  // Verifying must not create the store it was pointed at by mistake.
  const target = parseStoreUrl(options.store);
  if (target.kind === 'sqlite' && target.path !== ':memory:' && !existsSync(target.path)) {
    throw new StoreError(`there is no store at ${target.path}`);
  }
  // The signing key and the last signed head, found from the store's location as the server finds them.
  const keyFile = signingKeyPath(options.store);
  const headFile = signedHeadPath(options.store);
  let key, signedHead;
  try {
    key = keyFile ? loadDigestKey(keyFile) : null;
    signedHead = headFile ? readSignedHead(headFile) : null;
  } catch (error) {
    throw new StoreError(`the signing key or the signed head beside the store cannot be read: ${(error as Error).message}`, { cause: error });
  }
  const store = await openStore(options.store);
  try {
    const result = await verifyStore(store, { key, signedHead });
    if (result.intact) {
      console.log(`intact: ${result.events} events, head digest ${result.headDigest ?? 'none'} (${result.algorithm})`);
      console.log(signatureLine(result, keyFile));
    } else {
      const p = result.problem;
      console.log(`broken: ${p.kind} at ${p.streamId} revision ${p.revision} (position ${p.globalPosition ?? 'none'}): ${p.detail}`);
    }
    if (options.export) {
      const count = await exportHistory(store, options.export);
      console.error(`exported ${count} events to ${options.export}`);
    }
    process.exitCode = result.intact ? 0 : 1;
  } finally {
    await store.close();
  }
}

/** The second line of an intact verification: what the signatures vouch for. */
function signatureLine(r: Extract<VerifyResult, { intact: true }>, keyFile: string | null): string {
  const head = r.signedHead ? `signed head at position ${r.signedHead.position} (${r.signedHead.digest})` : 'no signed head';
  const parts = [
    r.signatures === 'checked' ? `${r.signed} of ${r.digests} digests signed` : `${r.signed} of ${r.digests} digests carry a signature, unchecked (no signing key${keyFile ? ` at ${keyFile}` : ''})`,
    ...(r.unsigned ? [`${r.unsigned} unsigned, written before signing began`] : []),
    head + (r.anchor === 'matched' ? ', as remembered outside the store' : ''),
    ...(r.unsignedTail ? [`${r.unsignedTail} events after it unsigned (vouched for by their chains only)`] : []),
  ];
  return `signatures: ${parts.join('; ')}`;
}

/**
 * An online, consistent copy of an embedded store while a server may be writing to it: SQLite's backup
 * API over a connection of its own, every page in one step (one read transaction — in WAL mode it does
 * not hold writers back), so the copy is the store as of one moment, never restarted by a write.
 */
async function backupCommand(file: string, options: { store: string; force?: boolean }) {
  const source = parseStoreUrl(options.store);
  if (source.kind !== 'sqlite') {
    throw new StoreError(
      source.kind === 'postgres'
        ? 'duban store backup copies an embedded (sqlite:) store; back up PostgreSQL with pg_dump'
        : 'duban store backup copies an embedded (sqlite:) store; back up EventStoreDB with its own backup tools',
    );
  }
  if (source.path === ':memory:') throw new StoreError('an in-memory store has nothing on disk to back up');
  if (!existsSync(source.path)) throw new StoreError(`there is no store at ${source.path}`);
  const target = resolve(file);
  if (target === source.path) throw new StoreError('the backup cannot be the store itself');
  if (existsSync(target)) {
    if (!options.force) throw new StoreError(`${target} exists; pass --force to replace it`);
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(target + suffix, { force: true });
  }
  writeFileSync(target, '', { mode: 0o600, flag: 'wx' }); // a copy of the store is as private as the store
  let db: InstanceType<typeof Database>;
  try {
    db = new Database(source.path, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new StoreError(`cannot open the SQLite store at ${source.path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    db.pragma('busy_timeout = 5000');
    const started = Date.now();
    // Returning the remaining page count makes the next step copy them all at once.
    const { totalPages } = await db.backup(target, { progress: ({ remainingPages }) => remainingPages });
    const copy = new Database(target, { readonly: true });
    try {
      const { events, head } = copy.prepare('SELECT count(*) AS events, coalesce(max(global_position), 0) AS head FROM events').get() as { events: number; head: number };
      console.log(`backed up ${describeStore(options.store)} to ${target}: ${events} events (head position ${head}), ${totalPages} pages in ${((Date.now() - started) / 1000).toFixed(2)} s`);
    } finally {
      copy.close();
    }
  } catch (err) {
    if (err instanceof StoreError) throw err;
    throw new StoreError(`the backup to ${target} failed: ${(err as Error).message}`, { cause: err });
  } finally {
    db.close();
  }
}

/**
 * Every event of one store into another (any adapter to any adapter), ids, order, times and hashes
 * kept; resumable; then the target is read back and verified. Exit 1 when it does not match.
 */
async function copyCommand(options: { from: string; to: string; pageSize: number; maxEvents?: number }) {
  const from = parseStoreUrl(options.from);
  const to = parseStoreUrl(options.to);
  if (from.kind === 'sqlite' && (from.path === ':memory:' || !existsSync(from.path))) {
    throw new StoreError(from.path === ':memory:' ? 'an in-memory store has nothing to copy' : `there is no store at ${from.path}`);
  }
  if (to.kind === 'sqlite' && to.path === ':memory:') throw new StoreError('a copy into memory would be gone when the command ends');
  if (describeStore(options.from) === describeStore(options.to)) throw new StoreError('the target cannot be the source itself');
  const quiet = () => {};
  const source = await openStore(options.from, { onNotice: quiet });
  try {
    // A new target takes the source's algorithm; an existing one keeps its own, and copyStore refuses a difference.
    const target = await openStore(options.to, { hashAlgorithm: source.hashAlgorithm, onNotice: quiet });
    try {
      const progress = rebuildProgress(await source.headPosition(), process.stderr, 'copy');
      const result = await copyStore(source, target, {
        pageSize: options.pageSize,
        ...(options.maxEvents !== undefined ? { maxEvents: options.maxEvents } : {}),
        onProgress: (position, head) => progress.update(position, head),
      });
      progress.stop();
      const rate = result.seconds > 0 ? Math.round(result.copied / result.seconds) : result.copied;
      console.log(
        `copied ${result.copied} events from ${describeStore(options.from)} to ${describeStore(options.to)} in ${result.seconds.toFixed(2)} s (${rate} events/s)` +
          (result.resumedAfter ? `, after the ${result.resumedAfter} it already held` : ''),
      );
      if (!result.complete) console.log(`stopped at source position ${result.sourcePosition} of ${result.sourceHead}: run the same command again to copy the rest`);
      const check = await checkCopy(target, result.source, { pageSize: options.pageSize });
      if (check.ok) {
        console.log(
          `verified: ${check.target.events} events, history digest ${check.target.digest} (the source's), chains and digests intact (${check.verify.algorithm})` +
            (result.positionsKept ? '' : '; positions differ from the source (its positions have gaps)'),
        );
      } else {
        for (const p of check.problems) console.log(`mismatch: ${p}`);
        if (!result.positionsKept && !check.verify.intact) {
          console.log('note: the target numbers its events differently from the source (the source\'s positions have gaps), and DigestRecorded events name positions');
        }
      }
      process.exitCode = check.ok ? 0 : 1;
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

/** Who a token command acts as: the office, at this machine's command line. */
function cliActor() {
  return { id: 'cli', role: 'office', name: `duban tokens (${userInfo().username}@${hostname()})` };
}

/**
 * The application on the store; to issue, its token hashes keyed with the server's secret. Only an
 * embedded store's folder is certain to be the server's: for a shared store the secret must already
 * be there (DUBAN_DATA_DIR, DUBAN_TOKEN_SECRET_FILE), or a token issued here would not work on the server.
 */
async function withApp<T>(storeUrl: string, work: (app: ReturnType<typeof createApplication>) => Promise<T>, options: { hashes?: boolean } = {}): Promise<T> {
  const tokenSecret = options.hashes ? loadTokenSecret(storeUrl, { create: parseStoreUrl(storeUrl).kind === 'sqlite' }).secret : undefined;
  const store = await openStore(storeUrl);
  const app = createApplication(store, tokenSecret ? { tokenSecret } : {});
  try {
    await app.start();
    return await work(app);
  } finally {
    await app.close();
    await store.close();
  }
}

async function tokensIssue(options: { store: string; role: Role; unit?: string; plan: string[]; name: string; expires?: string }) {
  await withApp(options.store, async (app) => {
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
  }, { hashes: true });
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

export function program(): Command {
  const storeOption = ['--store <url>', 'event store URL (env DUBAN_STORE)', process.env.DUBAN_STORE || defaultStoreUrl] as const;
  const cmd = new Command('duban')
    .description('duban (督办): supervises a government work plan to the end — an event-sourced REST service')
    .version(version)
    // Every refusal is one line and exit status 2 (main); subcommands inherit both settings.
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(oneLine(text) + '\n') });
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
  addEdgeOptions(serve); // connections, proxies and live feeds (src/http/edge-options.ts)
  cmd
    .command('import')
    .description('adopt a plan file (a PlanDefinition JSON, like plans/wuhan-2023-p1.json)')
    .argument('<plan.json>', 'the plan file', input.fileToRead)
    .option(...storeOption)
    .action(importCommand);
  cmd
    .command('rebuild')
    .description('drop the read model and rebuild it from every event in the store; refused while a server holds the store')
    .option(...storeOption)
    .option('--force', 'rebuild even while a server holds the store (its reads are wrong until it restarts)')
    .action(rebuildCommand);
  cmd
    .command('verify')
    .description('check the whole history: every hash, every stream chain, every digest and its signature, and that the store still holds its last signed head (the key and head found beside the store, or by DUBAN_SIGNING_KEY_FILE and DUBAN_SIGNED_HEAD_FILE); exit 1 when broken, truncated or forged')
    .option(...storeOption)
    .option('--export <file.jsonl>', 'also write every event as a JSON line, with its hash, for checking outside duban (readable only by you)', input.fileToWrite)
    .action(verifyCommand);
  const storeCmd = cmd.command('store').description('the event store itself: backup, copy');
  storeCmd
    .command('backup')
    .description('an online, consistent copy of an embedded (sqlite:) store, safe while the server runs; for PostgreSQL use pg_dump')
    .argument('<file>', 'the backup file to write (a SQLite database; open it with --store sqlite:<file>)', input.fileToWrite)
    .option('--force', 'replace the file if it exists')
    .option(...storeOption)
    .action(backupCommand);
  storeCmd
    .command('copy')
    .description('copy every event into another store (any kind to any kind), ids, order, times and hashes kept; resumable; then verify the target (exit 1 on a mismatch)')
    .requiredOption('--from <url>', 'the store to copy (it may be in use: the copy goes up to its head at the start)')
    .requiredOption('--to <url>', 'the store to copy into: new, or holding the start of an earlier copy of the same source')
    .option('--page-size <n>', 'events per read and per write', input.count(1, 100_000), 1000)
    .option('--max-events <n>', 'stop after copying this many events (run again to continue)', input.count(0))
    .action(copyCommand);
  const tokens = cmd.command('tokens').description('access tokens: issue, list, revoke (events on the store; a running server honours them within a second)');
  tokens
    .command('issue')
    .description('issue a token; it is printed alone on the last line of standard output, and only its keyed hash is kept')
    .addOption(new Option('--role <role>', 'office, unit, supervisor or cppcc').argParser(input.role).makeOptionMandatory())
    .option('--unit <unitId>', 'for a unit token: its unit, e.g. jxj', input.unitId)
    .option('--plan <planId>', 'a plan it is bound to; repeat or separate with commas for several (default: every plan, or for a unit token the one plan naming its unit)', input.planIds, [] as string[])
    .requiredOption('--name <who>', 'whose it is, e.g. "市经信局 OA"', input.text)
    .option('--expires <date>', 'a date (the end of that day in the plan\'s time zone, e.g. 2026-12-31) or a date-time with its offset (2026-12-31T18:00:00+08:00)', input.dateOrInstant)
    .option(...storeOption)
    .action(tokensIssue);
  tokens.command('list').description('every token: id, role, unit, plan, state, issued, name (never the token)').option(...storeOption).action(tokensList);
  tokens
    .command('revoke')
    .description('revoke a token by its id (from tokens list)')
    .argument('<tokenId>', 'the token\'s id (a UUID)', input.tokenId)
    .option('--reason <why>', 'why, for the audit trail', input.text)
    .option(...storeOption)
    .action(tokensRevoke);
  return cmd;
}

/** Text as one line: commander's messages and a plan file's issues may run over several. */
function oneLine(text: string): string {
  return text.trim().replace(/:\s*\n\s*/g, ': ').replace(/\s*\n\s*/g, '; ');
}

/** What the command refuses (bad input, a rule, a store it cannot use): exit status 2. */
const isRefusal = (error: unknown) =>
  error instanceof CliRefusal || error instanceof InvalidPlanFile || error instanceof PlanAlreadyAdopted || error instanceof StoreError || error instanceof DomainError;

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
