/** Bun: Bun.serve({ fetch }), with its `server` (the client's `requestIP()`) passed on as the context. */
import { app, type AppEnv } from './app.js';

declare const Bun: {
  env: Record<string, string>;
  serve(options: {
    hostname: string;
    port: number;
    fetch(request: Request, server: { requestIP(request: Request): { address: string } | null }): Promise<Response>;
  }): { port: number };
};

const handler = app(Bun.env as unknown as AppEnv);
const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (request, server) => handler(request, server) });
console.log(`LISTENING ${server.port}`);
