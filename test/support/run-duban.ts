// Runs the real `duban` command to its end and hands back what it printed: for tests of what the
// command line accepts and refuses.
import { spawn } from 'node:child_process';

export interface DubanRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

const bin = new URL('../../bin/duban.js', import.meta.url).pathname;

/** `duban <args>` with exactly this environment; killed after 30 s (a command that took what it should refuse may start serving). */
export function runDuban(args: string[], env: Record<string, string | undefined>): Promise<DubanRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
