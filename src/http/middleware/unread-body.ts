// A request answered without its body being read (a 404, 405 or 415, say) leaves that body on the
// connection: the next request would queue behind bytes nobody reads, and the connection is reset
// under it. Such a response closes the connection instead; server.ts drains what is left and
// closes cleanly, and the client knows to take a new connection.
import type { MiddlewareHandler } from 'hono';

export const closeOnUnreadBody: MiddlewareHandler = async (c, next) => {
  await next();
  const raw = c.req.raw;
  const sentBody = Number(raw.headers.get('content-length') ?? 0) > 0 || raw.headers.has('transfer-encoding');
  if (sentBody && !raw.bodyUsed) c.header('Connection', 'close');
};
