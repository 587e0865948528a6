// Serving the hono app over HTTP with @hono/node-server, and stopping cleanly.
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo, Socket } from 'node:net';
import type { Hono } from 'hono';

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
    const onError = (error: Error) => reject(error);
    server = serve({ fetch: hono.fetch, port: options.port, hostname: options.host }, (address) => {
      server.off('error', onError);
      resolve({
        address,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            // Idle keep-alive connections would hold close() open.
            if ('closeIdleConnections' in server) server.closeIdleConnections();
            for (const socket of unused) socket.destroy();
          }),
      });
    });
    server.on('error', onError);
    server.on('connection', (socket: Socket) => {
      unused.add(socket);
      socket.once('close', () => unused.delete(socket));
    });
    server.on('request', (request: { socket: Socket }) => unused.delete(request.socket));
  });
}
