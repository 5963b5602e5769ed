/**
 * One request per key, shared by every caller that asks while it is under way.
 * The shared request is aborted only when every caller that could abort has.
 */
interface Entry {
  promise: Promise<unknown>;
  controller: AbortController;
  users: number;
}

const entries = new Map<string, Entry>();

export function shareInFlight<T>(key: string, start: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  let entry = entries.get(key);
  if (!entry) {
    const controller = new AbortController();
    const created = { controller, users: 0 } as Entry;
    created.promise = start(controller.signal).finally(() => {
      if (entries.get(key) === created) entries.delete(key);
    });
    entries.set(key, (entry = created));
  }
  const shared = entry;
  shared.users++;
  const promise = shared.promise as Promise<T>;
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      reject(signal.reason);
      if (--shared.users === 0) {
        if (entries.get(key) === shared) entries.delete(key);
        shared.controller.abort(signal.reason);
      }
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => (signal.removeEventListener('abort', onAbort), resolve(value)),
      (error: unknown) => (signal.removeEventListener('abort', onAbort), reject(error)),
    );
  });
}
