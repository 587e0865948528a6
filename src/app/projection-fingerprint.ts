// What identifies the fold code a read model was built by: a hash of the projections' own source.
// Change a fold and a read model built by the old code stops fitting, so they are rebuilt rather than trusted.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

const SNAPSHOT_FORMAT = '3'; // 2: keyed versions in the read model; 3: versions stored as changes from the one before (version-chain.ts)
const dir = new URL('../../projections/', import.meta.url);

export function projectionFingerprint(): string {
  const hash = createHash('sha256').update(`format ${SNAPSHOT_FORMAT}\n`);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
    hash.update(`${file}\n`).update(readFileSync(new URL(file, dir)));
  }
  // The runner decides how versions are stamped (valid time kept monotone per key), and these how
  // they are written (whole, or as changes): they count too.
  for (const file of ['read-model-runner.ts', 'version-chain.ts', 'state-changes.ts']) {
    hash.update(`${file}\n`).update(readFileSync(new URL(`./read-model/${file}`, import.meta.url)));
  }
  return hash.digest('hex');
}
