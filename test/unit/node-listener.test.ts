// @vitest-environment node
/**
 * nodeListener on a real node:http server on 127.0.0.1, fed malformed HTTP over raw TCP sockets
 * (node:net), byte for byte as written: each gets a 4xx, and the server answers the next request.
 */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharedCountProxy, nodeListener } from '../../src/server/index.js';

let server: Server;
let port = 0;
const uncaught: unknown[] = [];
const onUncaught = (error: unknown) => uncaught.push(error);

beforeAll(async () => {
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  const proxy = createSharedCountProxy({
    apiKey: 'KEY',
    allowHosts: ['example.com'],
    prefix: '/api/sharedcount/',
    fetch: async () => new Response('{"Pinterest":1}', { status: 200 }),
  });
  server = createServer(nodeListener(proxy));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
  await new Promise((resolve) => server.close(resolve));
});

/** Sends `bytes` on a new connection and resolves with the status of the answer (0 if the server closed without one). */
function raw(bytes: string | Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
      // One answer is all we wait for: its head and as much body as it announced.
      const [head, body = ''] = text.split('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(head ?? '')?.[1];
      if (text.includes('\r\n\r\n') && (length === undefined || body.length >= Number(length))) socket.end();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? socket.destroy() : reject(error)));
    socket.on('close', () => resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0), text }));
    socket.setTimeout(3000, () => socket.destroy());
    socket.write(bytes);
  });
}

const good = `GET /api/sharedcount/?url=${encodeURIComponent('https://example.com/')} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`;
const request = (line: string, headers = 'Host: 127.0.0.1\r\n') => `${line}\r\n${headers}Connection: close\r\n\r\n`;

const malformed: [string, string | Buffer, number][] = [
  ['a Host header with a space', request('GET /api/sharedcount/ HTTP/1.1', 'Host: exa mple.com\r\n'), 400],
  ['a Host header with a path', request('GET /api/sharedcount/ HTTP/1.1', 'Host: example.com/evil\r\n'), 400],
  ['an empty Host header', request('GET /api/sharedcount/ HTTP/1.1', 'Host: \r\n'), 400],
  ['a Host header with a user', request('GET /api/sharedcount/ HTTP/1.1', 'Host: user@example.com\r\n'), 400],
  ['an absolute-form target', request('GET http://evil.example/api/sharedcount/ HTTP/1.1'), 400],
  ['an asterisk target', request('OPTIONS * HTTP/1.1'), 400],
  ['a path with ..', request('GET /api/sharedcount/../../etc/passwd HTTP/1.1'), 400],
  ['a path with %2e%2e', request('GET /api/%2e%2e/sharedcount/ HTTP/1.1'), 400],
  ['a path with a backslash', request('GET /api\\sharedcount/ HTTP/1.1'), 400],
  ['a path starting //', request('GET //evil.example/ HTTP/1.1'), 400],
  ['bad percent-encoding in the path', request('GET /api/%zz/ HTTP/1.1'), 404],
  ['bad percent-encoding in the query', request('GET /api/sharedcount/?url=%E0%A4%A&callback=%ZZ HTTP/1.1'), 400],
  [
    'a byte above ASCII in the path',
    Buffer.from('GET /api/\xff\xfe/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', 'latin1'),
    400,
  ],
  ['a method the Fetch API refuses (TRACE)', request('TRACE /api/sharedcount/ HTTP/1.1'), 405],
  ['CONNECT', request('CONNECT 127.0.0.1:443 HTTP/1.1'), 0],
  ['an unknown method', request('BREW /api/sharedcount/ HTTP/1.1'), 400],
  ['a lower-case method', request('get /api/sharedcount/ HTTP/1.1'), 400],
  ['a request target of 9,000 characters', request(`GET /api/sharedcount/?url=${'a'.repeat(9000)} HTTP/1.1`), 414],
  ['a request line over Node’s header limit', request(`GET /api/sharedcount/?url=${'a'.repeat(20_000)} HTTP/1.1`), 431],
  ['a body announced far too large', request('GET /api/sharedcount/ HTTP/1.1', 'Host: 127.0.0.1\r\nContent-Length: 100000000\r\n'), 413],
  [
    'a chunked body',
    request('POST /api/sharedcount/ HTTP/1.1', 'Host: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n') + '5\r\nhello\r\n0\r\n\r\n',
    413,
  ],
  ['a header without a colon', request('GET /api/sharedcount/ HTTP/1.1', 'Host: 127.0.0.1\r\nNonsense\r\n'), 400],
  ['a null byte in a header', request('GET /api/sharedcount/ HTTP/1.1', 'Host: 127.0.0.1\r\nX-A: a\0b\r\n'), 400],
  ['a TLS handshake sent to the plain port', Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03]), 400],
  ['an unsupported HTTP version', 'GET /api/sharedcount/ HTTP/3.0\r\nHost: 127.0.0.1\r\n\r\n', 400],
];

describe('nodeListener with malformed requests', () => {
  it('answers a well-formed request', async () => {
    const answer = await raw(good);
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('{"Pinterest":1}');
  });

  for (const [what, bytes, status] of malformed) {
    it(`answers ${what} with ${status || 'a closed connection'}, then serves the next request`, async () => {
      const answer = await raw(bytes);
      if (status === 0) expect(answer.status).toBe(0);
      else {
        expect(answer.status).toBe(status);
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
      }
      expect((await raw(good)).status, 'still serving').toBe(200);
      expect(uncaught).toEqual([]);
    });
  }

  it('survives all of them at once, on parallel connections', async () => {
    const answers = await Promise.all(malformed.map(([, bytes]) => raw(bytes)));
    expect(answers.map((answer) => answer.status)).toEqual(malformed.map(([, , status]) => status));
    expect((await raw(good)).status).toBe(200);
    expect(uncaught).toEqual([]);
  });

  it('answers HEAD without a body and a client that hangs up mid-request does no harm', async () => {
    const head = await raw(good.replace('GET', 'HEAD'));
    expect(head.status).toBe(200);
    expect(head.text.split('\r\n\r\n')[1]).toBe('');
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write('GET /api/sharedcount/?url=https%3A%2F%2Fexample.com%2Fx HTTP/1.1\r\nHost: 127.0.0.1\r\n');
        socket.destroy();
        resolve();
      });
    });
    expect((await raw(good)).status).toBe(200);
    expect(uncaught).toEqual([]);
  });
});
