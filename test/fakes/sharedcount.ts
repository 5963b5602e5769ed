/**
 * A fake SharedCount v1.1 for MSW: the demo, the browser tests and the happy-dom
 * tests all answer the API with it. It speaks the wire format of the real API:
 * CORS JSON, JSONP when `callback` is given (errors then come with HTTP 200),
 * `{"Error", "Type"}` bodies, and the quota endpoint.
 *
 * Fixed answers for a few URLs; any other URL gets counts derived from its text,
 * so every page shows stable numbers without a table of fixtures.
 */
import { delay, http, HttpResponse, type JsonBodyType } from 'msw';

export const FAKE_ENDPOINT = 'https://api.sharedcount.com/v1.1/';
/** The key the fake accepts; `over-quota` answers `quota_exceeded`, anything else 401. */
export const FAKE_KEY = 'demo-key';
export const OVER_QUOTA_KEY = 'over-quota';

export const SAMPLE = {
  Pinterest: 9,
  Facebook: { total_count: 168, comment_count: 53, reaction_count: 14, share_count: 101, comment_plugin_count: 0 },
} as const;

const FIXTURES: Record<string, object> = {
  'https://example.com/': SAMPLE,
  'https://example.com/popular': {
    Pinterest: 1520,
    LinkedIn: 310,
    StumbleUpon: null,
    Facebook: { total_count: 12004, comment_count: 900, reaction_count: 7104, share_count: 4000, comment_plugin_count: 0 },
  },
  'https://example.com/failing-network': { Pinterest: 4, LinkedIn: null, Facebook: null },
};

export function countsFor(url: string): object {
  const fixture = FIXTURES[url];
  if (fixture) return fixture;
  let seed = 0;
  for (const char of url) seed = (seed * 31 + char.charCodeAt(0)) >>> 0;
  const facebook = seed % 5000;
  return {
    Pinterest: seed % 97,
    LinkedIn: seed % 41,
    Facebook: {
      total_count: facebook,
      share_count: Math.floor(facebook / 2),
      comment_count: facebook % 13,
      reaction_count: 0,
      comment_plugin_count: 0,
    },
  };
}

const ERRORS = {
  quota: {
    status: 403,
    body: { Error: 'Free API quota exceeded. Quota will reset tomorrow.', Type: 'quota_exceeded' },
  },
  invalid: { status: 400, body: { Error: 'Not a valid URL.', Type: 'invalid_url' } },
  key: { status: 401, body: { Error: 'Invalid API key.', Type: 'invalid_api_key' } },
};

/** JSON over CORS, or a JSONP script when the request names a callback (then always HTTP 200, like the API). */
export function answer(request: Request, status: number, body: unknown): Response {
  const callback = new URL(request.url).searchParams.get('callback');
  if (callback) {
    return new HttpResponse(`${callback}(${JSON.stringify(body)});`, {
      headers: { 'Content-Type': 'text/javascript' },
    });
  }
  return HttpResponse.json(body as JsonBodyType, { status, headers: { 'Access-Control-Allow-Origin': '*' } });
}

function reply(request: Request, page: string | null, key: string | null): Response {
  if (key === OVER_QUOTA_KEY) return answer(request, ERRORS.quota.status, ERRORS.quota.body);
  if (key !== FAKE_KEY) return answer(request, ERRORS.key.status, ERRORS.key.body);
  if (!page || !/^https?:\/\/[^/]+/.test(page) || page.includes('not-a-page')) {
    return answer(request, ERRORS.invalid.status, ERRORS.invalid.body);
  }
  return answer(request, 200, countsFor(page));
}

/** Where the bulk API lives: each plan's own host. */
export const PLAN_HOSTS = ['https://plus.sharedcount.com/', 'https://business.sharedcount.com/', 'https://dedicated.sharedcount.com/'];

/** A key whose quota runs out after its first bulk batch. */
export const QUOTA_AFTER_ONE_BATCH_KEY = 'quota-after-one-batch';

interface BulkJob {
  accepted: string[];
  polls: number;
  served: boolean;
  stuck: boolean;
}

/**
 * The bulk API: POST accepts a batch (silently dropping what is not an http(s) URL, and any URL
 * containing `drop-me`), each poll completes `perPoll` more URLs, `force=1` returns what is done
 * so far, and once a job completed its data is served once and never again. A job with a URL
 * containing `stuck` never completes.
 */
export function bulkHandlers(endpoint = FAKE_ENDPOINT, perPoll = 2) {
  const jobs = new Map<string, BulkJob>();
  const posts = new Map<string, number>();
  return [
    http.post(`${endpoint}bulk`, async ({ request }) => {
      const key = new URL(request.url).searchParams.get('apikey') ?? '';
      const sent = posts.get(key) ?? 0;
      if (key === OVER_QUOTA_KEY || (key === QUOTA_AFTER_ONE_BATCH_KEY && sent >= 1)) {
        return HttpResponse.json(ERRORS.quota.body, { status: ERRORS.quota.status });
      }
      if (key !== FAKE_KEY && key !== QUOTA_AFTER_ONE_BATCH_KEY) return HttpResponse.json(ERRORS.key.body, { status: ERRORS.key.status });
      posts.set(key, sent + 1);
      const lines = (await request.text()).split('\n').filter(Boolean);
      const accepted = lines.filter((line) => /^https?:\/\/[^/]+/.test(line) && !line.includes('drop-me'));
      const id = `bulk-${jobs.size + 1}`;
      jobs.set(id, { accepted, polls: 0, served: false, stuck: accepted.some((url) => url.includes('stuck')) });
      return HttpResponse.json({ bulk_id: id, count: accepted.length });
    }),
    http.get(`${endpoint}bulk`, ({ request }) => {
      const params = new URL(request.url).searchParams;
      const id = params.get('bulk_id') ?? '';
      const job = jobs.get(id);
      if (!job) return HttpResponse.json({ Error: 'Unknown bulk_id', Type: 'invalid_bulk_id' }, { status: 400 });
      job.polls++;
      const done = Math.min(job.accepted.length - (job.stuck ? 1 : 0), job.polls * perPoll);
      const completed = done === job.accepted.length;
      const share = (params.get('force') === '1' || completed) && !job.served;
      if (completed) job.served = true;
      return HttpResponse.json({
        data: share ? Object.fromEntries(job.accepted.slice(0, done).map((url) => [url, countsFor(url)])) : {},
        _meta: { completed, urls_completed: done, urls_queued: job.accepted.length - done, bulk_id: id },
      });
    }),
  ];
}

/** Handlers for `endpoint` (default: SharedCount's own), answering after `latency` ms (the demo shows its loading state). */
export function sharedCountHandlers(endpoint = FAKE_ENDPOINT, latency = 0) {
  return [
    ...PLAN_HOSTS.flatMap((host) => bulkHandlers(host)),
    http.get(`${endpoint}quota`, async ({ request }) => {
      if (latency) await delay(latency);
      const key = new URL(request.url).searchParams.get('apikey');
      if (key !== FAKE_KEY && key !== OVER_QUOTA_KEY) return answer(request, ERRORS.key.status, ERRORS.key.body);
      return answer(request, 200, {
        quota_used_today: key === OVER_QUOTA_KEY ? 10000 : 1234,
        quota_remaining_today: key === OVER_QUOTA_KEY ? 0 : 8766,
        quota_allocated_today: 10000,
        // The bulk API is for paid plans: the key the fake accepts has one.
        plan: 'business',
      });
    }),
    http.get(endpoint, async ({ request }) => {
      if (latency) await delay(latency);
      const params = new URL(request.url).searchParams;
      return reply(request, params.get('url'), params.get('apikey'));
    }),
  ];
}
