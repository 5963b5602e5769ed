// What a file weighs as publishers receive it: one measure for `npm run size` (the CI check)
// and `npm run bench` (the comparison with the anchors), so the two never disagree.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'rolldown';
import { decode } from '@jridgewell/sourcemap-codec';

/** The entry that measures our `jsonp()` on its own, as a publisher bundling only it would get it. */
export const JSONP_ALONE = `export { jsonp } from ${JSON.stringify(fileURLToPath(new URL('../src/entries/jsonp.ts', import.meta.url)))};`;

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

/**
 * Which source modules a built file's bytes came from, by its source map: each run of minified
 * code between two mappings belongs to the source of the first. Returns rows of `{ module, raw, gzip }`
 * (gzip of that module's code alone, so the rows add up to more than the file: compression shares
 * strings across modules), heaviest first.
 */
export function modulesOf(code, map) {
  const lines = code.split('\n');
  const parts = new Map();
  decode(map.mappings).forEach((segments, line) => {
    const text = lines[line] ?? '';
    segments.forEach((segment, i) => {
      if (segment.length < 4) return;
      const end = segments[i + 1]?.[0] ?? text.length;
      const name = map.sources[segment[1]];
      parts.set(name, (parts.get(name) ?? '') + text.slice(segment[0], end));
    });
  });
  const rows = [...parts].map(([source, text]) => ({ module: label(source), raw: text.length, gzip: weigh(text).gzip }));
  // Several sources of one package (lit-html's directives, say) read better as one row.
  const merged = new Map();
  for (const row of rows) {
    const seen = merged.get(row.module);
    merged.set(row.module, seen ? { ...seen, raw: seen.raw + row.raw, gzip: seen.gzip + row.gzip } : row);
  }
  return [...merged.values()].sort((a, b) => b.gzip - a.gzip);
}

/** `../node_modules/@lit/reactive-element/css-tag.js` → `@lit/reactive-element/css-tag`; `../src/wire/jsonp.ts` → `src/wire/jsonp.ts`. */
function label(source) {
  const modules = source.lastIndexOf('node_modules/');
  if (modules >= 0)
    return source
      .slice(modules + 'node_modules/'.length)
      .replace(/\/(development|node|production)\//, '/')
      .replace(/\.js$/, '');
  return source.replace(/^(\.\.\/)+/, '');
}
