// What identifies the fold code a read model was built by. Change what a fold runs and a read model
// built by the old code stops fitting, so it is rebuilt rather than trusted. What it runs is every
// module the runner and the projections import at run time, transitively (a domain module the plan
// catalogue applies amendments with counts as much as the catalogue), as esbuild bundles it: types
// erased, comments and whitespace gone, so an edit that changes no code rebuilds nothing. The
// packages they import count by their installed version.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// tsx, which runs duban from its sources, brings esbuild: the bundler reads the import graph as Node will.
import { buildSync, version as esbuildVersion } from 'esbuild';

const SNAPSHOT_FORMAT = '3'; // 2: keyed versions in the read model; 3: versions stored as changes from the one before (version-chain.ts)
/** The runner decides how versions are stamped (valid time kept monotone per key) and, through version-chain.ts, how they are written. */
const RUNNER = 'src/app/read-model/read-model-runner.ts';

let ours: string | undefined;

/** The fingerprint of this checkout's fold code, computed once per process. */
export function projectionFingerprint(): string {
  ours ??= fingerprintOf(fileURLToPath(new URL('../../', import.meta.url)));
  return ours;
}

/** The fingerprint of the fold code in the tree at `root` (the repository's top folder). */
export function fingerprintOf(root: string): string {
  const entryPoints = [
    ...readdirSync(join(root, 'projections'))
      .filter((f) => f.endsWith('.ts'))
      .sort()
      .map((f) => `projections/${f}`),
    RUNNER,
  ];
  const { code, packages } = cachedBundle(root, entryPoints) ?? bundle(root, entryPoints);
  const hash = createHash('sha256').update(`format ${SNAPSHOT_FORMAT}\n${code}\n`);
  for (const name of packages) hash.update(`${name}@${installedVersion(root, name)}\n`);
  return hash.digest('hex');
}

interface Bundle {
  /** The hash of the bundled code. */
  code: string;
  /** The packages it imports, sorted. */
  packages: string[];
  /** The files it was made of, and the hash of their sources as read: while that holds, so does the bundle. */
  inputs: string[];
  sources: string;
}

function bundle(root: string, entryPoints: string[]): Bundle {
  const started = Date.now();
  const { outputFiles, metafile } = buildSync({
    absWorkingDir: root,
    entryPoints,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    minifyWhitespace: true,
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    metafile: true,
    outdir: 'fingerprint',
    logLevel: 'silent',
  });
  const hash = createHash('sha256');
  // Output paths name each entry and each shared chunk by its content: sorted, the set is the code.
  for (const file of [...outputFiles].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(`${file.path.slice(join(root, 'fingerprint').length)}\n`).update(file.contents);
  }
  const packages = new Set<string>();
  for (const input of Object.values(metafile.inputs)) {
    for (const { path, external } of input.imports) if (external && !isBuiltin(path)) packages.add(packageName(path));
  }
  const inputs = Object.keys(metafile.inputs).sort();
  const made: Bundle = { code: hash.digest('hex'), packages: [...packages].sort(), inputs, sources: sourcesHash(root, entryPoints, inputs) ?? '' };
  // A file written while it was bundled might be hashed as it is now but bundled as it was: not kept.
  if (inputs.every((input) => statSync(join(root, input)).mtimeMs < started - 2000)) saveCache(root, made);
  return made;
}

// Bundling costs a few hundred ms (esbuild is a process of its own), paid by every process that
// opens an application, each test file's too. Its result is kept beside the packages, valid while
// the entries and every file it read are byte for byte the same; a file it did not read cannot change it.
const cacheFile = (root: string) => join(root, 'node_modules', '.cache', 'duban', 'projection-bundle.json');

function cachedBundle(root: string, entryPoints: string[]): Bundle | undefined {
  try {
    const cached = JSON.parse(readFileSync(cacheFile(root), 'utf8')) as Bundle;
    return sourcesHash(root, entryPoints, cached.inputs) === cached.sources ? cached : undefined;
  } catch {
    return undefined;
  }
}

function saveCache(root: string, made: Bundle): void {
  try {
    const file = cacheFile(root);
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}`;
    writeFileSync(temporary, JSON.stringify(made));
    renameSync(temporary, file); // whole or not at all, when processes write it at once
  } catch {
    // A read-only checkout bundles at every start, no worse.
  }
}

function sourcesHash(root: string, entryPoints: string[], inputs: string[]): string | undefined {
  const hash = createHash('sha256').update(`esbuild ${esbuildVersion}\n${entryPoints.join('\n')}\n\n`);
  try {
    // tsconfig.json too: esbuild reads it (how imports and class fields compile).
    for (const input of ['tsconfig.json', ...inputs]) hash.update(`${input}\n`).update(readFileSync(join(root, input)));
  } catch {
    return undefined; // a file gone: bundle again
  }
  return hash.digest('hex');
}

/** `zod/v4` → zod, `@scope/pkg/sub` → @scope/pkg. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

function installedVersion(root: string, name: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unversioned';
  } catch {
    return 'not installed';
  }
}
