// The harness's duban behind a real HTTP server on a free port, for tests that need the wire: raw
// bytes, missing headers, what happens to a connection. Raw requests go over node:net.
import { connect } from 'node:net';
import { createHttpApp, type HttpOptions } from '../../src/http/app.ts';
import { type ListenOptions, listen, type RunningServer } from '../../src/http/server.ts';
import { actingAsOffice, type Harness } from './harness.ts';

export interface SocketServer {
  base: string;
  port: number;
  close(): Promise<void>;
}

/** Serves the harness's application the way the harness does (responses validated, bugs collected); `connection` bounds its connections (server.ts). */
export async function serveHarness(h: Harness, options: HttpOptions = {}, connection: Omit<ListenOptions, 'port' | 'host'> = {}): Promise<SocketServer> {
  const { hono } = createHttpApp(h.app, {
    // As the office unless a request sends its own token (test/http/access.test.ts runs real tokens only).
    access: actingAsOffice(h.app),
    validateResponses: true,
    storeKind: 'sqlite',
    onBug: (error) => {
      h.bugs.push(error);
    },
    ...options,
  });
  const server: RunningServer = await listen(hono, { port: 0, host: '127.0.0.1', ...connection });
  return { base: `http://127.0.0.1:${server.address.port}`, port: server.address.port, close: () => server.close() };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The server ended the connection with FIN (not a reset). */
  ended: boolean;
  /** A socket error (ECONNRESET, EPIPE), if one happened. */
  error?: string;
}

/** Parses the first HTTP/1.1 response (Content-Length framed) out of what a socket received. */
export function parseResponse(bytes: Buffer): Omit<RawResponse, 'ended'> & { rest: Buffer } {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`no complete response head in ${JSON.stringify(bytes.toString('latin1').slice(0, 200))}`);
  const [statusLine = '', ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  const body = bytes.subarray(end + 4, end + 4 + length);
  return { status: Number(statusLine.split(' ')[1]), headers, body: body.toString('utf8'), rest: bytes.subarray(end + 4 + length) };
}

/**
 * Sends bytes as they are and reads until the server closes. `andThen` is written once the first
 * response has arrived (a next request on the same connection, say); the socket is half-open so
 * it can still write after the server's FIN, as a client that has not noticed would.
 */
export function rawExchange(
  port: number,
  request: Buffer | string,
  options: { andThen?: Buffer | string; waitMs?: number } = {},
): Promise<RawResponse & { received: Buffer }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    const chunks: Buffer[] = [];
    let ended = false;
    let error: string | undefined;
    let sentThen = false;
    const timer = setTimeout(() => socket.destroy(new Error('no close within 10 s')), options.waitMs ?? 10_000);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (options.andThen !== undefined && !sentThen && Buffer.concat(chunks).includes('\r\n\r\n')) {
        sentThen = true;
        socket.write(options.andThen, (e) => {
          if (e) error ??= (e as NodeJS.ErrnoException).code ?? e.message;
        });
      }
    });
    socket.on('end', () => {
      ended = true;
      // Give a reset for the bytes written after the response a moment to arrive.
      setTimeout(() => socket.end(), 100);
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error ??= e.code ?? e.message;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const received = Buffer.concat(chunks);
      try {
        const { rest: _rest, ...response } = parseResponse(received);
        resolve({ ...response, ended, ...(error ? { error } : {}), received });
      } catch (e) {
        reject(new Error(`${(e as Error).message}${error ? ` (socket error ${error})` : ''}`));
      }
    });
    socket.write(request);
  });
}
