// Naming an EventStoreDB server: connection strings, what a log may show of one, and client errors as store errors.
import { StoreError } from '../errors.ts';

/** Client errors as store errors (the port's own pass through). */
export function translate(err: unknown, description: string): unknown {
  if (err instanceof StoreError) return err;
  if (err instanceof Error) return new StoreError(`EventStoreDB at ${description}: ${err.message}`, { cause: err });
  return err;
}

/**
 * The connection string for client 6.x: esdb:// and esdb+discover:// as written; kurrentdb:// and kdb://
 * (and their +discover forms), KurrentDB's names for the same, which 6.x does not know, as esdb://.
 * (@kurrent/kurrentdb-client reads all of them itself.)
 */
export function esdbConnectionString(url: string): string {
  return url.trim().replace(/^(?:kurrentdb|kdb)(\+discover)?:\/\//i, (_m, discover: string | undefined) => `esdb${discover ?? ''}://`);
}

/** Hides the password of a URL's userinfo (user:secret@host → user:***@host). */
export function redact(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^/@]*@/i, '$1:***@');
}

/** Where the read model of an ESDB store lives by default: a local SQLite file named for the server. */
export function esdbReadModelPath(connectionString: string, dir = './data'): string {
  const hosts =
    connectionString
      .replace(/^[a-z+]+:\/\//i, '')
      .replace(/^[^@/]*@/, '')
      .split(/[/?]/)[0] ?? 'esdb';
  const slug = hosts.replace(/[^a-z0-9.-]+/gi, '_').replace(/^_+|_+$/g, '') || 'esdb';
  return `${dir}/esdb-${slug}.read-model.db`;
}
