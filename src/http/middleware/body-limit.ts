// The request body limit. A body that announces its length is judged by its Content-Length header
// alone: hono's bodyLimit asks for the request's body stream first, which makes @hono/node-server
// build a whole Web Request (a ReadableStream, an AbortSignal) for every write — measured at some 6 %
// of a status change's time. A body without a length (chunked, or a Request made in process) goes to hono's.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';

export interface BodyLimitOptions {
  maxSize: number;
  onError: (c: Context) => Response | Promise<Response>;
}

export function bodyLimit(options: BodyLimitOptions): MiddlewareHandler {
  const streamed = honoBodyLimit(options);
  return async (c, next) => {
    const length = c.req.header('content-length');
    // Chunked, or a Request made in process (its body carries no length header): read and counted.
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) {
      return c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : streamed(c, next);
    }
    return Number.parseInt(length, 10) > options.maxSize ? options.onError(c) : next();
  };
}
