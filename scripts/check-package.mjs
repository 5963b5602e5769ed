// npm run check:package: the package as a publisher receives it, from one `npm pack` of the built dist/.
// - Only the allow-listed files ship (no stray source, test output or declaration maps), and every
//   file package.json points at is among them.
// - Every built file whose code registers an element or installs the plugin is in `sideEffects`, so
//   a publisher's bundler cannot drop the registration as unused.
// - Each ES entry point loads only what it is for (`./define` no jQuery plugin, `./jquery` no Lit).
// - No file a page loads (the IIFEs, jquery.sharedcount*.js, the ES entries other than proxy.js and
//   their chunks) carries server code: nothing from src/server/, none of the proxies' names.
// - publint (strict: its warnings fail too) on package.json against the packed files.
// - Are the Types Wrong on every entry point's types.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { importGraph } from './import-graph.mjs';

/** What may ship. npm adds package.json, the README and a licence file of its own accord. */
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^CHANGELOG\.md$/,
  /^LICEN[CS]E(\.md)?$/,
  /^dist\/(share-count-widgets|define|jsonp|buttons|jquery\.sharedcount\.module|proxy|ssr|ssr-lit|share-count-widgets\.iife|share-count-widgets\.jsonp|share-count\.iife|share-buttons\.iife|jquery\.sharedcount|jquery\.sharedcount\.bulk)\.js(\.map)?$/,
  // Code the ES entry points share (see vite.config.ts).
  /^dist\/chunks\/(define|shared|ssr)-[\w-]+\.js(\.map)?$/,
  // `./react` and `./vue`: types, and an empty module each.
  /^dist\/(react|vue)\.js$/,
  /^dist\/custom-elements\.json$/,
  /^dist\/types\/[\w./-]+\.d\.ts$/,
];
/** What an ES entry point must not load, through any of its chunks: source folders and bare imports. */
const NOT_LOADED = {
  // Types only: loading them costs a page nothing.
  'dist/react.js': ['src/', 'lit', '@lit/', 'jquery', 'react', 'vue'],
  'dist/vue.js': ['src/', 'lit', '@lit/', 'jquery', 'react', 'vue'],
  'dist/define.js': ['src/jquery/', 'src/addthis/', 'src/sharedcount/bulk.ts', 'jquery'],
  'dist/jquery.sharedcount.module.js': ['src/elements/', 'src/addthis/', 'lit', '@lit/'],
  // The buttons, <share-count> and the counts client: nothing of Shareablee, AddThis, bulk or jQuery.
  'dist/buttons.js': ['src/jquery/', 'src/addthis/', 'src/shareablee/', 'src/sharedcount/bulk.ts', 'jquery'],
  // The JSONP helper and nothing else: a bundler gives a page exactly its bytes.
  'dist/jsonp.js': [
    'src/elements/',
    'src/sharedcount/',
    'src/shareablee/',
    'src/addthis/',
    'src/jquery/',
    'src/wire/transport.ts',
    'lit',
    '@lit/',
    'jquery',
  ],
};
/** Names only the server side has: the proxies, the Node adapter, the proxy's own header. */
const SERVER_NAMES = ['createSharedCountProxy', 'createShareableeProxy', 'nodeListener', 'X-Share-Count-Stale'];
/** The files SPEC.md names, which must always ship. */
const REQUIRED = [
  'dist/share-count-widgets.js',
  'dist/share-count-widgets.iife.js',
  'dist/share-count.iife.js',
  'dist/share-buttons.iife.js',
  // Loaded by the three script-tag files above, from beside them, when a request needs JSONP.
  'dist/share-count-widgets.jsonp.js',
  'dist/buttons.js',
  'dist/jquery.sharedcount.js',
  'dist/jquery.sharedcount.bulk.js',
  'dist/jsonp.js',
  'dist/proxy.js',
  'dist/custom-elements.json',
  'dist/types/entries/share-count-widgets.d.ts',
  'dist/types/jsx/react.d.ts',
  'dist/types/jsx/vue.d.ts',
  'README.md',
];

const problems = [];
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
if (!existsSync('dist/share-count-widgets.js')) {
  console.error('dist/ is missing: npm test builds it; run npm run build first');
  process.exit(1);
}

function run(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) {
    console.error(result.stdout, result.stderr);
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
  }
  return result.stdout;
}

const dir = mkdtempSync(join(tmpdir(), 'scw-pack-'));
try {
  console.log('▶ npm pack');
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir]));
  const tarball = join(dir, packed.filename);
  const files = packed.files.map((file) => file.path);
  console.log(`  ${files.length} files, ${Math.round(packed.size / 1024)} kB packed`);

  // The file list.
  for (const file of files)
    if (!ALLOWED.some((pattern) => pattern.test(file))) problems.push(`${file} would ship but is not in the allow-list`);
  const pointedAt = [pkg.main, pkg.module, pkg.types, pkg.unpkg, pkg.jsdelivr, pkg.customElements, ...targets(pkg.exports)];
  for (const file of new Set([...REQUIRED, ...pointedAt.filter(Boolean).map((path) => normalize(path))])) {
    if (!files.includes(file)) problems.push(`${file} is missing from the package`);
  }

  // sideEffects: a built file made from a side-effect module must be declared itself, and so must an
  // entry point that imports one (a bare `import 'share-count-widgets/define'` imports nothing by name).
  const sideEffects = pkg.sideEffects.map(glob);
  const declared = (file) => sideEffects.some((pattern) => pattern.test(file));
  // The source modules are in the list too: vite builds dist/ from src/ and reads the same list,
  // so a define module left out would be dropped from our own IIFE.
  for (const map of files.filter((file) => file.endsWith('.js.map'))) {
    const file = map.slice(0, -'.map'.length);
    const { sources } = JSON.parse(readFileSync(map, 'utf8'));
    const effects = sources.map((source) => normalize(join(dirname(map), source))).filter(declared);
    if (effects.length && !declared(file)) problems.push(`${file} runs ${effects.join(', ')} but is not in package.json's sideEffects`);
  }
  for (const entry of new Set(targets(pkg.exports).map((path) => normalize(path)))) {
    if (!entry.endsWith('.js') || declared(entry)) continue;
    const effects = graph(entry, files).filter(declared);
    if (effects.length) problems.push(`${entry} loads ${effects.join(', ')} but is not in package.json's sideEffects`);
  }

  // The ES entry points' graphs.
  for (const [entry, forbidden] of Object.entries(NOT_LOADED)) {
    const loaded = graph(entry, files);
    for (const what of forbidden) {
      const found = loaded.filter((item) => item === what || item.startsWith(what.endsWith('/') ? what : `${what}/`));
      if (found.length) problems.push(`${entry} loads ${found.join(', ')}`);
    }
  }

  // Server code stays on the server: what a page loads holds nothing of it.
  for (const file of files.filter((path) => /^dist\/.*\.js$/.test(path) && path !== 'dist/proxy.js')) {
    const server = graph(file, files).filter((source) => source.startsWith('src/server/'));
    if (server.length) problems.push(`${file}, which pages load, carries server code: ${server.join(', ')}`);
    const text = readFileSync(file, 'utf8');
    for (const name of SERVER_NAMES) if (text.includes(name)) problems.push(`${file}, which pages load, contains ${name}`);
  }
  if (!graph('dist/proxy.js', files).some((source) => source.startsWith('src/server/'))) {
    problems.push('dist/proxy.js is not built from src/server/ (the check above would prove nothing)');
  }

  console.log('▶ publint --strict');
  const lint = spawnSync('npx', ['publint', 'run', tarball, '--strict'], { stdio: 'inherit' });
  if (lint.status !== 0) problems.push('publint found problems (above)');

  // An ES-module-only package (`"type": "module"`, no `require` condition): the esm-only profile
  // leaves out CommonJS `require()` and node10 resolution, which this package does not offer.
  console.log('▶ attw --profile esm-only');
  const attw = spawnSync('npx', ['attw', tarball, '--profile', 'esm-only'], { stdio: 'inherit' });
  if (attw.status !== 0) problems.push('Are the Types Wrong found problems (above)');
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (problems.length) {
  console.error(`\nThe package is not ready to publish:\n${problems.map((problem) => `  ✗ ${problem}`).join('\n')}`);
  process.exit(1);
}
console.log('\nThe package ships what it should.');

/** The sources (by their maps) and bare imports an ES file loads, through its static imports. */
function graph(entry, files) {
  const { files: loaded, packages } = importGraph(entry);
  const sources = (file) =>
    files.includes(`${file}.map`)
      ? JSON.parse(readFileSync(`${file}.map`, 'utf8')).sources.map((source) => normalize(join(dirname(file), source)))
      : [];
  return [...loaded.flatMap(sources), ...packages];
}

/** Every file an `exports` map can resolve to. */
function targets(exports) {
  if (typeof exports === 'string') return [exports];
  return Object.values(exports ?? {}).flatMap(targets);
}

/** A `sideEffects` glob as a RegExp over package-relative paths: `*` within a folder, `**` across. */
function glob(pattern) {
  const escape = (text) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  const body = normalize(pattern)
    .split('**/')
    .map((part) => part.split('*').map(escape).join('[^/]*'))
    .join('(?:.*/)?');
  return new RegExp(`^${body}$`);
}
