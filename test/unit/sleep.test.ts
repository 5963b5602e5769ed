/** The abortable wait behind bulk polling and Shareablee retries. */
import { describe, expect, it } from 'vitest';
import { sleep } from '../../src/wire/util.js';

describe('sleep', () => {
  it('rejects at once with the reason of a signal that is already aborted', async () => {
    const reason = new DOMException('gone', 'AbortError');
    const started = Date.now();
    await expect(sleep(10_000, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('rejects with the reason when the signal aborts during the wait, else resolves', async () => {
    const controller = new AbortController();
    const waiting = sleep(10_000, controller.signal);
    controller.abort('stop');
    await expect(waiting).rejects.toBe('stop');
    await expect(sleep(1)).resolves.toBeUndefined();
  });
});
