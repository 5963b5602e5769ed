/**
 * SharedCount's bulk API (paid plans, CORS only): POST a batch of URLs, then
 * poll for the answers. Wire rules from the API's docs: one URL per line with
 * a trailing line break, `text/plain`; batches of at most 500 (plus), 1,000
 * (business) or 10,000 (dedicated) URLs; invalid URLs are dropped silently by
 * the server; once a job completed, its data may not be returned again, so
 * everything seen is kept; polling every 30–60 s is what SharedCount suggests.
 */
import { getConfig } from '../wire/config.js';
import { oneOf, positiveMs, ShareCountWidgetsError, SharedCountError, TimeoutError, ValidationError } from '../wire/errors.js';
import { runReported, sleep } from '../wire/util.js';
import { request, type WireResponse } from '../wire/transport.js';
import { apiUrl, checkPageUrl, checkQuotaLatch, interpret, keyParam, resolveOptions } from './client.js';
import type { SharedCountData, SharedCountOptions } from './types.js';

export type BulkPlan = 'plus' | 'business' | 'dedicated';

/** The largest batch each plan accepts. */
export const BATCH_SIZES: Readonly<Record<BulkPlan, number>> = { plus: 500, business: 1000, dedicated: 10_000 };

export interface BulkProgress {
  /** URLs answered or dropped so far. */
  completed: number;
  /** Valid, distinct URLs sent. */
  total: number;
}

export interface BulkOptions extends Pick<SharedCountOptions, 'apiKey' | 'fetch' | 'signal'> {
  /** Bulk API base, ending in `/`. Default: the plan's own host, `https://{plan}.sharedcount.com/` (the configured endpoint when set). */
  endpoint?: string | undefined;
  /** Your plan: sets the batch size. Default `'plus'` (500). */
  plan?: BulkPlan | undefined;
  /** A smaller batch size than the plan's. */
  batchSize?: number | undefined;
  /** Milliseconds between polls. Default 30,000 (SharedCount's advice). */
  pollInterval?: number | undefined;
  /** Ask for the data completed so far on every poll (`force=1`). Default off. */
  force?: boolean | undefined;
  /** Milliseconds for the whole job; past it, a `TimeoutError` carrying what arrived. Default 30 minutes. */
  timeout?: number | undefined;
  /** Milliseconds for each HTTP request. Default 10,000. */
  requestTimeout?: number | undefined;
  onProgress?: ((progress: BulkProgress) => void) | undefined;
}

export interface BulkResult {
  /** Counts per URL, as SharedCount sent them. */
  data: Map<string, SharedCountData>;
  /** URLs sent but never answered: the server dropped them. */
  dropped: string[];
  /** URLs refused before sending (not absolute http(s)). */
  invalid: string[];
  /** Repeats removed before sending (each listed once). */
  duplicates: string[];
  /** URLs never sent because the job stopped first (empty when it finished). */
  pending: string[];
}

/** An error that stopped a bulk job, with what had arrived by then. */
export type BulkError = ShareCountWidgetsError & { partial: BulkResult };

/** The partial result a failed `bulkCounts` carried, if any. */
export function bulkPartial(error: unknown): BulkResult | undefined {
  const partial = (error as { partial?: unknown } | null)?.partial;
  return partial && typeof partial === 'object' && (partial as BulkResult).data instanceof Map ? (partial as BulkResult) : undefined;
}

interface BulkMeta {
  completed?: unknown;
  urls_completed?: unknown;
  urls_queued?: unknown;
  bulk_id?: unknown;
}

/**
 * Counts for many URLs through the bulk API. Duplicates and invalid URLs are
 * removed first and reported; batches go one after another; each is polled
 * until complete. Rejects with `ValidationError` for bad options; with
 * `TimeoutError` (job too long) or `SharedCountError` (quota exceeded mid-way,
 * or another API error) carrying `.partial`; with the signal's reason when aborted.
 */
export async function bulkCounts(urls: readonly string[], options: BulkOptions = {}): Promise<BulkResult> {
  if (!Array.isArray(urls)) throw new ValidationError('bulkCounts needs an array of URLs');
  const {
    plan = 'plus',
    pollInterval = 30_000,
    force = false,
    timeout = 30 * 60_000,
    requestTimeout = 10_000,
    onProgress,
    signal,
  } = options;
  oneOf(plan, Object.keys(BATCH_SIZES), 'plan');
  // The bulk API lives on the plan's own host (SharedCount's docs), unless an endpoint is configured.
  const endpoint = options.endpoint ?? getConfig().sharedcount.endpoint ?? `https://${plan}.sharedcount.com/`;
  const resolved = resolveOptions({
    apiKey: options.apiKey,
    endpoint,
    fetch: options.fetch,
    transport: 'cors',
    cache: 'none',
    timeout: requestTimeout,
  });
  const batchSize = Math.min(options.batchSize ?? BATCH_SIZES[plan], BATCH_SIZES[plan]);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValidationError('batchSize must be a whole number from 1');
  positiveMs(pollInterval, 'pollInterval');
  positiveMs(timeout, 'timeout');
  signal?.throwIfAborted();

  const result: BulkResult = { data: new Map(), dropped: [], invalid: [], duplicates: [], pending: [] };
  // Sets keep their insertion order: `valid` is each URL once, as first given.
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const raw of urls) {
    let url: string;
    try {
      url = checkPageUrl(raw);
    } catch {
      result.invalid.push(String(raw));
      continue;
    }
    if (seen.has(url)) duplicates.add(url);
    else seen.add(url);
  }
  const valid = [...seen];
  result.duplicates = [...duplicates];

  const deadline = Date.now() + timeout;
  const base = apiUrl(resolved, 'bulk');
  const call = async (url: string, init?: RequestInit): Promise<Record<string, unknown>> => {
    const response: WireResponse = await request(url, { ...resolved, signal, init: init as never });
    return interpret(response, url, resolved);
  };
  let finished = 0;
  // The caller's callback must not break the job: its exception goes to the page instead.
  const progress = (inBatch: number) =>
    onProgress && runReported(() => onProgress({ completed: Math.min(finished + inBatch, valid.length), total: valid.length }));
  const remaining = (url: string) => {
    const left = deadline - Date.now();
    if (left <= 0) throw new TimeoutError(timeout, { url });
    return left;
  };

  try {
    for (let first = 0; first < valid.length; first += batchSize) {
      const batch = valid.slice(first, first + batchSize);
      remaining(base);
      checkQuotaLatch(resolved, base);
      const posted = await call(apiUrl(resolved, 'bulk', keyParam(resolved)), {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain' },
        body: `${batch.join('\n')}\n`,
      });
      const id = posted['bulk_id'];
      if (typeof id !== 'string' && typeof id !== 'number')
        throw new SharedCountError('SharedCount bulk answered without a bulk_id', { type: 'bulk', url: base });
      const pollUrl = apiUrl(resolved, 'bulk', [
        ...keyParam(resolved),
        ['bulk_id', String(id)],
        ...(force ? [['force', '1'] as [string, string]] : []),
      ]);
      let wait = pollInterval;
      for (;;) {
        // The last wait is cut to what is left, so the job gets every poll its time allows.
        await sleep(Math.min(wait, remaining(pollUrl)), signal);
        let answer: Record<string, unknown>;
        try {
          answer = await call(pollUrl);
        } catch (error) {
          // A failed poll is retried later, slower; an answer that says stop (quota, key) is not.
          const status = (error as { status?: number }).status;
          if (error instanceof SharedCountError && status !== undefined && status >= 400 && status < 500) throw error;
          if (signal?.aborted) throw error;
          wait = Math.min(wait * 2, 5 * 60_000);
          continue;
        }
        wait = pollInterval;
        const data = answer['data'];
        if (data && typeof data === 'object') {
          for (const [url, counts] of Object.entries(data)) {
            if (counts && typeof counts === 'object') result.data.set(url, counts as SharedCountData);
          }
        }
        const meta = (answer['_meta'] ?? {}) as BulkMeta;
        const done = batch.filter((url) => result.data.has(url)).length;
        progress(typeof meta.urls_completed === 'number' ? Math.max(meta.urls_completed, done) : done);
        if (meta.completed === true) break;
      }
      result.dropped.push(...batch.filter((url) => !result.data.has(url)));
      finished += batch.length;
      progress(0);
    }
  } catch (error) {
    result.pending = valid.slice(finished);
    if (error instanceof ShareCountWidgetsError) throw Object.assign(error, { partial: result }) as BulkError;
    throw error;
  }
  return result;
}
