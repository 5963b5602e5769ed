/**
 * Which page a SharedCount proxy request is for: the URL checked (absolute http(s), a plain host,
 * no credentials, no tricks), matched against `allowHosts`, and written in one form per page, so
 * that one page is one cache entry and one upstream call, whatever its variants.
 */

/** Longer page URLs are refused, as the browser client refuses them. */
export const MAX_PAGE_URL = 4096;
/** Parameters that say where a reader came from, never which page it is. */
const TRACKING = /^(?:utm_.*|fbclid|gclid|mc_cid|mc_eid)$/i;
/** A host as pages carry it in `location.href`: ASCII (IDNs punycoded) or an IPv6 literal, maybe a port. */
const AUTHORITY = /^([a-z0-9-]+(?:\.[a-z0-9-]+)*\.?|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const CONTROL = /[\u0000-\u001f\u007f\\]/;
const DEFAULT_PORT: Record<string, string> = { 'http:': '80', 'https:': '443' };

/** Which query parameters identify a page: all but tracking ones, none, or the ones named. */
export type QueryRule = 'keep' | 'drop' | readonly string[];

export interface HostPattern {
  host: string;
  subdomains: boolean;
  /** A port other than the scheme's default that pages of this host use; '' for the default. */
  port: string;
}

/** A host pattern of `allowHosts`, checked and in the form URLs carry it (lower case, IDNs punycoded). */
export function hostPattern(pattern: unknown): HostPattern {
  const text = typeof pattern === 'string' ? pattern : '';
  const subdomains = text.startsWith('.');
  const [bare = '', port = ''] = (subdomains ? text.slice(1) : text).split(/:(\d{1,5})$/);
  let host = '';
  try {
    // A scheme's default port is refused: URLs carry none for it, so such a pattern would match pages of one scheme only.
    if (/^[^/?#:@\\\s*]+$/.test(bare) && (!port || (Number(port) <= 65535 && !Object.values(DEFAULT_PORT).includes(String(Number(port))))))
      host = new URL(`https://${bare}/`).hostname;
  } catch {
    // not a host name
  }
  if (!host || !/^[a-z0-9-]+(?:\.[a-z0-9-]+)*$/.test(host)) {
    throw new TypeError(
      `createSharedCountProxy: allowHosts entry ${JSON.stringify(pattern)} is not a host name: write 'example.com' (that host), '.example.com' (it and its subdomains) or 'example.com:8443' (that host on a port other than 80 and 443), without a scheme or path`,
    );
  }
  return { host, subdomains, port: port && String(Number(port)) };
}

/** True when a page of `host` on `port` ('' for the scheme's default) may be counted. */
export function hostAllowed(patterns: readonly HostPattern[], host: string, port: string): boolean {
  return patterns.some(
    (pattern) => pattern.port === port && (host === pattern.host || (pattern.subdomains && host.endsWith(`.${pattern.host}`))),
  );
}

export interface Page {
  /** The page in its one form: the cache key and what SharedCount is asked for. */
  url: string;
  host: string;
  /** '' for the scheme's default port. */
  port: string;
}

/**
 * The page `raw` names, in its one form, or undefined when it is no page URL. The scheme and host
 * are lower-cased, a default port and the fragment dropped, tracking parameters removed, and other
 * parameters kept or dropped by `query`. The path is left exactly as written: SharedCount counts
 * `/post` and `/post/` apart.
 */
export function pageOf(raw: string, query: QueryRule): Page | undefined {
  if (raw.length > MAX_PAGE_URL || CONTROL.test(raw)) return undefined;
  const parts = /^(https?):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/i.exec(raw);
  const authority = parts && AUTHORITY.exec(parts[2]!);
  if (!parts || !authority) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return undefined;
  }
  const written = authority[2];
  const port = written === undefined || written.replace(/^0+(?=\d)/, '') === DEFAULT_PORT[parsed.protocol] ? '' : String(Number(written));
  // The parser must read the host the way it is written (nothing decoded, no number rewritten as
  // an address), so that SharedCount, whatever parser it uses, counts the host that was checked.
  if (parsed.username || parsed.password || parsed.hostname !== authority[1]!.toLowerCase() || parsed.port !== port) return undefined;
  const kept = (parts[4] ?? '').split('&').filter((pair) => {
    if (!pair) return false;
    const name = nameOf(pair);
    if (TRACKING.test(name)) return false;
    return query === 'keep' || (query !== 'drop' && query.includes(name));
  });
  const path = parts[3] || '/';
  return { url: `${parsed.protocol}//${parsed.host}${path}${kept.length ? `?${kept.join('&')}` : ''}`, host: parsed.hostname, port };
}

function nameOf(pair: string): string {
  const name = pair.split('=')[0]!.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** `query`, checked. */
export function checkQueryRule(query: unknown, fail: (message: string) => never): QueryRule {
  if (query === undefined || query === 'keep' || query === 'drop') return query ?? 'keep';
  if (!Array.isArray(query) || !query.every((name) => typeof name === 'string' && name)) {
    fail("query must be 'keep', 'drop' or a list of parameter names such as ['p', 'page_id']");
  }
  return [...(query as string[])];
}
