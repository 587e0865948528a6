// What identifies the fold code a read model was built by: a hash of the projections' own source.
// Change a fold and a read model built by the old code stops fitting, so they are rebuilt rather than trusted.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

const SNAPSHOT_FORMAT = '2'; // 2: keyed versions in the read model
const dir = new URL('../../projections/', import.meta.url);

export function projectionFingerprint(): string {
  const hash = createHash('sha256').update(`format ${SNAPSHOT_FORMAT}\n`);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
    hash.update(`${file}\n`).update(readFileSync(new URL(file, dir)));
  }
  // The runner decides how versions are stamped (valid time kept monotone per key): it counts too.
  const runner = new URL('./read-model/read-model-runner.ts', import.meta.url);
  hash.update('read-model-runner.ts\n').update(readFileSync(runner));
  return hash.digest('hex');
}
