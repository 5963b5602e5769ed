/**
 * `batch: true`: the lookups a page starts together go to the proxy in one request,
 * `GET {endpoint}batch?url=U1&url=U2…`, at most MAX_BATCH URLs each. Each lookup still gets the
 * answer for its own URL, as if it had asked alone, and `fetchCounts` turns it into counts or an
 * error exactly as it turns a single answer.
 *
 * An endpoint without the batch path (HTTP 404), or a batch that fails at the network level, has
 * that batch's URLs asked one by one, and every later lookup of the page too: the single path is
 * the one that can fall back to JSONP.
 */
import { scheduler } from '../elements/scheduler.js';
import { NetworkError } from '../wire/errors.js';
import { request, type WireResponse } from '../wire/transport.js';
import { apiUrl, batching, DEFAULT_ENDPOINT, keyParam, type Resolved } from './client.js';
import { MAX_BATCH } from './counts.js';

/**
 * Characters of page URLs one batch carries at most, so that its own URL stays under the 8 KiB
 * that servers and CDNs commonly accept: a batch closes at whichever limit it reaches first.
 */
export const MAX_BATCH_CHARS = 6000;

type Single = (url: string, signal: AbortSignal) => Promise<WireResponse>;

interface Lookup {
  url: string;
  signal: AbortSignal;
  resolve: (response: WireResponse | Promise<WireResponse>) => void;
  reject: (error: unknown) => void;
}

interface Batch {
  options: Resolved;
  single: Single;
  lookups: Lookup[];
  /** Characters of page URLs in it. */
  chars: number;
}

/** The batch being filled, by endpoint, key and request options. */
const open = new Map<string, Batch>();
/** Endpoints (with their key) whose batch path answered 404 or failed at the network level. */
const unbatched = new Set<string>();

const endpointOf = ({ endpoint, apiKey }: Resolved) => `${endpoint}\n${apiKey}`;

/**
 * The answer for `url` from the next batch of its `group`, as a single request would have had it:
 * that URL's part with the batch's status, or the whole answer when the batch was refused as a whole.
 * `undefined` when these options do not batch. One group never holds a URL twice: the caller
 * shares a request per URL in flight.
 *
 * A batch goes out when it is full, or else once the page's queue has nothing left to run: every
 * element connected, rendered and asking by then (counts, buttons, the buttons a group renders) is in it.
 */
export function viaBatch(
  options: Resolved,
  group: string,
  url: string,
  signal: AbortSignal,
  single: Single,
): Promise<WireResponse> | undefined {
  // SharedCount itself has no batch path, and JSONP none either; an endpoint without one asks singly.
  if (
    options.batch !== true ||
    options.transport === 'jsonp' ||
    options.endpoint === DEFAULT_ENDPOINT ||
    unbatched.has(endpointOf(options))
  )
    return undefined;
  let filling = open.get(group);
  // None open, or this URL would take it past the length a request line may have: a new one.
  if (!filling || filling.chars + url.length > MAX_BATCH_CHARS) {
    if (filling) close(group, filling);
    const fresh: Batch = (filling = { options, single, lookups: [], chars: 0 });
    open.set(group, fresh);
    const whenQuiet = (): unknown =>
      scheduler.run(() => open.get(group) === fresh && (scheduler.pending() ? whenQuiet() : close(group, fresh)));
    void whenQuiet();
  }
  const batch = filling;
  return new Promise((resolve, reject) => {
    batch.lookups.push({ url, signal, resolve, reject });
    batch.chars += url.length;
    if (batch.lookups.length === MAX_BATCH) close(group, batch);
    // An aborted `signal` is one every caller gave up on: `shareInFlight` has rejected each already,
    // and the lookup is left out of its batch, or its answer read by no one.
  });
}

/** Sends a batch: what is still asked for in it, if anything. */
function close(group: string, { options, single, lookups }: Batch): void {
  open.delete(group);
  const chunk = lookups.filter((lookup) => !lookup.signal.aborted);
  if (chunk.length) void send(options, single, chunk);
}

async function send(options: Resolved, single: Single, chunk: Lookup[]): Promise<void> {
  // The request is dropped only when every lookup in it was.
  const controller = new AbortController();
  let left = chunk.length;
  for (const { signal } of chunk) signal.addEventListener('abort', () => --left || controller.abort(signal.reason), { once: true });
  const params = chunk.map(({ url }): [string, string] => ['url', url]);
  let response: WireResponse | undefined;
  try {
    response = await request(apiUrl(options, 'batch', [...params, ...keyParam(options)]), {
      ...options,
      transport: 'cors',
      signal: controller.signal,
    });
  } catch (error) {
    if (!(error instanceof NetworkError)) return chunk.forEach((lookup) => lookup.reject(error));
  }
  if (!response || response.status === 404) {
    unbatched.add(endpointOf(options));
    return chunk.forEach((lookup) => lookup.resolve(single(lookup.url, lookup.signal)));
  }
  const { status, body } = response;
  // An object of answers by URL, or a refusal of the whole batch (`{"Error"}`, a status, not JSON).
  const parts =
    status > 199 && status < 300 && body && typeof body === 'object' && !('Error' in body) ? (body as Record<string, unknown>) : undefined;
  // A page URL is absolute http(s): never a key like `__proto__` that the object would answer itself.
  for (const lookup of chunk) lookup.resolve(parts ? { ...response, body: parts[lookup.url], text: '' } : response);
}

/** Lets `fetchCounts` batch: called by the element modules, whose queue decides when a batch goes. */
export function batchLookups(): void {
  batching.via = viaBatch;
}
