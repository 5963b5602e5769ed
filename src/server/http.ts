/**
 * What both proxies answer with, built from web APIs only (Request, Response, Headers), so that
 * they run unchanged on Node, Deno, Bun and Cloudflare Workers.
 */
import { hash } from '../wire/util.js';

/**
 * The second argument a runtime passes a handler, as it passes it: Workers' `ctx` (with
 * `waitUntil` for background work), Deno.serve's `info` (with `remoteAddr`), Bun.serve's `server`
 * (with `requestIP()`), or what `nodeListener` passes (the socket's address as `remoteAddr`).
 * The proxies take the client's address from it, never from a header the client can set.
 */
export interface ProxyContext {
  /** Keeps the request's context alive until `promise` settles (Workers: `ctx.waitUntil`). */
  waitUntil?(promise: Promise<unknown>): void;
  /** The client's address (Deno: `info.remoteAddr`; `nodeListener`: the socket's). */
  remoteAddr?: { hostname?: string | undefined } | undefined;
  /** The client's address (Bun: `server.requestIP(request)`). */
  requestIP?(request: Request): { address: string } | null | undefined;
}

/** A standard handler: `(Request) => Promise<Response>`, with the runtime's context when it has one. */
export type ProxyHandler = (request: Request, context?: ProxyContext) => Promise<Response>;

/**
 * Something to keep answers and budget counts in that every instance shares: any unstorage
 * `Storage` (Redis, Cloudflare KV, …) fits. What it returns is checked like an upstream answer.
 */
export interface ProxyStore {
  getItem(key: string): Promise<unknown>;
  setItem(key: string, value: StoredValue, options?: { ttl?: number }): Promise<void>;
}

/** An answer as the store holds it. */
export interface StoredAnswer {
  /** What it is an answer for: a check against hash collisions. */
  key: string;
  body: string;
  /** When the upstream gave it (ms since the epoch). */
  at: number;
  /** The upstream's refusal (a 4xx with `{Error, Type}`), kept so that it is not asked again; absent for an answer. */
  status?: number | undefined;
}

/** What the proxies write to a store: answers, and the budget's counts of upstream calls. */
export type StoredValue = StoredAnswer | number;

/** The request's path and query exactly as they came, before a URL parser resolves `..` or decodes anything. */
export function rawTarget(url: string): { path: string; query: string } {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)(?:\?([^#]*))?/i.exec(url);
  return { path: match?.[1] || '/', query: match?.[2] ?? '' };
}

/** CORS headers for `origin` under `allowOrigins`, and whether that origin may read the answer. */
export function cors(origin: string | null, allowOrigins: readonly string[] | '*'): { headers: Record<string, string>; allowed: boolean } {
  // One answer for every origin: a CDN keeps one entry, and no Vary is needed.
  if (allowOrigins === '*') return { headers: { 'Access-Control-Allow-Origin': '*' }, allowed: true };
  const allowed = origin !== null && allowOrigins.includes(origin);
  return { headers: allowed ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : { Vary: 'Origin' }, allowed };
}

/** The answer to a CORS preflight: 204 for an allowed origin, 403 otherwise. */
export function preflight(allowed: boolean, headers: Record<string, string>, methods: string): Response {
  if (!allowed) return new Response(null, { status: 403, headers });
  return new Response(null, {
    status: 204,
    headers: {
      ...headers,
      'Access-Control-Allow-Methods': methods,
      'Access-Control-Allow-Headers': 'Content-Type, If-None-Match',
      'Access-Control-Max-Age': '600',
    },
  });
}

/** What a request path may never contain: traversal, encoded slashes or dots, backslashes, empty segments. */
export const PATH_TRICKS = /\/\.\.?(?:\/|$)|%2e|%2f|%5c|\\|\/\//i;

export const JSON_TYPE = 'application/json; charset=utf-8';
export const SCRIPT_TYPE = 'text/javascript; charset=utf-8';

/** A response with a text body; HEAD gets the same headers and no body. */
export function respond(request: Request, status: number, body: string, headers: Record<string, string>): Response {
  return new Response(request.method === 'HEAD' || status === 304 ? null : body, {
    status,
    headers: { 'Content-Type': JSON_TYPE, 'X-Content-Type-Options': 'nosniff', ...headers },
  });
}

/** The value of a JSON text, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A strong validator for a body. */
export const etagOf = (body: string): string => `"${hash(body)}-${body.length.toString(36)}"`;

/** True when `If-None-Match` names `etag` (or `*`); weak comparison, as RFC 9110 asks for GET. */
export function notModified(request: Request, etag: string): boolean {
  const header = request.headers.get('if-none-match');
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** Lower-case hex SHA-256 of a text: a store key that no two URLs share in practice. */
export async function digest(text: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The body of an upstream answer as text, read no further than `max` bytes: undefined when it is
 * longer (the rest is never read) or cannot be read.
 */
export async function readCapped(response: Response, max: number): Promise<string | undefined> {
  if (Number(response.headers.get('content-length')) > max) {
    await response.body?.cancel().catch(() => {});
    return undefined;
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) bytes.set(chunk, (offset += chunk.byteLength) - chunk.byteLength);
  return new TextDecoder().decode(bytes);
}

/** Resolves with `promise`'s value, or with `fallback` after `ms`: on a timer of the caller's own, in its own request. */
export function within<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<F>((resolve) => (timer = setTimeout(() => resolve(fallback), Math.max(0, ms))));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
