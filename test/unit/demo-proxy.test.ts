import { describe, expect, it, vi } from 'vitest';
import { demoLog } from '../../demo/proxy-server.js';
import { createSharedCountProxy } from '../../src/server/index.js';

describe("npm start: the demo proxy's log", () => {
  const endpoint = 'http://127.0.0.1:41234/v1.1/';
  const options = { apiKey: 'k', allowHosts: ['example.com'] };

  it("keeps quiet about its own fake's http endpoint on loopback", () => {
    const info = vi.fn();
    createSharedCountProxy({ ...options, endpoint, log: demoLog(endpoint, info) });
    expect(info).not.toHaveBeenCalled();
  });

  it('still passes on that warning for any other endpoint, and every other line', () => {
    const info = vi.fn();
    const log = demoLog(endpoint, info);
    createSharedCountProxy({ ...options, endpoint: 'http://127.0.0.1:9999/v1.1/', log });
    log('share-count-widgets proxy: the store failed');
    expect(info.mock.calls).toEqual([
      ['[sharedcount proxy] the endpoint http://127.0.0.1:9999/v1.1/ is http; fine on loopback for tests, never in production'],
      ['[sharedcount proxy] the store failed'],
    ]);
  });

  it('the proxy itself warns of that endpoint, whatever the demo does with the line', () => {
    const log = vi.fn();
    createSharedCountProxy({ ...options, endpoint, log });
    expect(log.mock.calls[0]![0]).toMatch(/is http; fine on loopback for tests, never in production/);
  });
});
