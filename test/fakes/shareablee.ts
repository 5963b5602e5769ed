/**
 * A fake Shareablee proxy for MSW (what createShareableeProxy would answer, without the
 * credentials): metrics and time series for users and categories. Entity `xss` has a hostile
 * name; `401`, `429` and `500` answer those errors.
 */
import { http, HttpResponse } from 'msw';

export const FAKE_PROXY = 'https://proxy.publisher.test/shareablee/';

const NAMES: Record<string, string> = {
  '42': 'The Daily Example',
  '7': 'News publishers',
  xss: '<img src=x onerror="window.__xss = true">',
};

const DAYS = ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05'];
const SERIES = [120, 90, 400, 250, 340];

function failure(id: string): Response | undefined {
  if (id === '401') return HttpResponse.json({ error: 'Invalid credentials' }, { status: 401 });
  if (id === '429')
    return HttpResponse.json({ error: 'Rate limit exceeded. Please try again later.' }, { status: 429, headers: { 'Retry-After': '0' } });
  if (id === '500') return HttpResponse.json({ error: 'Shareablee answered HTTP 500' }, { status: 502 });
  return undefined;
}

export function shareableeHandlers(base = FAKE_PROXY) {
  const metrics = (id: string) => ({ total_actions: 1234567, likes_count: 54321, comments_count: 999, shares_count: Number(id) || 12 });
  return [
    http.get(`${base}user/:id/:service/metrics/`, ({ params }) => {
      const id = String(params['id']);
      return failure(id) ?? HttpResponse.json({ entity_id: id, name: NAMES[id] ?? `Entity ${id}`, object_id: 1, metrics: metrics(id) });
    }),
    http.get(`${base}category/:id/:service/metrics/`, ({ params }) => {
      const id = String(params['id']);
      return (
        failure(id) ?? HttpResponse.json({ object_id: id, name: NAMES[id] ?? `Category ${id}`, isin: 'US0000000000', metrics: metrics(id) })
      );
    }),
    http.get(new RegExp(`^${base.replace(/[.?/]/g, '\\$&')}(user|category)/[^/]+/[a-z]+/time_series/`), ({ request }) => {
      const url = new URL(request.url);
      const id = url.pathname.split('/').at(-4) ?? '';
      const fields = (url.searchParams.get('fields') ?? 'total_actions').split(',');
      const series = Object.fromEntries(fields.map((field) => [field, DAYS.map((date, i) => ({ date, value: SERIES[i]! }))]));
      return failure(id) ?? HttpResponse.json({ entity_id: id, name: NAMES[id] ?? `Entity ${id}`, ...series });
    }),
  ];
}
