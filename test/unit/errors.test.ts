import { describe, expect, it } from 'vitest';
import {
  isShareCountWidgetsError,
  NetworkError,
  RateLimitError,
  ResponseError,
  SharedCountError,
  ShareCountWidgetsError,
  TimeoutError,
  ValidationError,
} from '../../src/entries/share-count-widgets.js';

describe('errors', () => {
  it('name the URL, mask credentials, keep the cause, and carry their literal name', () => {
    const cause = new TypeError('Failed to fetch');
    const error = new NetworkError('The request failed', {
      url: 'https://api.example/?url=x&apikey=SECRET&password=hunter2&token=t',
      cause,
    });
    expect(error.message).toBe('The request failed (https://api.example/?url=x&apikey=***&password=***&token=***)');
    expect(error.url).not.toContain('SECRET');
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('NetworkError');
    expect(error).toBeInstanceOf(ShareCountWidgetsError);
    expect(error).toBeInstanceOf(Error);
  });

  it('carry their fields', () => {
    expect(new TimeoutError(250, { url: 'https://x/' })).toMatchObject({
      name: 'TimeoutError',
      timeout: 250,
      message: 'No answer within 250 ms (https://x/)',
    });
    expect(new RateLimitError('slow down', { retryAfter: 3 })).toMatchObject({ name: 'RateLimitError', retryAfter: 3 });
    expect(new ResponseError('HTML', { status: 502 })).toMatchObject({ name: 'ResponseError', status: 502 });
    expect(new SharedCountError('quota', { type: 'quota_exceeded', status: 403 })).toMatchObject({ type: 'quota_exceeded', status: 403 });
    expect(new ValidationError('bad').name).toBe('ValidationError');
    expect(new ValidationError('bad', { url: '' }).message, 'no empty parentheses').toBe('bad');
  });

  it('are recognised by name, so errors from another realm pass the guard', () => {
    const foreign = { name: 'SharedCountError', message: 'from an iframe', type: 'quota_exceeded' };
    expect(isShareCountWidgetsError(foreign)).toBe(true);
    expect(isShareCountWidgetsError(foreign, 'SharedCountError')).toBe(true);
    expect(isShareCountWidgetsError(foreign, 'TimeoutError')).toBe(false);
    expect(isShareCountWidgetsError(new TimeoutError(1, {}), 'TimeoutError')).toBe(true);
    for (const other of [new Error('x'), new TypeError('x'), null, undefined, 'SharedCountError', { name: 'Error' }]) {
      expect(isShareCountWidgetsError(other)).toBe(false);
    }
  });
});
