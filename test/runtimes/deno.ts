/** Deno: Deno.serve(handler), with its `info` (the client's `remoteAddr`) passed on as the context. */
import { app, type AppEnv } from './app.js';

declare const Deno: {
  env: { toObject(): Record<string, string> };
  serve(
    options: { hostname: string; port: number; onListen(address: { port: number }): void },
    handler: (request: Request, info: { remoteAddr: { hostname: string } }) => Promise<Response>,
  ): unknown;
};

const handler = app(Deno.env.toObject() as unknown as AppEnv);
Deno.serve({ hostname: '127.0.0.1', port: 0, onListen: ({ port }) => console.log(`LISTENING ${port}`) }, (request, info) =>
  handler(request, info),
);
