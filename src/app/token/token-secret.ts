// A token and its hash: 256 random bits, prefixed so a leaked one is recognisable; only the
// SHA-256 of it is ever recorded.
import { createHash, randomBytes } from 'node:crypto';

export const newToken = () => `dbn_${randomBytes(32).toString('base64url')}`;
export const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
