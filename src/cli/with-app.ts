import { hostname, userInfo } from 'node:os';
import { createApplication } from '../app/application.ts';
import { loadTokenSecret } from '../app/token/token-secret.ts';
import { openStore, parseStoreUrl } from '../store/open-store.ts';

/** Who a token command acts as: the office, at this machine's command line. */
export function cliActor() {
  return { id: 'cli', role: 'office', name: `duban tokens (${userInfo().username}@${hostname()})` };
}

/**
 * The application on the store; to issue, its token hashes keyed with the server's secret. Only an
 * embedded store's folder is certain to be the server's: for a shared store the secret must already
 * be there (DUBAN_DATA_DIR, DUBAN_TOKEN_SECRET_FILE), or a token issued here would not work on the server.
 */
export async function withApp<T>(
  storeUrl: string,
  work: (app: ReturnType<typeof createApplication>) => Promise<T>,
  options: { hashes?: boolean } = {},
): Promise<T> {
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
