// Weight: raw, gzip -9 and brotli 11 bytes of what a publisher loads, ours and the anchors'.
// Deterministic: measured once.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importGraph } from '../scripts/import-graph.mjs';
import { bundleAlone, JSONP_ALONE, weigh as sizes } from '../scripts/weigh.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const modules = join(root, 'node_modules');
const resolve = (specifier) => fileURLToPath(import.meta.resolve(specifier));

/** Files the anchors ship, as their users include them. */
const SHIPPED = [
  { name: 'shariff', file: 'shariff/dist/shariff.complete.js', note: 'plus its CSS' },
  { name: 'ilyabirman-likely', file: 'ilyabirman-likely/release/likely.min.js', note: 'plus its CSS' },
  { name: 'social-likes', file: 'social-likes/dist/social-likes.min.js', note: 'plus jQuery' },
];

/** Modules that ship no minified browser file, bundled here the same way for all. */
const BUNDLED = {
  ours: [{ name: 'jsonp()', entry: JSONP_ALONE, note: 'share-count-widgets/jsonp, bundled alone' }],
  anchors: [
    {
      name: 'lit',
      entry: `export * from ${JSON.stringify(resolve('lit'))};`,
      note: "export * from 'lit': the floor of the element bundle",
    },
    { name: 'fetch-jsonp', entry: `export { default } from ${JSON.stringify(resolve('fetch-jsonp'))};` },
    { name: 'jsonp', entry: `export { default } from ${JSON.stringify(resolve('jsonp'))};`, note: 'without its debug dependency' },
  ],
};

const sum = (values) => values.reduce((a, b) => a + b, 0);

/** `dist`: the directory holding the build to weigh (a copy of dist/; rows are named as in dist/). */
export async function measureWeight(dist = join(root, 'dist')) {
  const names = (await readdir(dist)).filter((name) => name.endsWith('.js')).sort();
  if (!names.length) throw new Error('dist/ holds no .js file: run `npm run build` first');
  const result = { ours: [], anchors: [] };
  for (const name of names) {
    const row = { name, file: `dist/${name}`, ...sizes(await readFile(join(dist, name))) };
    const { files } = importGraph(join(dist, name));
    if (files.length > 1) {
      // An ES entry that imports shared chunks: what loading it costs, file by file as served.
      const each = await Promise.all(files.map(async (file) => sizes(await readFile(file))));
      row.withImports = {
        files: files.length,
        ...Object.fromEntries(['raw', 'gzip', 'brotli'].map((key) => [key, sum(each.map((size) => size[key]))])),
      };
    }
    result.ours.push(row);
  }
  for (const { name, file, note } of SHIPPED) {
    result.anchors.push({ name, file: `node_modules/${file}`, ...sizes(await readFile(join(modules, file))), note });
  }
  // jsonp's only dependency is the `debug` logger, a no-op in production: leave it out.
  // CommonJS, like the package it stands in for, so the bundle needs no ESM interop for it.
  const alias = { debug: 'module.exports = () => () => {};\n' };
  for (const [side, list] of Object.entries(BUNDLED)) {
    for (const { name, entry, note } of list) {
      result[side].push({ name, file: 'bundled here, minified', ...sizes(await bundleAlone(entry, { alias })), ...(note ? { note } : {}) });
    }
  }
  return result;
}
