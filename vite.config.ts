import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { RolldownMagicString } from 'rolldown';
import { defineConfig, type LibraryOptions, type Plugin } from 'vite';
import { sharedCountProxy } from './demo/proxy-server.js';
import { shareIcons } from './scripts/icons.mjs';

interface Build extends LibraryOptions {
  external?: RegExp[];
  /** Source modules this build bundles another module in place of: `[which, by what]`. */
  replace?: [RegExp, string];
  /** Where code shared by several entries goes. */
  chunkFileNames?: (chunk: { moduleIds: string[] }) => string;
}

/** One `vite build --mode NAME` per kind of output (IIFE builds take one entry each). */
const builds: Record<string, Build> = {
  esm: {
    // The package's ES entry points (`exports` in package.json); code they share goes to dist/chunks/.
    entry: {
      'share-count-widgets': 'src/entries/share-count-widgets.ts',
      define: 'src/entries/define.ts',
      'jquery.sharedcount.module': 'src/entries/jquery.ts',
      jsonp: 'src/entries/jsonp.ts',
      buttons: 'src/entries/buttons.ts',
    },
    formats: ['es'],
    fileName: (_format, name) => `${name}.js`,
    // Publishers' bundlers bring their own Lit and jQuery.
    external: [/^lit(\/|$)/, /^@lit\//, /^jquery$/],
    // The chunk that registers the elements is named for package.json's `sideEffects`, so that
    // bundlers keep it although nothing is imported from it for the registration itself.
    chunkFileNames: ({ moduleIds }) => `chunks/${moduleIds.some((id) => id.endsWith('-define.ts')) ? 'define' : 'shared'}-[hash].js`,
  },
  // Script tags: one entry each, everything it needs inside but JSONP, which they load from their
  // sibling share-count-widgets.jsonp.js when a request needs it (src/wire/jsonp-lazy.ts).
  iife: lazyJsonp(script('share-count-widgets.iife', 'ShareCountWidgets')),
  counts: lazyJsonp(script('share-count.iife', 'ShareCountWidgets')),
  // The counts file's global and <share-count>, plus the share buttons.
  buttons: lazyJsonp(script('share-buttons.iife', 'ShareCountWidgets')),
  'jsonp-file': {
    entry: 'src/entries/jsonp-file.ts',
    formats: ['iife'],
    name: 'ShareCountWidgetsJsonp',
    fileName: () => 'share-count-widgets.jsonp.js',
  },
  // Requests through the page's own jQuery: src/jquery/transport.ts stands in for src/wire/transport.ts.
  jquery: {
    ...script('jquery.sharedcount', 'ShareCountWidgetsJQuery'),
    replace: [/\/src\/wire\/transport\.ts$/, 'src/jquery/transport.ts'],
  },
  // Loaded after jquery.sharedcount.js: the code both need comes from that file (src/jquery/kit.ts).
  'jquery-bulk': {
    ...script('jquery.sharedcount.bulk', 'ShareCountWidgetsJQueryBulk'),
    replace: [/\/src\/(wire|sharedcount\/client|jquery\/plugin)[./]/, 'src/jquery/kit-import.ts'],
  },
  // Server-side rendering (Node, Deno, Bun, Workers): the elements as HTML, no DOM. Everything inside,
  // Lit's `css` too, so that no runtime resolves a browser module. `ssr-lit` is the renderers for Lit
  // SSR, which load the server's own @lit-labs/ssr; the code both entries share (and its state:
  // `configure()`) is one chunk, so that labels configured through one apply to the other.
  ssr: {
    entry: { ssr: 'src/ssr/index.ts', 'ssr-lit': 'src/ssr/lit.ts' },
    formats: ['es'],
    fileName: (_format, name) => `${name}.js`,
    external: [/^@lit-labs\/ssr(\/|$)/],
    chunkFileNames: () => 'chunks/ssr-[hash].js',
  },
  proxy: {
    // Server-side (Node >= 20, edge runtimes): web APIs only, no DOM.
    entry: 'src/server/index.ts',
    formats: ['es'],
    fileName: () => 'proxy.js',
  },
};

/** A script-tag build: `src/entries/NAME.ts` to `dist/NAME.js`, its exports on `window[global]`. */
function script(name: string, global: string): Build {
  return { entry: `src/entries/${name}.ts`, formats: ['iife'], name: global, fileName: () => `${name}.js` };
}

/** A script-tag build whose JSONP comes from the sibling file. */
function lazyJsonp(build: Build): Build {
  return { ...build, replace: [/\/src\/wire\/jsonp\.ts$/, 'src/wire/jsonp-lazy.ts'] };
}

/**
 * The CSS in `css\`…\`` templates of src/**\/*.styles.ts, minified: comments out, whitespace down to
 * what CSS needs. The sources keep their layout and comments for people; readers download neither.
 */
export const minifyStyles = (): Plugin => ({
  name: 'minify-styles',
  transform(code, id) {
    if (!/\/src\/.*\.styles\.ts$/.test(id)) return null;
    // An empty map: the styles modules hold no code worth a source map, only strings.
    const map = { mappings: '' };
    const minified = code.replace(/css`([^`$]*)`/g, (_, text: string) => {
      const minified = text
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\s+/g, ' ')
        .replace(/\s*([{};,>])\s*/g, '$1')
        .replace(/:\s+/g, ':')
        .replace(/;}/g, '}')
        // Attribute values that are CSS identifiers need no quotes; numbers no leading zero.
        .replace(/=(['"])([a-zA-Z_][\w-]*)\1]/g, '=$2]')
        .replace(/([:, (])0\.(\d)/g, '$1.$2')
        .trim()
        // Every built file is ASCII (see `charset` below): a character past it as a CSS escape,
        // `\\2013 ` in this source for `\2013 ` in the CSS.
        .replace(/[^\0-~]/gu, (char) => `\\\\${char.codePointAt(0)!.toString(16)} `);
      return `css\`${minified}\``;
    });
    return { code: minified, map };
  },
});

/**
 * Builds that carry Lit: every `css\`…\`` template of src/ without `${…}` becomes
 * `unsafeCSS(\`…\`)`, the same stylesheet (static CSS of our own), so that no file carries Lit's `css`
 * tag, which is there for templates with values in them and their checks (about 150 B gzip).
 */
export const staticCss = (): Plugin => ({
  name: 'static-css',
  transform(code, id) {
    if (!/\/src\/.*\.ts$/.test(id) || !/\bcss`/.test(code)) return null;
    const out = new RolldownMagicString(code);
    for (const match of code.matchAll(/\bcss`[^`$]*`/g)) {
      // Pure: a sheet nothing uses (one only the server renderer writes) is dropped.
      out.update(match.index, match.index + 3, '/* @__PURE__ */ __staticCSS(');
      out.appendLeft(match.index + match[0].length, ')');
    }
    if (!out.hasChanged()) return null;
    out.append("\nimport { unsafeCSS as __staticCSS } from '@lit/reactive-element';\n");
    return { code: out };
  },
});

/** Resolves every import, from src/, of a module that `pattern` matches to `file` instead. */
const replaceModules = (pattern: RegExp, file: string): Plugin => ({
  name: 'replace-modules',
  enforce: 'pre',
  async resolveId(source, importer, options) {
    const by = fileURLToPath(new URL(file, import.meta.url));
    if (!importer || importer === by) return null;
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
    return resolved && pattern.test(resolved.id) ? by : null;
  },
});

/** Serves MSW's worker at `/mockServiceWorker.js`, the scope it needs, straight from the installed package. */
export const mswWorker = (): Plugin => ({
  name: 'msw-worker',
  configureServer(server) {
    server.middlewares.use('/mockServiceWorker.js', (_req, res) => {
      void readFile(fileURLToPath(import.meta.resolve('msw/mockServiceWorker.js'))).then((body) => {
        res.setHeader('Content-Type', 'text/javascript');
        res.end(body);
      });
    });
  },
});

export default defineConfig(({ mode }) => {
  const lib = builds[mode];
  if (!lib) {
    // `npm start`: the demo. Its counts go page → the SharedCount proxy (on this server, at
    // /api/sharedcount/) → a fake SharedCount on 127.0.0.1; MSW answers the other APIs in the browser.
    return {
      plugins: [mswWorker(), sharedCountProxy(), shareIcons()],
      server: { host: '127.0.0.1', port: 5173 },
      build: {
        rollupOptions: {
          input: {
            main: 'index.html',
            dashboard: 'demo/dashboard.html',
            react: 'demo/react.html',
            vue: 'demo/vue.html',
            article: 'demo/article.html',
          },
        },
      },
    };
  }
  const { external, chunkFileNames, replace, ...library } = lib;
  return {
    publicDir: false,
    plugins: [minifyStyles(), ...(external ? [] : [staticCss()]), shareIcons(), ...(replace ? [replaceModules(...replace)] : [])],
    build: {
      lib: library,
      outDir: 'dist',
      emptyOutDir: false,
      target: 'es2022',
      minify: true,
      sourcemap: true,
      // ASCII only, with escapes in strings: a page in windows-1252 whose server sends the file
      // without a charset reads it in the page's encoding, and '\u2013' would show as three letters.
      rollupOptions: {
        ...(external && { external }),
        output: {
          charset: 'ascii',
          ...(chunkFileNames && { chunkFileNames }),
          // Lit inside the file: the private properties of its classes (`_$E…` of ReactiveElement,
          // `_$D…` of LitElement, `_$C…` of lit-html's) get one-letter names. Nothing outside the
          // file sees them; the `_$A…` ones, which Lit's other packages use, keep theirs.
          ...(!external && { minify: { mangleProps: { include: /^_\$[CDE].$/ } } }),
          // A script tag's global is a plain object of its exports, without `Symbol.toStringTag`
          // "Module" defined on it at load.
          generatedCode: { symbols: false },
        },
      },
    },
  };
});
