// @vitest-environment node
/**
 * The `store` option with a real Redis (Debian's redis-server, started here on 127.0.0.1 with a
 * port of this test's own, nothing saved to disk) through unstorage's Redis driver: two proxy
 * instances share it, and when it stops, both keep answering and each proxy logs one warning.
 * .ci/run installs redis-server when it is missing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { createStorage, type Storage } from 'unstorage';
import redisDriver from 'unstorage/drivers/redis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createShareableeProxy, createSharedCountProxy, type ProxyContext } from '../../src/server/index.js';

const REDIS = '/usr/bin/redis-server';
let redis: ChildProcess;
let storage: Storage;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  if (!existsSync(REDIS)) throw new Error(`${REDIS} is missing: apt-get install -y redis-server (.ci/run does)`);
  const port = await freePort();
  redis = spawn(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'pipe' });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    redis.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) resolve();
    });
    redis.on('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
  });
  // A dead Redis is retried quickly and its commands fail instead of queueing: the proxies time them out anyway.
  const driver = redisDriver({ host: '127.0.0.1', port, maxRetriesPerRequest: 1, retryStrategy: () => 200 });
  storage = createStorage({ driver });
  // Once Redis is stopped, ioredis reports every reconnection attempt; the proxies' own warning is what is tested.
  (driver.getInstance?.() as { on(event: 'error', listener: () => void): void } | undefined)?.on('error', () => {});
}, 15_000);

afterAll(async () => {
  await storage?.dispose();
  if (redis && redis.exitCode === null) redis.kill();
});

/** A context that keeps what a proxy leaves running (store writes), so the test can wait for it. */
function keeper() {
  const kept: Promise<unknown>[] = [];
  const context: ProxyContext = { waitUntil: (promise) => void kept.push(promise) };
  return { context, settled: () => Promise.all(kept.splice(0)) };
}

function sharedCount(log: (message: string) => void) {
  const calls: string[] = [];
  const proxy = createSharedCountProxy({
    apiKey: 'KEY',
    allowHosts: ['example.com'],
    store: storage,
    log,
    fetch: async (input) => {
      calls.push(String(input));
      return new Response(`{"Pinterest":${calls.length}}`);
    },
  });
  const count = (page: string, context?: ProxyContext) =>
    proxy(new Request(`https://publisher.example/?url=${encodeURIComponent(page)}`), {
      remoteAddr: { hostname: '203.0.113.9' },
      ...context,
    });
  return { calls, count };
}

function shareablee(log: (message: string) => void) {
  const calls: string[] = [];
  const proxy = createShareableeProxy({
    apiKey: 'KEY',
    secret: 'SECRET',
    store: storage,
    log,
    fetch: async (input) => {
      calls.push(String(input));
      return new Response('{"name":"The Daily"}');
    },
  });
  const get = (path: string, context?: ProxyContext) =>
    proxy(new Request(`https://publisher.example/${path}`), { remoteAddr: { hostname: '203.0.113.9' }, ...context });
  return { calls, get };
}

describe('store: the budget and the refusals, held across two instances', () => {
  /** An instance with a budget of 3 calls per client a minute, whose upstream refuses /refused. */
  function instance() {
    const calls: string[] = [];
    const proxy = createSharedCountProxy({
      apiKey: 'KEY',
      allowHosts: ['example.com'],
      store: storage,
      budget: { perClient: 3 },
      log: () => {},
      fetch: async (input) => {
        const page = new URL(String(input)).searchParams.get('url')!;
        calls.push(page);
        return page.endsWith('/refused')
          ? new Response('{"Error":"Domain not whitelisted","Type":"domain_not_whitelisted"}', { status: 401 })
          : new Response('{"Pinterest":3}');
      },
    });
    /** A request from `address`; what the proxy writes to the store is written before this resolves. */
    const count = async (page: string, address: string) => {
      const { context, settled } = keeper();
      const answer = await proxy(new Request(`https://publisher.example/?url=${encodeURIComponent(page)}`), {
        ...context,
        remoteAddr: { hostname: address },
      });
      await settled();
      return answer;
    };
    return { calls, count };
  }
  let a: ReturnType<typeof instance>, b: ReturnType<typeof instance>;
  // Made once Redis runs (beforeAll above); these run before the tests that stop it.
  beforeAll(() => void ([a, b] = [instance(), instance()]));

  it('cuts a client at its budget however it alternates between the instances', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await [a, b][i % 2]!.count(`https://example.com/budget-${i}`, '203.0.113.50')).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    expect([a.calls.length, b.calls.length]).toEqual([2, 1]);
    // Another client still has its budget, on either instance.
    expect((await b.count('https://example.com/budget-other', '203.0.113.51')).status).toBe(200);
  });

  it('remembers a refusal for the other instance: 20 requests, 1 upstream call', async () => {
    const before = a.calls.length + b.calls.length;
    for (let i = 0; i < 20; i++) {
      const answer = await [a, b][i % 2]!.count('https://example.com/refused', `198.51.100.${i}`);
      expect([answer.status, (await answer.json()).Type]).toEqual([401, 'domain_not_whitelisted']);
    }
    expect(a.calls.length + b.calls.length - before).toBe(1);
  });
});

describe('store: two instances, one Redis', () => {
  const [logA, logB, logSA, logSB] = [vi.fn(), vi.fn(), vi.fn(), vi.fn()];
  // Made once Redis runs (beforeAll above).
  let a: ReturnType<typeof sharedCount>, b: ReturnType<typeof sharedCount>;
  let sa: ReturnType<typeof shareablee>, sb: ReturnType<typeof shareablee>;
  beforeAll(() => {
    [a, b, sa, sb] = [sharedCount(logA), sharedCount(logB), shareablee(logSA), shareablee(logSB)];
  });

  it('SharedCount: the second instance answers from the store, with no upstream call', async () => {
    const { context, settled } = keeper();
    const first = await a.count('https://example.com/shared', context);
    await settled();
    expect([first.status, a.calls.length]).toEqual([200, 1]);
    const second = await b.count('https://example.com/shared');
    expect([second.status, await second.text()]).toEqual([200, '{"Pinterest":1}']);
    expect(b.calls, 'no upstream call from the second instance').toEqual([]);
    expect(second.headers.get('cache-control')).toMatch(/^public, max-age=(3600|3599),/);
    const keys = await storage.getKeys('share-count-widgets:sharedcount');
    const id = createHash('sha256').update('https://example.com/shared').digest('hex');
    expect(keys, 'one answer, under the SHA-256 of its URL').toContain(`share-count-widgets:sharedcount:${id}`);
    // The budget's counts are shared too, under a hashed client: no address is written.
    const budget = keys.filter((key) => key.includes(':budget:'));
    expect(budget.length).toBeGreaterThanOrEqual(2);
    for (const key of budget) expect(key).toMatch(/^share-count-widgets:sharedcount:budget:m\d+(?::[0-9a-f]{64})?$/);
  });

  it('Shareablee: the second instance answers from the store, with no upstream call', async () => {
    const { context, settled } = keeper();
    expect((await sa.get('me/properties/', context)).status).toBe(200);
    await settled();
    expect(sa.calls).toEqual(['https://api.shareablee.com/v1.4/me/properties/']);
    const second = await sb.get('me/properties/');
    expect([second.status, await second.text()]).toEqual([200, '{"name":"The Daily"}']);
    expect(sb.calls).toEqual([]);
  });

  it('with Redis stopped, both keep answering from memory and the upstream, and each proxy logs one warning', async () => {
    redis.kill();
    await new Promise((resolve) => redis.once('exit', resolve));
    for (let i = 0; i < 5; i++) {
      for (const instance of [a, b]) {
        expect((await instance.count('https://example.com/shared')).status, 'from memory').toBe(200);
        expect((await instance.count(`https://example.com/new-${i}`)).status, 'from the upstream').toBe(200);
      }
      for (const instance of [sa, sb]) expect((await instance.get(`user/${i + 1}/facebook/metrics/`)).status).toBe(200);
    }
    expect([a.calls.length, b.calls.length]).toEqual([6, 5]);
    for (const log of [logA, logB, logSA, logSB]) {
      expect(log).toHaveBeenCalledTimes(1);
      expect(log.mock.calls[0]![0]).toMatch(/^share-count-widgets proxy: the store failed \(.+\); answering from memory and the upstream$/);
      expect(log.mock.calls[0]![0]).not.toContain('KEY');
    }
  }, 20_000);
});

describe('store: reads shared, age checked where answers are kept', () => {
  it('SharedCount: 10 requests at once for one uncached URL read the store once and call the upstream once', async () => {
    const slow = createStorage();
    const reads: string[] = [];
    const getItem = slow.getItem.bind(slow);
    slow.getItem = (async (key: string) => {
      reads.push(key);
      await new Promise((resolve) => setTimeout(resolve, 50));
      return getItem(key);
    }) as typeof slow.getItem;
    const calls: string[] = [];
    const proxy = createSharedCountProxy({
      apiKey: 'KEY',
      allowHosts: ['example.com'],
      store: slow,
      fetch: async (input) => (calls.push(String(input)), new Response('{"Pinterest":7}')),
    });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        proxy(new Request(`https://publisher.example/?url=${encodeURIComponent('https://example.com/slow')}`)),
      ),
    );
    expect(await Promise.all(answers.map((answer) => answer.text()))).toEqual(Array(10).fill('{"Pinterest":7}'));
    expect(
      reads.filter((key) => !key.includes(':budget:')),
      'one store read of the answer',
    ).toHaveLength(1);
    expect(calls).toEqual(['https://api.sharedcount.com/v1.1/?url=https%3A%2F%2Fexample.com%2Fslow&apikey=KEY']);
  });

  it('Shareablee: an instance whose own copy is too old serves the fresh one another instance stored', async () => {
    const shared = createStorage();
    let now = Date.parse('2026-12-01T12:00:00Z');
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      const instance = () => {
        const calls: string[] = [];
        let answer = 0;
        const proxy = createShareableeProxy({
          apiKey: 'KEY',
          secret: 'SECRET',
          ttl: 60,
          store: shared,
          fetch: async (input) => (calls.push(String(input)), new Response(`{"answer":${++answer}}`)),
        });
        const get = async () => {
          const { context, settled } = keeper();
          const text = await (await proxy(new Request('https://publisher.example/me/properties/'), context)).text();
          await settled();
          return text;
        };
        return { calls, get };
      };
      const [a, b] = [instance(), instance()];
      expect(await a.get()).toBe('{"answer":1}');
      now += 61_000; // a's copy is past its ttl
      expect(await b.get(), 'b asks the upstream and stores a fresh answer').toBe('{"answer":1}');
      expect(await a.get(), "a serves b's answer").toBe('{"answer":1}');
      expect([a.calls.length, b.calls.length]).toEqual([1, 1]);
    } finally {
      clock.mockRestore();
    }
  });
});
