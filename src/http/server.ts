// Serving the hono app over HTTP with @hono/node-server, and stopping cleanly.
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Hono } from 'hono';

export interface RunningServer {
  address: AddressInfo;
  close(): Promise<void>;
}

export function listen(hono: Hono, options: { port: number; host: string }): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    let server: ServerType;
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
          }),
      });
    });
    server.on('error', onError);
  });
}
