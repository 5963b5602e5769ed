/** Bun: Bun.serve({ fetch }). */
import { app, type AppEnv } from './app.js';

declare const Bun: {
  env: Record<string, string>;
  serve(options: { hostname: string; port: number; fetch(request: Request): Promise<Response> }): { port: number };
};

const handler = app(Bun.env as unknown as AppEnv);
const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (request) => handler(request) });
console.log(`LISTENING ${server.port}`);
