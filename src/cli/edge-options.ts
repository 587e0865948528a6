// The HTTP edge's settings as `duban serve` options, each with its DUBAN_* environment variable:
// the proxies trusted to name the client, the live-feed caps, the connection cap and how long a
// client may take to send a request. Parsed like every other option (./options.ts); the
// environment is read when serve runs, so a bad value is refused naming its variable.
import { type Command, InvalidArgumentError } from 'commander';
import type { HttpOptions } from '../http/app.ts';
import { trustedProxiesFromEnv, trustedProxyList } from '../http/middleware/client-address.ts';
import { DEFAULT_HEADERS_TIMEOUT_MS, DEFAULT_MAX_CONNECTIONS, DEFAULT_REQUEST_TIMEOUT_MS, type ListenOptions } from '../http/server.ts';
import * as input from './options.ts';

export interface EdgeOptions {
  trustedProxies: string[];
  liveFeedsPerToken: number;
  liveFeeds: number;
  maxConnections: number;
  headersTimeout: number;
  requestTimeout: number;
}

const atLeastOne = input.count(1);

function proxies(value: string): string[] {
  const list = trustedProxiesFromEnv(value);
  try {
    trustedProxyList(list);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
  return list;
}

export function addEdgeOptions(command: Command): Command {
  return command
    .option(
      '--trusted-proxies <list>',
      'comma-separated addresses and CIDR ranges of the proxies in front whose Forwarded / X-Forwarded-For name the client; none by default (env DUBAN_TRUSTED_PROXIES)',
      proxies,
    )
    .option('--live-feeds-per-token <n>', 'event streams one token may hold open (env DUBAN_SSE_PER_TOKEN, default 20)', atLeastOne)
    .option('--live-feeds <n>', 'event streams open at once in all (env DUBAN_SSE_TOTAL, default 1000)', atLeastOne)
    .option(
      '--max-connections <n>',
      `connections open at once; more are closed at once — keep it below \`ulimit -n\` (env DUBAN_MAX_CONNECTIONS, default ${DEFAULT_MAX_CONNECTIONS})`,
      atLeastOne,
    )
    .option(
      '--headers-timeout <seconds>',
      `how long a client may take to send a request's headers before a 408 (env DUBAN_HEADERS_TIMEOUT_SECONDS, default ${DEFAULT_HEADERS_TIMEOUT_MS / 1000})`,
      input.seconds,
    )
    .option(
      '--request-timeout <seconds>',
      `how long a client may take to send a whole request, body included, before a 408 (env DUBAN_REQUEST_TIMEOUT_SECONDS, default ${DEFAULT_REQUEST_TIMEOUT_MS / 1000})`,
      input.seconds,
    );
}

/** The options given, else their variables, else the defaults. */
export function edgeOptions(given: Partial<EdgeOptions>): EdgeOptions {
  return {
    trustedProxies: given.trustedProxies ?? input.fromEnv('DUBAN_TRUSTED_PROXIES', proxies, []),
    liveFeedsPerToken: given.liveFeedsPerToken ?? input.fromEnv('DUBAN_SSE_PER_TOKEN', atLeastOne, 20),
    liveFeeds: given.liveFeeds ?? input.fromEnv('DUBAN_SSE_TOTAL', atLeastOne, 1000),
    maxConnections: given.maxConnections ?? input.fromEnv('DUBAN_MAX_CONNECTIONS', atLeastOne, DEFAULT_MAX_CONNECTIONS),
    headersTimeout: given.headersTimeout ?? input.fromEnv('DUBAN_HEADERS_TIMEOUT_SECONDS', input.seconds, DEFAULT_HEADERS_TIMEOUT_MS / 1000),
    requestTimeout: given.requestTimeout ?? input.fromEnv('DUBAN_REQUEST_TIMEOUT_SECONDS', input.seconds, DEFAULT_REQUEST_TIMEOUT_MS / 1000),
  };
}

/** What the app takes of them. */
export function edgeHttpOptions(options: EdgeOptions): Pick<HttpOptions, 'trustedProxies' | 'liveFeeds'> {
  return { trustedProxies: options.trustedProxies, liveFeeds: { perToken: options.liveFeedsPerToken, total: options.liveFeeds } };
}

/** What the server takes of them. */
export function edgeListenOptions(options: EdgeOptions): Pick<ListenOptions, 'maxConnections' | 'headersTimeoutMs' | 'requestTimeoutMs'> {
  return { maxConnections: options.maxConnections, headersTimeoutMs: options.headersTimeout * 1000, requestTimeoutMs: options.requestTimeout * 1000 };
}
