import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { defineConfig, type LibraryOptions, type Plugin } from 'vite';

/** One `vite build --mode NAME` per shipped file (IIFE builds take one entry each). */
const builds: Record<string, LibraryOptions & { external?: RegExp[] }> = {
  esm: {
    entry: 'src/index.ts',
    formats: ['es'],
    fileName: () => 'share-count-widgets.js',
    // Publishers' bundlers bring their own Lit and jQuery.
    external: [/^lit(\/|$)/, /^@lit\//, /^jquery$/],
  },
  iife: {
    entry: 'src/iife.ts',
    formats: ['iife'],
    name: 'ShareCountWidgets',
    fileName: () => 'share-count-widgets.iife.js',
  },
  proxy: {
    // Server-side (Node >= 20, edge runtimes): web APIs only, no DOM.
    entry: 'src/shareablee/proxy.ts',
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
    // `npm start`: the demo, with MSW answering every API in the browser.
    return {
      plugins: [mswWorker()],
      server: { host: '127.0.0.1', port: 5173 },
      build: { rollupOptions: { input: { main: 'index.html', dashboard: 'demo/dashboard.html' } } },
    };
  }
  const { external, ...library } = lib;
  return {
    publicDir: false,
    build: {
      lib: library,
      outDir: 'dist',
      emptyOutDir: false,
      target: 'es2022',
      minify: true,
      sourcemap: true,
      rollupOptions: external ? { external } : {},
    },
  };
});
