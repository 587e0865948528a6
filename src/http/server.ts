// Serving the hono app over HTTP with @hono/node-server, and stopping cleanly.
import { serve, type ServerType } from '@hono/node-server';
import type { ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Hono } from 'hono';

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

export function listen(hono: Hono, options: { port: number; host: string }): Promise<RunningServer> {
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
    server = serve({ fetch: hono.fetch, port: options.port, hostname: options.host }, (address) => {
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
    });
    server.on('error', onError);
    // Behind a load balancer an idle connection must outlive the balancer's idle timeout (60 s is
    // common), or the balancer reuses a socket the server is closing; Node's 5 s default also races
    // clients' own keep-alive reuse on a busy machine.
    const http = server as import('node:http').Server;
    http.keepAliveTimeout = KEEP_ALIVE_MS;
    http.headersTimeout = KEEP_ALIVE_MS + 1_000;
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
