// npm test: every check the project has, one part after another, stopping at the first that fails
// (with its exit code), then a table of how long each part took. A part whose npm script is missing
// from package.json fails.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

interface Part {
  name: string;
  command: string[];
  /** The npm script the part runs; the part is skipped when package.json has none of that name. */
  script?: string;
}

const npmRun = (script: string): Part['command'] => ['npm', 'run', '--silent', script];

const parts: Part[] = [
  { name: 'type check', command: ['tsc', '-p', '.'] },
  { name: 'lint', command: npmRun('lint'), script: 'lint' },
  { name: 'dependency rules', command: npmRun('lint:deps'), script: 'lint:deps' },
  { name: 'unit tests', command: ['vitest', 'run', '--project', 'unit'] },
  // Crash, PostgreSQL, several instances, browser and document suites: vitest.config.ts names them.
  { name: 'slow suites', command: ['vitest', 'run', '--project', 'slow'] },
  { name: 'OpenAPI lint', command: npmRun('lint:openapi'), script: 'lint:openapi' },
];

const root = new URL('..', import.meta.url).pathname;
const scripts: Record<string, string> = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).scripts ?? {};
// Run outside npm (tsx scripts/test.ts), the local binaries are still found.
const env = { ...process.env, PATH: `${root}node_modules/.bin:${process.env.PATH ?? ''}` };

type Outcome = 'pass' | 'FAIL' | 'not run';
const rows: { name: string; seconds: number | null; outcome: Outcome }[] = [];

function run(command: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { cwd: root, env, stdio: 'inherit' });
    child.on('error', (error) => {
      console.error(`${command[0]}: ${error.message}`);
      resolve(127);
    });
    // Killed by a signal: the shell's convention, 128 + its number.
    child.on('exit', (code, signal) => resolve(code ?? 128 + (signal ? osSignal(signal) : 0)));
  });
}

function osSignal(signal: NodeJS.Signals): number {
  return ({ SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[signal] ?? 1;
}

function table(): string {
  const lines = [['part', 'seconds', 'result'], ...rows.map((r) => [r.name, r.seconds === null ? '' : r.seconds.toFixed(1), r.outcome])];
  const widths = [0, 1, 2].map((i) => Math.max(...lines.map((l) => l[i]!.length)));
  const format = (l: string[]) => `${l[0]!.padEnd(widths[0]!)}  ${l[1]!.padStart(widths[1]!)}  ${l[2]}`;
  const total = rows.reduce((sum, r) => sum + (r.seconds ?? 0), 0);
  return [format(lines[0]!), ...lines.slice(1).map(format), format(['total', total.toFixed(1), ''])].join('\n');
}

let failed = 0;
for (const part of parts) {
  if (failed) {
    rows.push({ name: part.name, seconds: null, outcome: 'not run' });
    continue;
  }
  if (part.script && !(part.script in scripts)) {
    // A check that is not there is a failure, not a pass: nothing may drop out of npm test unseen.
    console.error(`npm test: package.json has no script ${part.script} for the part "${part.name}"`);
    rows.push({ name: part.name, seconds: null, outcome: 'FAIL' });
    failed = 1;
    continue;
  }
  console.log(`\n── ${part.name}: ${part.command.join(' ')}`);
  const started = performance.now();
  const code = await run(part.command);
  const seconds = (performance.now() - started) / 1000;
  rows.push({ name: part.name, seconds, outcome: code === 0 ? 'pass' : 'FAIL' });
  if (code !== 0) failed = code;
}

console.log(`\n${table()}`);
process.exitCode = failed;
