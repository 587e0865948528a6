// `duban serve` as a real process on an ephemeral port, for whatever needs the process itself: tests of
// several instances, restarts and signals, the crash test, the HTTP benchmark.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ownBin = fileURLToPath(new URL('../bin/duban.js', import.meta.url));

/** Node's flags for `duban serve`, as `npm start` and bin/duban.js's shebang give them (see there). */
export const DUBAN_NODE_FLAGS = ['--min-semi-space-size=32', '--max-semi-space-size=32'];

export interface ServedProcess {
  url: string;
  /** The port of `url`. */
  port: number;
  child: ChildProcess;
  /** The log lines so far (stdout JSON lines and stderr chunks), the last `maxLogLines` of them. */
  logs: string[];
  /** The exit code once the process has exited (null when a signal ended it). */
  exited: Promise<number | null>;
  /** Resolves once a log line contains `text` (at once if one already has). */
  waitFor(text: string): Promise<void>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export interface ServeOptions {
  /** Arguments after `serve`. */
  args?: string[];
  /** Node's own flags, e.g. --cpu-prof, after DUBAN_NODE_FLAGS (a later flag wins). */
  nodeArgs?: string[];
  /** Another checkout's bin/duban.js (and cwd), to run its code; default this one's. */
  bin?: string;
  cwd?: string;
  /** Given up on, and killed, if it has not said where it listens by then. Default 60 s. */
  startTimeoutMs?: number;
  /** How many log lines to keep (the last ones). Default all. */
  maxLogLines?: number;
  /** Pass the server's stderr through instead of keeping it in `logs`. */
  inheritStderr?: boolean;
}

/** Starts `duban serve` with these environment variables; resolves once it logs where it listens. */
export function serveProcess(env: Record<string, string>, o: ServeOptions = {}): Promise<ServedProcess> {
  const maxLogLines = o.maxLogLines ?? Number.POSITIVE_INFINITY;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...DUBAN_NODE_FLAGS, ...(o.nodeArgs ?? []), o.bin ?? ownBin, 'serve', ...(o.args ?? [])], {
      ...(o.cwd ? { cwd: o.cwd } : {}),
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', o.inheritStderr ? 'inherit' : 'pipe'],
    });
    const logs: string[] = [];
    const waiters: { text: string; done: () => void }[] = [];
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    let buffer = '';
    let started = false;
    const timer = setTimeout(() => {
      if (started) return;
      child.kill('SIGKILL');
      reject(new Error(`duban serve did not start within ${(o.startTimeoutMs ?? 60_000) / 1000} s:\n${logs.slice(-20).join('\n')}`));
    }, o.startTimeoutMs ?? 60_000);
    timer.unref();
    const stop = () => {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      return exited;
    };
    const waitFor = (text: string) => (logs.some((l) => l.includes(text)) ? Promise.resolve() : new Promise<void>((done) => waiters.push({ text, done })));
    const log = (line: string) => {
      logs.push(line);
      if (logs.length > maxLogLines) logs.splice(0, logs.length - maxLogLines);
      for (const w of [...waiters]) {
        if (line.includes(w.text)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.done();
        }
      }
    };
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        log(line);
        let entry: { url?: string } = {};
        try {
          entry = JSON.parse(line) as { url?: string };
        } catch {
          // not a log line
        }
        if (entry.url && !started) {
          started = true;
          clearTimeout(timer);
          resolve({ url: entry.url, port: Number(new URL(entry.url).port), child, logs, exited, waitFor, stop });
        }
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => log(chunk.toString('utf8')));
    // Before it listens, an exit is a failure to start (after, the promise is settled and this does nothing).
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`duban serve exited with ${code} before listening:\n${logs.slice(-20).join('\n')}`));
    });
  });
}
