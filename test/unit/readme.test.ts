// @vitest-environment node
/**
 * The README's server examples, run as a new user would: the package packed with `npm pack` and
 * installed from its tarball into a fresh project (the package.json `npm init -y` writes,
 * `"type": "commonjs"`), each code block saved under the name it gives, started with `node`, and
 * asked over HTTP. Two changes only: a free port instead of 8787, and a fake upstream on 127.0.0.1
 * (the network is closed). The SharedCount block is also compiled as TypeScript, as its comment offers.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packedProject } from './support/packed.js';

const readme = readFileSync('README.md', 'utf8');

/** The first ```lang block after `heading`. */
function block(heading: string, lang: string): string {
  const section = readme.slice(readme.indexOf(heading));
  const match = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(section);
  if (!match) throw new Error(`no ${lang} block under ${heading}`);
  return match[1]!;
}

const listen = (server: Server) =>
  new Promise<number>((done) => server.listen(0, '127.0.0.1', () => done((server.address() as AddressInfo).port)));

const freePort = async () => {
  const free = createServer();
  const port = await listen(free);
  free.close();
  return port;
};

/** A fresh project with the packed package installed, as `npm install share-count-widgets` leaves it. */
let folder = '';
beforeAll(() => {
  folder = packedProject('readme-proxy-', 'dist/proxy.js');
}, 180_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Starts `node name` in the project and resolves with its first line of output. */
function start(name: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [name], { cwd: folder, env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const started = new Promise<string>((done, fail) => {
    child.stdout.on('data', (chunk) => done(String(chunk)));
    child.on('exit', (status) => fail(new Error(`node ${name} exited with ${status}: ${stderr}`)));
  });
  return { child, started };
}

/**
 * The js block under `heading`, saved under the name its first line gives, with a free port for
 * 8787 and `option` (the fake upstream) before its `ttl`, and started.
 */
async function runBlock(heading: string, upstream: Server, option: (port: number) => string, env: Record<string, string>) {
  const code = block(heading, 'js');
  const name = /^\/\/ (\S+\.m?js)\b/.exec(code)?.[1];
  expect(name, 'the block names its file on its first line').to.be.a('string');
  expect(code).toContain(`node ${name}`);
  expect(code).toContain("from 'share-count-widgets/proxy'");
  expect(code).toContain('8787');
  expect(code).toContain('  ttl: 3600,');
  const upstreamPort = await listen(upstream);
  const port = await freePort();
  writeFileSync(
    join(folder, name!),
    code.replaceAll('8787', String(port)).replace('  ttl: 3600,', `  ${option(upstreamPort)},\n  ttl: 3600,`),
  );
  return { port, ...start(name!, env) };
}

describe('README: "SharedCount proxy"', () => {
  const upstreamSeen: string[] = [];
  const counts = { Facebook: { total_count: 1234, share_count: 1000 }, Pinterest: 56 };
  const upstream = createServer((request, response) => {
    upstreamSeen.push(request.url!);
    response.setHeader('Content-Type', 'application/json');
    response.end(JSON.stringify(counts));
  });
  afterAll(() => upstream.close());

  it('runs as written in a fresh npm project, and answers through the proxy', async () => {
    const { port, child, started } = await runBlock(
      '## SharedCount proxy',
      upstream,
      (upstreamPort) => `endpoint: 'http://127.0.0.1:${upstreamPort}/v1.1/'`,
      { SHAREDCOUNT_API_KEY: 'the-key' },
    );
    try {
      expect((await started).trim()).toBe(`SharedCount proxy on http://127.0.0.1:${port}/api/sharedcount/`);
      const page = 'https://www.example.com/post';
      const answer = await fetch(`http://127.0.0.1:${port}/api/sharedcount/?url=${encodeURIComponent(page)}`);
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual(counts);
      expect(upstreamSeen).toEqual([`/v1.1/?url=${encodeURIComponent(page)}&apikey=the-key`]);
      const elsewhere = await fetch(`http://127.0.0.1:${port}/api/sharedcount/?url=${encodeURIComponent('https://other.example/')}`);
      expect(elsewhere.status).toBe(403);
    } finally {
      child.kill();
    }
  });

  it('compiles as TypeScript (server.mts), with process.env as Node types it', () => {
    const code = block('## SharedCount proxy', 'js');
    expect(code).toContain('server.mts');
    writeFileSync(join(folder, 'server.mts'), code);
    const tsc = resolve('node_modules/typescript/bin/tsc');
    // prettier-ignore
    const options = ['--noEmit', '--strict', '--exactOptionalPropertyTypes', '--target', 'es2022', '--module', 'nodenext',
      '--moduleResolution', 'nodenext', '--types', 'node', '--typeRoots', resolve('node_modules/@types'), 'server.mts'];
    const result = spawnSyncText(process.execPath, [tsc, ...options]);
    expect(result, 'tsc server.mts').toBe('');
  }, 60_000);

  it('documents the endpoint option', () => {
    const section = readme.slice(readme.indexOf('## SharedCount proxy'), readme.indexOf('### What the proxy protects'));
    expect(section).toMatch(/`endpoint` \(the SharedCount API base[^)]*default `https:\/\/api\.sharedcount\.com\/v1\.1\/`/);
  });
});

/** What a command printed when it failed, or '' when it succeeded. */
function spawnSyncText(command: string, args: string[]): string {
  try {
    execFileSync(command, args, { cwd: folder, encoding: 'utf8', stdio: 'pipe' });
    return '';
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    return `${stdout}${stderr}` || String(error);
  }
}

describe('README: "Shareablee in production"', () => {
  const upstreamSeen: string[] = [];
  const upstream = createServer((request, response) => {
    upstreamSeen.push(`${request.url} ${request.headers.authorization}`);
    response.setHeader('Content-Type', 'application/json');
    response.end(JSON.stringify({ entity_id: '42', name: 'The Daily Example', metrics: { total_actions: 1234567 } }));
  });
  afterAll(() => upstream.close());

  it('runs as written in a fresh npm project, and answers through the proxy', async () => {
    const { port, child, started } = await runBlock(
      '## Shareablee in production',
      upstream,
      (upstreamPort) => `upstream: 'http://127.0.0.1:${upstreamPort}/v1.4/'`,
      { SHAREABLEE_API_KEY: 'key', SHAREABLEE_SECRET: 'secret' },
    );
    try {
      expect((await started).trim()).toBe(`Shareablee proxy on http://127.0.0.1:${port}/shareablee/`);
      const answer = await fetch(`http://127.0.0.1:${port}/shareablee/user/42/facebook/metrics/`);
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ entity_id: '42', name: 'The Daily Example', metrics: { total_actions: 1234567 } });
      expect(upstreamSeen).toEqual([`/v1.4/user/42/facebook/metrics/ Basic ${btoa('key:secret')}`]);
      expect((await fetch(`http://127.0.0.1:${port}/shareablee/admin/`)).status).toBe(404);
    } finally {
      child.kill();
    }
  });
});
