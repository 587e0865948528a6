// `duban serve` as a real process on an ephemeral port, for tests where processes matter: several
// instances on one store, restarts, signals.
import { spawn, type ChildProcess } from 'node:child_process';

const bin = new URL('../../bin/duban.js', import.meta.url).pathname;

export interface ServedProcess {
  url: string;
  /** The port of `url`. */
  port: number;
  child: ChildProcess;
  /** Every log line so far (stdout JSON lines and stderr chunks). */
  logs: string[];
  /** The exit code once the process has exited (null when a signal ended it). */
  exited: Promise<number | null>;
  /** Resolves once a log line contains `text` (at once if one already has). */
  waitFor(text: string): Promise<void>;
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
    const waiters: { text: string; done: () => void }[] = [];
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    let buffer = '';
    const stop = () => {
      if (child.exitCode !== null) return Promise.resolve(child.exitCode);
      child.kill('SIGTERM');
      return exited;
    };
    const waitFor = (text: string) =>
      logs.some((l) => l.includes(text)) ? Promise.resolve() : new Promise<void>((done) => waiters.push({ text, done }));
    const log = (line: string) => {
      logs.push(line);
      for (const w of [...waiters]) {
        if (line.includes(w.text)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.done();
        }
      }
    };
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        log(line);
        let entry: { url?: string } = {};
        try {
          entry = JSON.parse(line) as { url?: string };
        } catch {
          // not a log line
        }
        if (entry.url) resolve({ url: entry.url, port: Number(new URL(entry.url).port), child, logs, exited, waitFor, stop });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => log(chunk.toString('utf8')));
    // Before it listens, an exit is a failure to start (after, the promise is settled and this does nothing).
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${logs.join('\n')}`)));
  });
}
