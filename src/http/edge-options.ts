// The HTTP edge's settings as `duban serve` options, each with its DUBAN_* environment variable:
// the proxies trusted to name the client, the live-feed caps, the connection cap and how long a
// client may take to send a request. Kept here so the serve command only hands them on.
import { InvalidArgumentError, type Command } from 'commander';
import type { HttpOptions } from './app.ts';
import { trustedProxiesFromEnv, trustedProxyList } from './client-address.ts';
import { DEFAULT_HEADERS_TIMEOUT_MS, DEFAULT_MAX_CONNECTIONS, DEFAULT_REQUEST_TIMEOUT_MS, type ListenOptions } from './server.ts';

export interface EdgeOptions {
  trustedProxies: string[];
  liveFeedsPerToken: number;
  liveFeeds: number;
  maxConnections: number;
  headersTimeout: number;
  requestTimeout: number;
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('a whole number from 1');
  return n;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('a number of seconds above 0');
  return n;
}

function proxies(value: string): string[] {
  const list = trustedProxiesFromEnv(value);
  try {
    trustedProxyList(list);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
  return list;
}

/** The value of `env` parsed as the option would be, or the default. */
const fromEnv = <T>(name: string, parse: (v: string) => T, fallback: T): T => {
  const value = process.env[name];
  return value ? parse(value) : fallback;
};

export function addEdgeOptions(command: Command): Command {
  return command
    .option(
      '--trusted-proxies <list>',
      'comma-separated addresses and CIDR ranges of the proxies in front whose Forwarded / X-Forwarded-For name the client; none by default (env DUBAN_TRUSTED_PROXIES)',
      proxies,
      fromEnv('DUBAN_TRUSTED_PROXIES', proxies, []),
    )
    .option('--live-feeds-per-token <n>', 'event streams one token may hold open (env DUBAN_SSE_PER_TOKEN)', wholeNumber, fromEnv('DUBAN_SSE_PER_TOKEN', wholeNumber, 20))
    .option('--live-feeds <n>', 'event streams open at once in all (env DUBAN_SSE_TOTAL)', wholeNumber, fromEnv('DUBAN_SSE_TOTAL', wholeNumber, 1000))
    .option(
      '--max-connections <n>',
      'connections open at once; more are closed at once — keep it below `ulimit -n` (env DUBAN_MAX_CONNECTIONS)',
      wholeNumber,
      fromEnv('DUBAN_MAX_CONNECTIONS', wholeNumber, DEFAULT_MAX_CONNECTIONS),
    )
    .option(
      '--headers-timeout <seconds>',
      'how long a client may take to send a request\'s headers before a 408 (env DUBAN_HEADERS_TIMEOUT_SECONDS)',
      seconds,
      fromEnv('DUBAN_HEADERS_TIMEOUT_SECONDS', seconds, DEFAULT_HEADERS_TIMEOUT_MS / 1000),
    )
    .option(
      '--request-timeout <seconds>',
      'how long a client may take to send a whole request, body included, before a 408 (env DUBAN_REQUEST_TIMEOUT_SECONDS)',
      seconds,
      fromEnv('DUBAN_REQUEST_TIMEOUT_SECONDS', seconds, DEFAULT_REQUEST_TIMEOUT_MS / 1000),
    );
}

/** What the app takes of them. */
export function edgeHttpOptions(options: EdgeOptions): Pick<HttpOptions, 'trustedProxies' | 'liveFeeds'> {
  return { trustedProxies: options.trustedProxies, liveFeeds: { perToken: options.liveFeedsPerToken, total: options.liveFeeds } };
}

/** What the server takes of them. */
export function edgeListenOptions(options: EdgeOptions): Pick<ListenOptions, 'maxConnections' | 'headersTimeoutMs' | 'requestTimeoutMs'> {
  return { maxConnections: options.maxConnections, headersTimeoutMs: options.headersTimeout * 1000, requestTimeoutMs: options.requestTimeout * 1000 };
}
