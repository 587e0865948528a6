// What identifies the fold code a snapshot was made by: a hash of the projections' own source.
// Change a fold and old snapshots stop fitting, so they are rebuilt rather than trusted.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

const SNAPSHOT_FORMAT = '1';
const dir = new URL('../../projections/', import.meta.url);

export function projectionFingerprint(): string {
  const hash = createHash('sha256').update(`format ${SNAPSHOT_FORMAT}\n`);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
    hash.update(`${file}\n`).update(readFileSync(new URL(file, dir)));
  }
  return hash.digest('hex');
}
