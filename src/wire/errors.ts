/**
 * The error hierarchy. Every error the package raises extends
 * `ShareCountWidgetsError`, has a literal `name`, names the URL it is about in
 * its message, and keeps the underlying failure as `cause`.
 */

export interface ErrorOptions {
  /** The URL the failed operation was about; secrets in its query are masked. */
  url?: string | undefined;
  cause?: unknown;
}

/** Query parameters whose values never appear in an error message. */
const SECRET_PARAMS = /([?&](?:apikey|api_key|password|secret|token|userid)=)[^&#]*/gi;

/** Masks credentials in a URL so that it can be shown or logged. */
export const redact = (url: string): string => url.replace(SECRET_PARAMS, '$1***');

export class ShareCountWidgetsError extends Error {
  override name: string = 'ShareCountWidgetsError';
  /** The URL the operation was about (credentials masked), if any. */
  declare readonly url: string | undefined;

  constructor(message: string, { url, cause }: ErrorOptions = {}) {
    const shown = url ? redact(String(url)) : undefined;
    super(shown === undefined ? message : `${message} (${shown})`, cause === undefined ? undefined : { cause });
    this.url = shown;
  }
}

/** Arguments or options that cannot work; raised before any request. */
export class ValidationError extends ShareCountWidgetsError {
  override name = 'ValidationError' as const;
}

/** The request could not reach the server (offline, DNS, CORS refused, script failed to load). */
export class NetworkError extends ShareCountWidgetsError {
  override name = 'NetworkError' as const;
}

/** No answer within the time allowed. */
export class TimeoutError extends ShareCountWidgetsError {
  override name = 'TimeoutError' as const;
  /** The limit that ran out, in milliseconds. */
  declare readonly timeout: number;
  constructor(timeout: number, options: ErrorOptions) {
    super(`No answer within ${timeout} ms`, options);
    this.timeout = timeout;
  }
}

/** The server answered, but not with what the API promises (HTML, malformed JSON, a wrong shape). */
export class ResponseError extends ShareCountWidgetsError {
  override name = 'ResponseError' as const;
  /** HTTP status of the answer, when it came over HTTP (JSONP answers have none). */
  declare readonly status: number | undefined;
  constructor(message: string, options: ErrorOptions & { status?: number }) {
    super(message, options);
    this.status = options.status;
  }
}

/** The server asked us to slow down (HTTP 429). */
export class RateLimitError extends ShareCountWidgetsError {
  override name = 'RateLimitError' as const;
  /** Seconds the server asked us to wait, when it said. */
  declare readonly retryAfter: number | undefined;
  constructor(message: string, options: ErrorOptions & { retryAfter?: number | undefined }) {
    super(message, options);
    this.retryAfter = options.retryAfter;
  }
}

/**
 * SharedCount's own `{"Error": …, "Type": …}` answer, an HTTP error from
 * SharedCount without one, or a URL rejected locally before any request.
 */
export class SharedCountError extends ShareCountWidgetsError {
  override name = 'SharedCountError' as const;
  /** `quota_exceeded`, `invalid_url`, `no_jquery_cachebusting`, `http_error`, or the server's own string. */
  declare readonly type: string;
  /** HTTP status (200 for JSONP answers); undefined when no request was made. */
  declare readonly status: number | undefined;
  constructor(message: string, options: ErrorOptions & { type: string; status?: number }) {
    super(message, options);
    this.type = options.type;
    this.status = options.status;
  }
}

/**
 * An AddThis-style `{"error": {code, message, info | attachment}}` answer, or an
 * HTTP error from such a service without one.
 */
export class AddThisError extends ShareCountWidgetsError {
  override name = 'AddThisError' as const;
  /** The service's own error code (30: invalid parameter, 80: authentication failed, …). */
  declare readonly code: number | undefined;
  /** Details, from `info` (as documented) or `attachment` (as real services sent). */
  declare readonly info: unknown;
  /** HTTP status (200 with `suppress_response_codes` and for JSONP). */
  declare readonly status: number | undefined;
  /** The credentials were missing or refused (HTTP 401, or code 80 "authentication failed"). */
  declare readonly authentication: boolean;
  constructor(message: string, options: ErrorOptions & { code?: number | undefined; info?: unknown; status?: number | undefined }) {
    super(message, options);
    this.code = options.code;
    this.info = options.info;
    this.status = options.status;
    this.authentication = options.status === 401 || options.code === 80;
  }
}

/** An HTTP error from the Shareablee API or its proxy, with the server's message. */
export class ShareableeError extends ShareCountWidgetsError {
  override name = 'ShareableeError' as const;
  declare readonly status: number;
  constructor(message: string, options: ErrorOptions & { status: number }) {
    super(message, options);
    this.status = options.status;
  }
}

export interface ErrorsByName {
  ShareCountWidgetsError: ShareCountWidgetsError;
  ValidationError: ValidationError;
  NetworkError: NetworkError;
  TimeoutError: TimeoutError;
  ResponseError: ResponseError;
  RateLimitError: RateLimitError;
  SharedCountError: SharedCountError;
  AddThisError: AddThisError;
  ShareableeError: ShareableeError;
}

const NAMES = new Set<string>([
  'ShareCountWidgetsError',
  'ValidationError',
  'NetworkError',
  'TimeoutError',
  'ResponseError',
  'RateLimitError',
  'SharedCountError',
  'AddThisError',
  'ShareableeError',
]);

/**
 * True when `error` is one of ours, or (with `name`) one of ours of that kind.
 * Checks `error.name` rather than `instanceof`, so it also holds for errors
 * that crossed from another realm (an iframe, a second copy of the bundle).
 */
export function isShareCountWidgetsError<N extends keyof ErrorsByName = 'ShareCountWidgetsError'>(
  error: unknown,
  name?: N,
): error is ErrorsByName[N] {
  if (typeof error !== 'object' || error === null) return false;
  const actual = (error as { name?: unknown }).name;
  if (typeof actual !== 'string' || !NAMES.has(actual)) return false;
  return name === undefined || name === 'ShareCountWidgetsError' || actual === name;
}

/**
 * The option checks every client makes, each sentence said once: `value`, named `name`, must be
 * one of `allowed`; returns it. `url` names what the call was about.
 */
export function oneOf<T>(value: unknown, allowed: readonly T[], name: string, url?: string): T {
  if (!allowed.includes(value as T))
    throw new ValidationError(`${name} must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`, { url });
  return value as T;
}

/** A time limit or interval in milliseconds: a positive, finite number; returns it. */
export function positiveMs(value: unknown, name: string, url?: string): number {
  if (!(typeof value === 'number' && value > 0 && value < Infinity)) {
    throw new ValidationError(`${name} must be a positive number of milliseconds`, { url });
  }
  return value;
}
