// Serving the hono app over HTTP with @hono/node-server, and stopping cleanly. The connection is
// bounded here: a client has seconds, not minutes, to send its headers and its whole request; the
// process holds at most so many connections (Node drops those beyond at once); and what Node answers
// itself (400, 408, 431) is Problem Details like the rest (./client-error.ts).

import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Logger } from 'pino';
import { answerClientError } from './client-error.ts';

/** How long a closing connection keeps reading (and dropping) what the client still sends. */
const LINGER_MS = 2_000;
/** How long an idle keep-alive connection stays open. */
const KEEP_ALIVE_MS = 65_000;
/** How much it reads so before it gives up and closes anyway. */
const LINGER_BYTES = 16 * 1024 * 1024;

/**
 * Closes a connection without losing the last response. Node closes a `Connection: close` response's
 * socket (a 413, say) as soon as it is written; if the client is still sending the refused body, or
 * already sent its next request, the kernel answers those bytes with a reset, which can destroy the
 * response before the client reads it. So: half-close (the client sees a clean end after the
 * response), read and drop what still arrives until the client closes its side or a bound is hit,
 * then close.
 */
function lingeringClose(socket: Socket, lingering: Set<Socket>, stopping: () => boolean): void {
  const destroySoon = socket.destroySoon;
  socket.destroySoon = function (this: Socket) {
    // A stopping server does not wait on clients; nor is there anything to wait for once they have closed.
    if (stopping() || this.readableEnded) return destroySoon.call(this);
    if (lingering.has(this)) return;
    lingering.add(this);
    const done = () => {
      clearTimeout(timer);
      lingering.delete(this);
      this.destroy();
    };
    const timer = setTimeout(done, LINGER_MS);
    timer.unref();
    let read = 0;
    // Nothing more is parsed: what comes now is the refused body, or requests this connection no longer takes.
    this.removeAllListeners('data');
    this.on('data', (chunk: Buffer) => {
      read += chunk.length;
      if (read > LINGER_BYTES) done();
    });
    this.once('end', done);
    this.once('error', done);
    this.once('close', () => {
      clearTimeout(timer);
      lingering.delete(this);
    });
    if (this.writable) this.end();
    this.resume();
  };
}

export interface RunningServer {
  address: AddressInfo;
  close(): Promise<void>;
}

export interface ListenOptions {
  port: number;
  host: string;
  /** How long a client may take to send a request's headers, in ms (default 10 s; DUBAN_HEADERS_TIMEOUT_SECONDS). */
  headersTimeoutMs?: number;
  /** How long it may take to send the whole request, body included, in ms (default 30 s; DUBAN_REQUEST_TIMEOUT_SECONDS). */
  requestTimeoutMs?: number;
  /** Connections open at once, live feeds and idle keep-alive ones included; those beyond are closed at once (default 2000; DUBAN_MAX_CONNECTIONS). */
  maxConnections?: number;
  /** Where refused connections and what Node answered itself are logged. */
  log?: Logger;
}

export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_CONNECTIONS = 2000;

export function listen(hono: Hono, options: ListenOptions): Promise<RunningServer> {
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  // Node refuses a headers timeout longer than the request's.
  const headersTimeout = Math.min(options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS, requestTimeout);
  return new Promise((resolve, reject) => {
    let server: ServerType;
    // Connections that have not sent a request yet: Node's fetch opens a spare one after an aborted
    // response (an event stream client hanging up), and close() would wait until the client drops it.
    const unused = new Set<Socket>();
    const lingering = new Set<Socket>();
    // Responses not yet finished: when the server stops, each ends its connection once written, so the
    // client's keep-alive connection does not hold close() open until it times out.
    const inFlight = new Set<ServerResponse>();
    let stopping = false;
    const onError = (error: Error) => reject(error);
    server = serve(
      {
        fetch: hono.fetch,
        port: options.port,
        hostname: options.host,
        serverOptions: {
          headersTimeout,
          requestTimeout,
          // Node looks for late clients this often (30 s by default): a timeout of seconds needs a look every second or sooner.
          connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(headersTimeout / 4))),
        },
      },
      (address) => {
        server.off('error', onError);
        resolve({
          address,
          close: () =>
            new Promise<void>((done, fail) => {
              stopping = true;
              for (const response of inFlight) if (!response.headersSent) response.shouldKeepAlive = false;
              server.close((error) => (error ? fail(error) : done()));
              // Idle keep-alive connections would hold close() open.
              if ('closeIdleConnections' in server) server.closeIdleConnections();
              for (const socket of [...unused, ...lingering]) socket.destroy();
            }),
        });
      },
    );
    server.on('error', onError);
    // Behind a load balancer an idle connection must outlive the balancer's idle timeout (60 s is
    // common), or the balancer reuses a socket the server is closing; Node's 5 s default also races
    // clients' own keep-alive reuse on a busy machine. (The headers timeout runs from a request's
    // first byte, so an idle keep-alive connection is not cut by it.)
    const http = server as Server;
    http.keepAliveTimeout = KEEP_ALIVE_MS;
    http.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    http.on('drop', (data?: { remoteAddress?: string }) =>
      options.log?.warn(
        { client: data?.remoteAddress ?? null, maxConnections: http.maxConnections },
        'connection refused: the server holds as many as it takes',
      ),
    );
    http.on('clientError', answerClientError(options.log));
    server.on('connection', (socket: Socket) => {
      lingeringClose(socket, lingering, () => stopping);
      unused.add(socket);
      socket.once('close', () => unused.delete(socket));
    });
    server.on('request', (request: { socket: Socket }, response: ServerResponse) => {
      unused.delete(request.socket);
      if (stopping) response.shouldKeepAlive = false;
      inFlight.add(response);
      response.once('close', () => inFlight.delete(response));
    });
  });
}
