// What a file weighs as publishers receive it: one measure for `npm run size` (the CI check)
// and `npm run bench` (the comparison with the anchors), so the two never disagree.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'rolldown';

/** The entry that measures our `jsonp()` on its own, as a publisher bundling only it would get it. */
export const JSONP_ALONE = `export { jsonp } from ${JSON.stringify(fileURLToPath(new URL('../src/jsonp.ts', import.meta.url)))};`;

/** Raw, gzip -9 and brotli (quality 11) bytes. */
export function weigh(bytes) {
  const buffer = Buffer.from(bytes);
  return {
    raw: buffer.length,
    gzip: gzipSync(buffer, { level: 9 }).length,
    brotli: brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/**
 * `source` (an entry module's text) bundled into one minified ES module with rolldown, the bundler
 * and minifier under `vite build`, targeting ES2022 like dist/, so our modules and other packages
 * are measured alike. Not through `vite build` itself: its library mode keeps the whitespace of ES
 * output, which would make everything look heavier than a publisher's bundler leaves it.
 * `alias` maps module names to files (`debug` to a no-op, say).
 */
export async function bundleAlone(source, { alias = {} } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'share-count-weigh-'));
  try {
    const input = join(dir, 'entry.js');
    const file = join(dir, 'out.min.js');
    await writeFile(input, source);
    const resolved = Object.fromEntries(
      await Promise.all(
        Object.entries(alias).map(async ([name, code]) => {
          const path = join(dir, `${name.replace(/\W+/g, '-')}.cjs`);
          await writeFile(path, code);
          return [name, path];
        }),
      ),
    );
    await build({
      input,
      resolve: { alias: resolved, conditionNames: ['production', 'module', 'browser', 'import', 'default'] },
      transform: { target: 'es2022' },
      logLevel: 'silent',
      output: { file, format: 'esm', minify: true },
    });
    return await readFile(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
