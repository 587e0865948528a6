// `duban serve` as a real process on an ephemeral port, for tests where processes matter: several
// instances on one store, restarts, signals.
import { spawn, type ChildProcess } from 'node:child_process';

const bin = new URL('../../bin/duban.js', import.meta.url).pathname;

export interface ServedProcess {
  url: string;
  child: ChildProcess;
  /** Every log line so far (stdout JSON lines and stderr chunks). */
  logs: string[];
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `duban serve` with these environment variables; resolves once it logs where it listens. */
export function serveProcess(env: Record<string, string>, args: string[] = []): Promise<ServedProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'serve', ...args], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const logs: string[] = [];
    let buffer = '';
    const stop = () =>
      new Promise<number | null>((done) => {
        if (child.exitCode !== null) return done(child.exitCode);
        child.removeAllListeners('exit');
        child.on('exit', (code) => done(code));
        child.kill('SIGTERM');
      });
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        logs.push(line);
        let entry: { url?: string } = {};
        try {
          entry = JSON.parse(line) as { url?: string };
        } catch {
          // not a log line
        }
        if (entry.url) resolve({ url: entry.url, child, logs, stop });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => logs.push(chunk.toString('utf8')));
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${logs.join('\n')}`)));
  });
}
