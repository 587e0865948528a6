// Loaded into `duban serve` by `npm run bench:http -- --trace` (node --import), never by duban itself.
// It notes, for the benchmark, what the client cannot see: each POST's time inside the server (from the
// request event to the response's last byte handed to the socket), every garbage-collector pause, and
// the event loop's delay. At exit it writes them as JSON to the file named by DUBAN_BENCH_TRACE.
// Plain JavaScript: it runs before any loader, in the server's own process.

import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks';

const out = process.env.DUBAN_BENCH_TRACE;
if (out) {
  /** [start ms, duration ms] of each POST, in performance.now() time. */
  const requests = [];
  /** [start ms, duration ms] of each GC pause from the first POST on. */
  const pauses = [];
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  /** When the first POST came: what came before (the start, GET /health) is not counted. */
  let first = Infinity;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (...args) {
    const [event, req, res] = args;
    if (event === 'request' && req.method === 'POST') {
      const start = performance.now();
      if (first === Infinity) {
        first = start;
        delay.reset();
      }
      res.once('finish', () => requests.push([start, performance.now() - start]));
    }
    return emit.apply(this, args);
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.startTime >= first) pauses.push([e.startTime, e.duration]);
  }).observe({ entryTypes: ['gc'] });
  process.on('exit', () => {
    writeFileSync(out, JSON.stringify({ first, requests, pauses, loopDelayP99Ms: delay.percentile(99) / 1e6 }));
  });
}
