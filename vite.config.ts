import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { defineConfig, type LibraryOptions, type Plugin } from 'vite';
import { sharedCountProxy } from './demo/proxy-server.js';

interface Build extends LibraryOptions {
  external?: RegExp[];
  /** Where code shared by several entries goes. */
  chunkFileNames?: (chunk: { moduleIds: string[] }) => string;
}

/** One `vite build --mode NAME` per kind of output (IIFE builds take one entry each). */
const builds: Record<string, Build> = {
  esm: {
    // The package's ES entry points (`exports` in package.json); code they share goes to dist/chunks/.
    entry: {
      'share-count-widgets': 'src/index.ts',
      define: 'src/define.ts',
      'jquery.sharedcount.module': 'src/jquery/index.ts',
    },
    formats: ['es'],
    fileName: (_format, name) => `${name}.js`,
    // Publishers' bundlers bring their own Lit and jQuery.
    external: [/^lit(\/|$)/, /^@lit\//, /^jquery$/],
    // The chunk that registers the elements is named for package.json's `sideEffects`, so that
    // bundlers keep it although nothing is imported from it for the registration itself.
    chunkFileNames: ({ moduleIds }) => `chunks/${moduleIds.some((id) => id.endsWith('-define.ts')) ? 'define' : 'shared'}-[hash].js`,
  },
  iife: {
    entry: 'src/iife.ts',
    formats: ['iife'],
    name: 'ShareCountWidgets',
    fileName: () => 'share-count-widgets.iife.js',
  },
  proxy: {
    // Server-side (Node >= 20, edge runtimes): web APIs only, no DOM.
    entry: 'src/server/index.ts',
    formats: ['es'],
    fileName: () => 'proxy.js',
  },
  jquery: {
    entry: 'src/jquery/standalone.ts',
    formats: ['iife'],
    name: 'ShareCountWidgetsJQuery',
    fileName: () => 'jquery.sharedcount.js',
  },
};

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
      plugins: [mswWorker(), sharedCountProxy()],
      server: { host: '127.0.0.1', port: 5173 },
      build: {
        rollupOptions: {
          input: {
            main: 'index.html',
            dashboard: 'demo/dashboard.html',
            react: 'demo/react.html',
            vue: 'demo/vue.html',
          },
        },
      },
    };
  }
  const { external, chunkFileNames, ...library } = lib;
  return {
    publicDir: false,
    build: {
      lib: library,
      outDir: 'dist',
      emptyOutDir: false,
      target: 'es2022',
      minify: true,
      sourcemap: true,
      rollupOptions: { ...(external && { external }), ...(chunkFileNames && { output: { chunkFileNames } }) },
    },
  };
});
