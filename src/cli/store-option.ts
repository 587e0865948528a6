// The --store option every command that touches a store takes.
import { defaultStoreUrl } from '../store/open-store.ts';

export const storeOption = ['--store <url>', 'event store URL (env DUBAN_STORE)', process.env.DUBAN_STORE || defaultStoreUrl] as const;
