/** Small helpers the wire code, the clients and the ways in share. */

/** FNV-1a, 32 bits, in base 36: a short stable name for a string (not a secret). */
export function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

/**
 * Runs a caller's callback so that its exception reaches the page (window.onerror), as an
 * exception in an event handler would, instead of breaking the work that called it.
 */
export function runReported(callback: () => void): void {
  try {
    callback();
  } catch (error) {
    setTimeout(() => {
      throw error;
    });
  }
}

/** The UTC day of `now` (`2026-12-01`): SharedCount's quota resets at its start. */
export const utcDay = (now = Date.now()): string => new Date(now).toISOString().slice(0, 10);

/** Waits `ms` milliseconds; rejects with the signal's reason if it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    // An abort event never fires again for a signal that is already aborted.
    if (signal?.aborted) return reject(signal.reason);
    const done = () => {
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    const stop = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
}

/** The URL a widget counts when none is given: the canonical link, else this page without its fragment. */
export function pageUrl(doc: Document = document): string {
  const canonical = doc.querySelector<HTMLLinkElement>('link[rel~="canonical"][href]');
  // `.href` is already absolute, resolved against the document's base URL.
  return canonical?.href || doc.location.href.replace(/#.*$/, '');
}

/** Appends `name=value` to a URL's query, before any fragment, leaving the rest byte for byte. */
export function appendQuery(url: string, name: string, value: string): string {
  const [base = '', ...fragment] = url.split('#');
  const joiner = base.includes('?') ? (/[?&]$/.test(base) ? '' : '&') : '?';
  return [`${base}${joiner}${name}=${value}`, ...fragment].join('#');
}
