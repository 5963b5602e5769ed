/**
 * `nodeListener(handler)`: either proxy on `node:http`:
 * `createServer(nodeListener(proxy)).listen(8787, '127.0.0.1')`.
 *
 * A malformed request of any kind gets a 4xx and the server keeps serving: everything that can
 * throw, building the `Request` included, runs inside one promise chain whose failure is answered.
 * What Node's own parser refuses (an invalid method or header, a request line or headers over
 * its size limit) Node answers itself, 400 or 431, without calling the listener.
 */
import { PATH_TRICKS, type ProxyContext, type ProxyHandler } from './http.js';

/** The parts of `node:http`'s IncomingMessage the adapter reads (so the types need no @types/node). */
export interface NodeRequest {
  method?: string | undefined;
  url?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** Where the client's address comes from: the connection's, never a header's. */
  socket?: { remoteAddress?: string | undefined } | undefined;
  on(event: 'error', listener: (error: unknown) => void): unknown;
}
/** The parts of `node:http`'s ServerResponse the adapter writes. */
export interface NodeResponse {
  headersSent: boolean;
  writableFinished?: boolean | undefined;
  writeHead(status: number, headers: Record<string, string | string[]>): unknown;
  end(body?: Uint8Array): unknown;
  destroy(): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
}

/** Longest request target taken (Node's own header limit is 16 KiB in all). */
const MAX_TARGET = 8192;
/** A request may not announce a body larger than this; neither proxy reads one. */
const MAX_BODY = 64 * 1024;
/** A Host header as RFC 9110 allows it: a name or address, maybe a port. */
const HOST = /^(?:[a-z0-9-_.~!$&'()*+,;=%]+|\[[0-9a-f:.]+\])(?::\d{0,5})?$/i;
/** Methods the Fetch API refuses to carry: `new Request()` throws on them. */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

class Refused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function toRequest(request: NodeRequest, signal: AbortSignal): Request {
  const method = (request.method ?? 'GET').toUpperCase();
  if (FORBIDDEN_METHODS.has(method)) throw new Refused(405, 'method not allowed');
  const target = request.url ?? '/';
  if (target.length > MAX_TARGET) throw new Refused(414, 'request target too long');
  // Origin form only: no absolute URL (a proxy request), no `*`.
  if (!target.startsWith('/') || target.startsWith('//')) throw new Refused(400, 'malformed request target');
  // eslint-disable-next-line no-control-regex -- control characters and spaces are what this refuses
  if (/[\u0000-\u0020\u007f-\uffff]/.test(target)) throw new Refused(400, 'malformed request target');
  if (PATH_TRICKS.test(target.split('?')[0]!)) throw new Refused(400, 'malformed path');
  const host = typeof request.headers.host === 'string' ? request.headers.host : 'localhost';
  if (!HOST.test(host)) throw new Refused(400, 'malformed Host header');
  const length = request.headers['content-length'];
  if ((typeof length === 'string' && Number(length) > MAX_BODY) || request.headers['transfer-encoding']) {
    throw new Refused(413, 'request body not taken');
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  // The body is never forwarded: both proxies answer GET and HEAD only.
  return new Request(`http://${host}${target}`, { method, headers, signal });
}

const encoder = new TextEncoder();

/**
 * Adapts a `(Request) => Promise<Response>` handler to `node:http`'s `(request, response)` listener.
 * The handler learns the client's address from the socket (`context.remoteAddr`), and
 * `request.signal` aborts when the client goes away before its answer is sent.
 */
export function nodeListener(handler: ProxyHandler): (request: NodeRequest, response: NodeResponse) => void {
  return (request, response) => {
    // A client that goes away mid-request is no error of ours, and must not become an uncaught one.
    request.on('error', () => {});
    response.on('error', () => {});
    const gone = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) gone.abort(new DOMException('The client went away', 'AbortError'));
    });
    const context: ProxyContext = { remoteAddr: { hostname: request.socket?.remoteAddress } };
    const method = (request.method ?? 'GET').toUpperCase();
    void Promise.resolve()
      .then(() => handler(toRequest(request, gone.signal), context))
      .then(async (answer) => {
        const headers: Record<string, string | string[]> = {};
        answer.headers.forEach((value, name) => (headers[name] = value));
        const cookies = answer.headers.getSetCookie?.() ?? [];
        if (cookies.length) headers['set-cookie'] = cookies;
        const body = method === 'HEAD' ? undefined : new Uint8Array(await answer.arrayBuffer());
        response.writeHead(answer.status, headers);
        response.end(body);
      })
      .catch((error: unknown) => {
        if (response.headersSent) return void response.destroy();
        const status = error instanceof Refused ? error.status : error instanceof TypeError ? 400 : 500;
        const message = error instanceof Refused ? error.message : status === 400 ? 'malformed request' : 'proxy failure';
        response.writeHead(status, {
          'Content-Type': 'application/json; charset=utf-8',
          'Cache-Control': 'no-store',
          ...(status === 413 && { Connection: 'close' }),
        });
        response.end(encoder.encode(JSON.stringify({ error: message })));
      })
      .catch(() => response.destroy());
  };
}
