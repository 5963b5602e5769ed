/** Reading numbers out of a SharedCount answer. */
import { ValidationError } from '../wire/errors.js';
import type { SharedCountData } from './types.js';

/** A count is a safe integer ≥ 0: any sum of them stays finite, and none is written with hundreds of digits. */
export const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** Networks whose counts we read; anything else the API sends passes through untouched. */
const COUNTED = ['Pinterest', 'LinkedIn', 'StumbleUpon'];
const isCountOrNull = (value: unknown) => value === null || isCount(value);

/**
 * The first known count of an answer that is not a safe integer ≥ 0 or null, described; undefined
 * when all are fine. The browser client and the proxy check answers with it alike.
 */
export function wrongCount(body: Record<string, unknown>): string | undefined {
  const wrong = (name: string, value: unknown) => `${name}: ${JSON.stringify(value)?.slice(0, 20)}`;
  for (const key of COUNTED) if (key in body && !isCountOrNull(body[key])) return wrong(key, body[key]);
  const facebook = body['Facebook'];
  if (facebook === undefined || facebook === null) return undefined;
  if (typeof facebook !== 'object' || Array.isArray(facebook)) return wrong('Facebook', facebook);
  for (const [field, value] of Object.entries(facebook)) {
    if (field.endsWith('_count') && !isCountOrNull(value)) return wrong(`Facebook.${field}`, value);
  }
  return undefined;
}

/**
 * The sum of every numeric top-level count plus Facebook's `total_count`.
 * `null` (a network that failed), missing, negative, fractional, unsafe and non-numeric values count as nothing.
 */
export function totalCount(data: SharedCountData): number {
  let total = 0;
  for (const value of Object.values(data ?? {})) if (isCount(value)) total += value;
  const facebook = data?.Facebook?.total_count;
  return isCount(facebook) ? total + facebook : total;
}

/** The answer's key for `service`, matched case-insensitively (`facebook` finds `Facebook`). */
export function serviceKey(data: SharedCountData, service: string): string | undefined {
  const wanted = service.trim().toLowerCase();
  return Object.keys(data).find((name) => name.toLowerCase() === wanted);
}

/**
 * One service's count: `'total'`, or a network key matched case-insensitively
 * (for an object such as Facebook's, its `field`, default `total_count`).
 * `null` when the answer lacks the network or the field, or reports it as `null`: SharedCount
 * drops networks without notice, and a network that failed is not the page's error.
 * `ValidationError` when the value is there but not a count (naming `url`, when given).
 */
export function pickCount(data: SharedCountData, service = 'total', field = 'total_count', url?: string): number | null {
  const named = { url };
  if (typeof service !== 'string' || typeof field !== 'string') throw new ValidationError('service and field must be strings', named);
  if (data === null || typeof data !== 'object') throw new ValidationError('pickCount needs a SharedCount answer', named);
  if (service.trim().toLowerCase() === 'total') return totalCount(data);
  let value = data[serviceKey(data, service) ?? ''];
  if (value !== null && typeof value === 'object') value = (value as Record<string, unknown>)[field];
  if (value == null) return null;
  if (!isCount(value)) throw new ValidationError(`The "${service}" count is not a number`, named);
  return value;
}

/** URLs one batch asks for at most: the proxy's `{prefix}batch` limit, and the client's chunk. */
export const MAX_BATCH = 50;
