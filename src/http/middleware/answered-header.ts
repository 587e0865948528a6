// Setting a header on a response a route has already made. hono's c.header() would copy the response
// into a new one, and @hono/node-server then loses its fast path (it writes the body as a stream,
// through undici's Response): a third of the server's work on a small answer. The headers of a made
// response can be changed in place instead; only one whose headers are immutable is copied.
import type { Context } from 'hono';

export function setAnsweredHeader(c: Context, name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch {
    c.header(name, value);
  }
}
