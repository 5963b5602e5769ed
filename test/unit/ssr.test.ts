// @vitest-environment node
/** Server-side rendering: the package imports in Node, with no window or document, and does not throw. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('in Node, without a DOM', () => {
  it('imports the source, and defining the elements does nothing harmful', async () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    const api = await import('../../src/entries/share-count-widgets.js');
    expect(() => api.ShareCountElement.define()).not.toThrow();
    // `undefined` would fall back to the default registry (Lit's shim here): call the helper itself.
    const { defineElement } = await import('../../src/elements/define.js');
    expect(() => defineElement(api.ShareCountElement, 'share-count-ssr', undefined), 'no registry: nothing to do').not.toThrow();
    // The client works server-side through its fetch seam.
    const fetch = async () => new Response(JSON.stringify({ Pinterest: 2 }));
    const data = await api.fetchCounts('https://example.com/', { apiKey: 'k', fetch, cache: 'none' });
    expect(api.totalCount(data)).toBe(2);
  });

  it("reports a server's network failure as it is, not as JSONP's: there is no document to fall back on", async () => {
    const api = await import('../../src/entries/share-count-widgets.js');
    const fetch = () => Promise.reject(new TypeError('fetch failed'));
    const error = await api
      .fetchCounts('https://example.com/down', { apiKey: 'k', fetch, cache: 'none' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(api.NetworkError);
    expect(String(error)).not.toMatch(/JSONP/);
  });

  it('runs the built proxy in a plain Node process', () => {
    if (!existsSync('dist/proxy.js')) throw new Error('dist/ is missing: npm test builds it; run npm run build first');
    const script = `
      const { createShareableeProxy } = await import('./dist/proxy.js');
      const proxy = createShareableeProxy({ apiKey: 'k', secret: 's' });
      const answer = await proxy(new Request('http://proxy.local/admin/'));
      console.log(answer.status, (await proxy(new Request('http://proxy.local/me/', { method: 'POST' }))).status);`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('404 405');
  });

  it('imports the built ES module in a plain Node process', () => {
    if (!existsSync('dist/share-count-widgets.js')) throw new Error('dist/ is missing: npm test builds it; run npm run build first');
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const m = await import('./dist/share-count-widgets.js'); m.ShareCountElement.define(); console.log(typeof m.fetchCounts);",
      ],
      {
        encoding: 'utf8',
      },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('function');
    expect(run.status).toBe(0);
  });
});
