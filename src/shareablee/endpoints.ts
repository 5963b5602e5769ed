/**
 * Shareablee API v1.4: every endpoint, its documented parameters and the
 * services it takes, in one table. The client builds requests from it and the
 * proxy matches and filters requests with it, so the two cannot disagree.
 * Validation lives here too, for the same reason.
 */
import { oneOf, ValidationError } from '../wire/errors.js';

export type ShareableeService = 'facebook' | 'twitter' | 'instagram';
export const SERVICES: readonly ShareableeService[] = ['facebook', 'twitter', 'instagram'];
const FACEBOOK: readonly ShareableeService[] = ['facebook'];
const FACEBOOK_TWITTER: readonly ShareableeService[] = ['facebook', 'twitter'];

export interface Endpoint {
  /** Path under the API base, `{id}` and `{service}` to fill; always ends in `/`. */
  readonly path: string;
  /** The query parameters the docs list; nothing else is sent or forwarded. */
  readonly params: readonly string[];
  /** Services the `{service}` segment (or the `services` parameter) may name. */
  readonly services?: readonly ShareableeService[];
  /** Parameters the endpoint cannot do without. */
  readonly required?: readonly string[];
}

const DATES = ['start_date', 'end_date'] as const;

export const ENDPOINTS = {
  userContent: { path: 'user/{id}/{service}/content/', params: [...DATES, 'sort_ascending', 'page'], services: FACEBOOK_TWITTER },
  userMetrics: { path: 'user/{id}/{service}/metrics/', params: DATES },
  userTimeSeries: { path: 'user/{id}/{service}/time_series/', params: [...DATES, 'fields'], services: FACEBOOK_TWITTER },
  realtimeUserTimeSeries: {
    path: 'realtime/user/{id}/{service}/time_series/',
    params: ['start_offset', 'end_offset', 'fields'],
    services: FACEBOOK_TWITTER,
  },
  userOverlapComparison: {
    path: 'user/{id}/{service}/overlap/comparison/property/',
    params: ['object_id', ...DATES],
    services: FACEBOOK,
    required: ['object_id'],
  },
  userAffinityComparison: {
    path: 'user/{id}/{service}/affinity/comparison/property/',
    params: ['object_id', ...DATES],
    services: FACEBOOK,
    required: ['object_id'],
  },
  userOverlapRanking: {
    path: 'user/{id}/{service}/overlap/ranking/property/',
    params: [...DATES, 'limit'],
    services: FACEBOOK,
    required: DATES,
  },
  userAffinityRanking: { path: 'user/{id}/{service}/affinity/ranking/property/', params: DATES, services: FACEBOOK, required: DATES },
  userPageInsights: { path: 'user/{id}/{service}/insights/page/', params: [...DATES, 'fields'], services: FACEBOOK },
  userCrossPlatform: { path: 'user/{id}/cross_platform/', params: ['services'] },
  userTopContent: { path: 'user/{id}/cross_platform/top_content/', params: ['services', ...DATES, 'limit'] },
  realtimeUserTopContent: { path: 'realtime/user/{id}/cross_platform/top_content/', params: ['services', ...DATES, 'limit'] },
  categoryMembers: { path: 'category/{id}/{service}/', params: [] },
  categoryMetrics: { path: 'category/{id}/{service}/metrics/', params: DATES },
  categoryTimeSeries: { path: 'category/{id}/{service}/time_series/', params: [...DATES, 'fields'], services: FACEBOOK_TWITTER },
  categoryRanking: { path: 'category/{id}/{service}/ranking/', params: ['metric', ...DATES], services: FACEBOOK, required: ['metric'] },
  categoryCrossPlatform: { path: 'category/{id}/cross_platform/', params: ['services'] },
  categoryTopContent: { path: 'category/{id}/cross_platform/top_content/', params: ['services', ...DATES, 'limit'] },
  realtimeCategoryRankings: {
    path: 'realtime/category/{id}/cross_platform/rankings/',
    params: ['services', 'date'],
    services: FACEBOOK_TWITTER,
  },
  meProperties: { path: 'me/properties/', params: [] },
  meCategories: { path: 'me/categories/', params: [] },
  meFindUser: { path: 'me/find/user/', params: ['term'], required: ['term'] },
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof ENDPOINTS;

/** A query value as callers give it: lists become comma lists (`services`, `fields`) or repeats (`object_id`). */
export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined;
export type Query = Record<string, QueryValue>;

const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** A metrics field name, as `fields` lists them and the badge's `metric` names one. */
export const FIELD = /^[a-z0-9_]{1,80}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PATTERNS = new Map<EndpointName, RegExp>();

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The endpoint a path (under the base, no leading slash) belongs to, with its id and service. */
export function matchEndpoint(
  path: string,
): { name: EndpointName; id: string | undefined; service: ShareableeService | undefined } | undefined {
  for (const name of Object.keys(ENDPOINTS) as EndpointName[]) {
    let pattern = PATTERNS.get(name);
    if (!pattern) {
      const source = escape(ENDPOINTS[name].path)
        .replace('\\{id\\}', '([A-Za-z0-9_-]{1,64})')
        .replace('\\{service\\}', '(facebook|twitter|instagram)');
      PATTERNS.set(name, (pattern = new RegExp(`^${source}$`)));
    }
    const match = pattern.exec(path);
    if (!match) continue;
    const endpoint: Endpoint = ENDPOINTS[name];
    const hasService = endpoint.path.includes('{service}');
    const id = endpoint.path.includes('{id}') ? match[1] : undefined;
    const service = hasService ? (match[2] as ShareableeService) : undefined;
    if (service && endpoint.services && !endpoint.services.includes(service)) return undefined;
    return { name, id, service };
  }
  return undefined;
}

function checkDate(value: string, name: string, url: string): void {
  const date = new Date(`${value}T00:00:00Z`);
  if (!DATE.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new ValidationError(`${name} must be a real date as YYYY-MM-DD, not ${JSON.stringify(value)}`, { url });
  }
}

const whole = (value: string, min: number, max: number) => /^\d+$/.test(value) && Number(value) >= min && Number(value) <= max;

/**
 * The query an endpoint may send, as ordered pairs, validated: documented
 * parameters only (`strict`: others are an error, else dropped), real dates,
 * both dates or neither and start before end, offsets 0–6, `limit` 1–100,
 * known services and field names. Throws `ValidationError`.
 */
export function checkQuery(name: EndpointName, query: Query | URLSearchParams, url: string, strict = true): [string, string][] {
  const endpoint: Endpoint = ENDPOINTS[name];
  const entries: [string, string][] = [];
  const add = (key: string, value: unknown) => {
    if (value === undefined) return;
    if (!endpoint.params.includes(key)) {
      if (strict) throw new ValidationError(`${key} is not a parameter of ${endpoint.path}`, { url });
      return;
    }
    if (Array.isArray(value)) {
      if (key === 'object_id') for (const one of value) entries.push([key, String(one)]);
      else entries.push([key, value.map(String).join(',')]);
    } else if (value !== null && typeof value === 'object') {
      throw new ValidationError(`${key} must be a string, number or list`, { url });
    } else entries.push([key, String(value)]);
  };
  if (query instanceof URLSearchParams) for (const [key, value] of query) add(key, value);
  else if (query !== null && typeof query === 'object') for (const [key, value] of Object.entries(query)) add(key, value);
  else if (query !== undefined) throw new ValidationError('query must be an object', { url });

  const get = (key: string) => entries.find(([name]) => name === key)?.[1];
  for (const key of endpoint.required ?? []) if (!get(key)) throw new ValidationError(`${endpoint.path} needs ${key}`, { url });
  for (const [key, value] of entries) {
    if (key === 'start_date' || key === 'end_date' || key === 'date') checkDate(value, key, url);
    else if (key === 'limit' && !whole(value, 1, 100)) throw new ValidationError('limit must be a whole number from 1 to 100', { url });
    else if ((key === 'start_offset' || key === 'end_offset') && !whole(value, 0, 6))
      throw new ValidationError(`${key} must be 0 to 6`, { url });
    else if (key === 'page' && !whole(value, 0, 1e6)) throw new ValidationError('page must be a whole number', { url });
    else if (key === 'sort_ascending' && value !== 'true' && value !== 'false')
      throw new ValidationError('sort_ascending must be true or false', { url });
    else if (key === 'metric' && value !== 'total_actions') throw new ValidationError('metric must be total_actions', { url });
    else if ((key === 'term' || key === 'object_id') && !value.trim()) throw new ValidationError(`${key} must not be empty`, { url });
    else if (key === 'fields' && !value.split(',').every((field) => FIELD.test(field)))
      throw new ValidationError(`fields must be field names, not ${JSON.stringify(value)}`, { url });
    else if (key === 'services') {
      const allowed = endpoint.services ?? SERVICES;
      if (!value.split(',').every((service) => allowed.includes(service as ShareableeService))) {
        throw new ValidationError(`services must be among ${allowed.join(', ')}`, { url });
      }
    }
  }
  for (const [from, to] of [
    ['start_date', 'end_date'],
    ['start_offset', 'end_offset'],
  ] as const) {
    const [start, end] = [get(from), get(to)];
    if ((start === undefined) !== (end === undefined))
      throw new ValidationError(`${from} and ${to} go together: give both or neither`, { url });
    if (start !== undefined && end !== undefined) {
      const before = from === 'start_date' ? start < end : Number(start) < Number(end);
      if (!before) throw new ValidationError(`${from} must come before ${to}`, { url });
    }
  }
  return entries;
}

/** The path of an endpoint for an id and service, validated. */
export function endpointPath(name: EndpointName, id: unknown, service: unknown, url: string): string {
  const endpoint: Endpoint = ENDPOINTS[name];
  let path = endpoint.path;
  if (path.includes('{id}')) {
    if ((typeof id !== 'string' && typeof id !== 'number') || !ID.test(String(id))) {
      throw new ValidationError(`${JSON.stringify(id)} is not a Shareablee id`, { url });
    }
    path = path.replace('{id}', String(id));
  }
  if (path.includes('{service}')) {
    oneOf(service, endpoint.services ?? SERVICES, 'service', url);
    path = path.replace('{service}', service as string);
  }
  return path;
}

/**
 * The server's own words in an error body: the body itself when it is a string (as Shareablee's
 * 429 is), else its `message`, `detail` or `error` field. The docs leave error bodies open.
 */
export function serverMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (body && typeof body === 'object') {
    for (const key of ['message', 'detail', 'error', 'Error']) {
      const value = (body as Record<string, unknown>)[key];
      if (typeof value === 'string') return value;
    }
  }
  return undefined;
}
