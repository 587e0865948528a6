// What Node answers itself, before a request reaches the app: a request it cannot parse (400), headers
// over its limit (431), a body over its chunk-extension limit (413), a client too slow to send its
// headers or its body (408). Node would write a bare status line; duban answers Problem Details like
// everywhere else, then closes the connection — nothing more can be read from it with any sense.
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { ProblemError } from './problem.ts';

const answered = new WeakSet<Socket>();

function problemOf(code: string | undefined): ProblemError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return new ProblemError(431, 'headers-too-large', { en: "the request's headers are too large", zh: '请求头过大' });
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return new ProblemError(413, 'chunk-extensions-too-large', { en: "the request's chunk extensions are too large", zh: '请求的分块扩展过大' });
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ProblemError(408, 'request-timeout', {
        en: 'the request did not arrive in time; send it again, whole',
        zh: '请求未能按时送达；请重新完整发送',
      });
    default:
      return new ProblemError(400, 'malformed-request', { en: 'the request is not well-formed HTTP/1.1', zh: '请求不是格式正确的 HTTP/1.1' });
  }
}

/** The raw response: status line, headers and a problem+json body, closing the connection. */
export function problemBytes(problem: ProblemError): string {
  const body = JSON.stringify(problem.body());
  const reason = problem.body().title;
  return (
    `HTTP/1.1 ${problem.status} ${reason}\r\n` +
    'Content-Type: application/problem+json\r\n' +
    'Content-Language: en\r\n' +
    'Cache-Control: no-store\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Connection: close\r\n\r\n' +
    body
  );
}

/** A `clientError` listener for a node:http server. */
export function answerClientError(log: Logger | undefined) {
  return (error: NodeJS.ErrnoException, socket: Socket): void => {
    if (answered.has(socket)) return; // what still arrives on a connection already answered
    answered.add(socket);
    const problem = problemOf(error.code);
    // A response already begun cannot be followed by another; a gone client gets nothing.
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    const writable = error.code !== 'ECONNRESET' && socket.writable && !inFlight?.headersSent;
    log?.info(
      {
        method: null,
        route: null,
        status: writable ? problem.status : null,
        client: socket.remoteAddress ?? null,
        actor: null,
        problem: problem.code,
        error: error.code ?? error.message,
      },
      'request refused by the HTTP parser',
    );
    if (!writable) {
      socket.destroy();
      return;
    }
    socket.write(problemBytes(problem));
    // Half-closes, drains what the client still sends, then closes (server.ts), so the answer is read rather than reset.
    socket.destroySoon();
  };
}
