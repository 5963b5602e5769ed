// @vitest-environment node
/**
 * The README's server example, run as a new user would: the code block copied into a fresh
 * project (the package.json `npm init -y` writes, `"type": "commonjs"`), saved under the name the
 * block gives, started with `node`, and asked over HTTP. Two changes only: a free port instead of
 * 8787, and a fake Shareablee on 127.0.0.1 as the upstream (the network is closed).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

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

describe('README: "Shareablee in production"', () => {
  const folder = mkdtempSync(join(tmpdir(), 'readme-proxy-'));
  const upstreamSeen: string[] = [];
  const upstream = createServer((request, response) => {
    upstreamSeen.push(`${request.url} ${request.headers.authorization}`);
    response.setHeader('Content-Type', 'application/json');
    response.end(JSON.stringify({ entity_id: '42', name: 'The Daily Example', metrics: { total_actions: 1234567 } }));
  });
  afterAll(() => {
    upstream.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('runs as written in a fresh npm project, and answers through the proxy', async () => {
    if (!existsSync('dist/proxy.js')) throw new Error('dist/ is missing: npm test builds it; run npm run build first');
    const code = block('## Shareablee in production', 'js');
    const name = /^\/\/ (\S+\.m?js)\b/.exec(code)?.[1];
    expect(name, 'the block names its file on its first line').to.be.a('string');
    expect(code).toContain("from 'share-count-widgets/proxy'");
    writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'my-site', version: '1.0.0', type: 'commonjs' }));
    mkdirSync(join(folder, 'node_modules'));
    symlinkSync(resolve('.'), join(folder, 'node_modules', 'share-count-widgets'), 'dir');

    const upstreamPort = await listen(upstream);
    const free = createServer();
    const port = await listen(free);
    free.close();
    expect(code).toContain('8787');
    expect(code).toContain('  ttl: 3600,');
    writeFileSync(
      join(folder, name!),
      code.replaceAll('8787', String(port)).replace('  ttl: 3600,', `  upstream: 'http://127.0.0.1:${upstreamPort}/v1.4/',\n  ttl: 3600,`),
    );

    const child = spawn(process.execPath, [name!], {
      cwd: folder,
      env: { ...process.env, SHAREABLEE_API_KEY: 'key', SHAREABLEE_SECRET: 'secret' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    try {
      const started = await new Promise<string>((done, fail) => {
        child.stdout.on('data', (chunk) => done(String(chunk)));
        child.on('exit', (status) => fail(new Error(`node ${name} exited with ${status}: ${stderr}`)));
      });
      expect(started.trim()).toBe(`Shareablee proxy on http://127.0.0.1:${port}/shareablee/`);
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
