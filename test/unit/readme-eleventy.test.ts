// @vitest-environment node
/**
 * The README's Eleventy example, built by Eleventy itself: the package packed with `npm pack` and
 * installed from its tarball into a fresh project, `@11ty/eleventy` linked into it from this
 * repository's node_modules (the tests install nothing from the network), each code block saved
 * under the name its first line gives, and `npx @11ty/eleventy` run as the README says, with
 * `SHAREDCOUNT_ENDPOINT` pointing at a fake SharedCount on 127.0.0.1. Every connection the build
 * opens is logged (a preload that wraps `net.Socket.prototype.connect`), and must be to the fake.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packedProject } from './support/packed.js';

const readme = readFileSync('README.md', 'utf8');
const start = readme.indexOf('\n### Eleventy\n');
if (start < 0) throw new Error('README.md has no "### Eleventy" section');
/** From "Eleventy" to the next heading of its level or above. */
const section = readme.slice(start, start + 1 + readme.slice(start + 1).search(/\n#{2,3} /));

/** The ```lang blocks of the section. */
const blocks = (lang: string) => [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1]!);

/** Each block's file name, from its first line: `// name` or `{# name #}`. */
function named(code: string): [string, string] {
  const name = /^(?:\/\/|\{#) ([\w.-]+\.(?:mjs|js|njk|liquid))\b/.exec(code)?.[1];
  if (!name) throw new Error(`a block without a file name on its first line:\n${code}`);
  return [name, code];
}

/** Records every TCP connection the process opens as `host:port`, one a line, in $CONNECTIONS_LOG. */
const CONNECTIONS_PRELOAD = `
import { appendFileSync } from 'node:fs';
import net from 'node:net';
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const [first, second] = args;
  const options = Array.isArray(first) ? first[0] : typeof first === 'object' && first !== null ? first : { port: first, host: typeof second === 'string' ? second : 'localhost' };
  appendFileSync(process.env.CONNECTIONS_LOG, (options.path ?? \`\${options.host ?? 'localhost'}:\${options.port}\`) + '\\n');
  return connect.apply(this, args);
};
`;

let folder = '';
const PAGE = 'https://www.example.com/harbour';
const COUNTS = { Facebook: { total_count: 1234, share_count: 1000 }, Pinterest: 56, LinkedIn: null };

/** A fresh project with the packed package installed, and Eleventy as `npm install @11ty/eleventy` leaves it. */
beforeAll(() => {
  folder = packedProject('readme-eleventy-', 'dist/ssr.js');
  mkdirSync(join(folder, 'node_modules/@11ty'), { recursive: true });
  symlinkSync(resolve('node_modules/@11ty/eleventy'), join(folder, 'node_modules/@11ty/eleventy'), 'dir');
  writeFileSync(join(folder, 'connections.mjs'), CONNECTIONS_PRELOAD);
}, 180_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const listen = (server: Server) =>
  new Promise<number>((done) => server.listen(0, '127.0.0.1', () => done((server.address() as AddressInfo).port)));

/** `npx @11ty/eleventy` in the project: Eleventy's own bin, with `env`; resolves with its output and the connections it opened. */
function eleventy(env: Record<string, string>): Promise<{ output: string; connections: string[] }> {
  const manifest = JSON.parse(readFileSync('node_modules/@11ty/eleventy/package.json', 'utf8')) as { bin: Record<string, string> };
  const bin = join('node_modules/@11ty/eleventy', manifest.bin['eleventy']!);
  const log = join(folder, `connections-${Date.now()}.log`);
  writeFileSync(log, '');
  rmSync(join(folder, '_site'), { recursive: true, force: true });
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', './connections.mjs', bin], {
      cwd: folder,
      env: { ...process.env, ...env, CONNECTIONS_LOG: log },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (status) => {
      const connections = readFileSync(log, 'utf8').split('\n').filter(Boolean);
      if (status === 0) done({ output, connections });
      else fail(new Error(`eleventy exited with ${status}:\n${output}`));
    });
  });
}

describe('README: "Server rendering", Eleventy', () => {
  const seen: string[] = [];
  let failing = false;
  const upstream = createServer((request, response) => {
    seen.push(request.url!);
    response.setHeader('Content-Type', 'application/json');
    if (failing) response.statusCode = 500;
    response.end(failing ? '{}' : JSON.stringify(COUNTS));
  });
  let port = 0;
  beforeAll(async () => {
    port = await listen(upstream);
    const files = [...blocks('js'), ...blocks('njk')].map(named);
    expect(files.map(([name]) => name).sort()).toEqual(['eleventy.config.mjs', 'index.njk']);
    for (const [name, code] of files) writeFileSync(join(folder, name), code);
  });
  afterAll(() => upstream.close());

  it('says how to install and run it', () => {
    const [sh] = blocks('sh');
    expect(sh).toContain('npm install share-count-widgets @11ty/eleventy');
    expect(sh).toMatch(/^SHAREDCOUNT_API_KEY=\S+ npx @11ty\/eleventy\b/m);
    const [config] = blocks('js');
    expect(config).toContain('process.env.SHAREDCOUNT_API_KEY');
    expect(config).toContain('process.env.SHAREDCOUNT_ENDPOINT');
  });

  it('builds the page with the exact count in it, asking only the fake SharedCount, once', async () => {
    seen.length = 0;
    const before = Date.now();
    const { output, connections } = await eleventy({
      SHAREDCOUNT_API_KEY: 'the-key',
      SHAREDCOUNT_ENDPOINT: `http://127.0.0.1:${port}/v1.1/`,
    });
    const after = Date.now();
    expect(output).toContain('Wrote 1 file');
    expect(seen).toEqual([`/v1.1/?url=${encodeURIComponent(PAGE)}&apikey=the-key`]);
    expect(new Set(connections), 'every connection the build opened').toEqual(new Set([`127.0.0.1:${port}`]));

    const html = readFileSync(join(folder, '_site/index.html'), 'utf8');
    const answer = JSON.stringify(COUNTS).replaceAll('"', '&quot;');
    const host = new RegExp(
      `<share-count url="${PAGE}" locale="en" state="ready" answer="${answer.replace(/[{}[\]]/g, '\\$&')}" answer-at="(\\d+)">`,
    );
    const at = Number(host.exec(html)?.[1]);
    expect(at, `the element with its answer, in:\n${html}`).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(after);
    // Facebook 1234 + Pinterest 56.
    expect(html).toMatch(
      /<p>Shared <share-count [^>]*><template shadowrootmode="open"><style>[^<]+<\/style><span part="count" role="img" aria-label="1,290 shares">1\.3K<\/span><\/template><\/share-count> times\.<\/p>/,
    );
    expect(html).toContain('<script src="https://your.cdn/share-count.iife.js" data-sharedcount-key="YOUR_KEY" defer></script>');
  }, 60_000);

  it('still builds when SharedCount fails, leaving the count to the browser', async () => {
    seen.length = 0;
    failing = true;
    try {
      const { connections } = await eleventy({ SHAREDCOUNT_API_KEY: 'the-key', SHAREDCOUNT_ENDPOINT: `http://127.0.0.1:${port}/v1.1/` });
      expect(seen).toHaveLength(1);
      expect(new Set(connections)).toEqual(new Set([`127.0.0.1:${port}`]));
    } finally {
      failing = false;
    }
    const html = readFileSync(join(folder, '_site/index.html'), 'utf8');
    expect(html).toContain(`<share-count url="${PAGE}" locale="en" state="loading">`);
    expect(html).not.toContain('answer=');
    expect(html).toContain('<span part="count" role="img" aria-label="Loading share count">…</span>');
  }, 60_000);
});
