/**
 * One queue for the work of every element on the page, run in slices of a few milliseconds.
 *
 * A page of a thousand counts would otherwise render them all in one task: the one that runs
 * the script, or the one that delivers the answers. Between slices the queue gives the browser
 * its turn through a `MessageChannel` message, a task of normal priority: rendering and input
 * go first. `scheduler.yield()` would not do: its continuations outrank rendering, so every
 * element's layout would still land in one frame.
 */
export interface Scheduler {
  /** Runs `task` in a later slice, in the order asked; resolves after it ran, rejects with what it threw. */
  run(task: () => void): Promise<void>;
  /** Tasks asked for and not yet run. */
  pending(): number;
}

export interface SchedulerOptions {
  /** Milliseconds of work per slice. Default 8: half a frame, leaving the other half to the browser. */
  slice?: number;
  /** The clock. Default `performance.now`. */
  now?: () => number;
  /** Calls `next` in a later task. Default: a `MessageChannel` message. */
  post?: (next: () => void) => void;
}

function messagePost(): (next: () => void) => void {
  const channel = new MessageChannel();
  let pending: (() => void) | undefined;
  channel.port1.onmessage = () => pending?.();
  return (next) => {
    pending = next;
    channel.port2.postMessage(0);
  };
}

export function createScheduler({ slice = 8, now = () => performance.now(), post }: SchedulerOptions = {}): Scheduler {
  const queue: (() => void)[] = [];
  /** A slice is posted or running: a task asked for meanwhile joins it. */
  let active = false;
  const work = () => {
    const end = now() + slice;
    // One task a step, the next step a microtask after it: what a task started in microtasks
    // (a request's promise chain, an answer shown, an event) runs before the clock is read
    // again, so it counts against the slice. Timing the tasks alone, a slice of 8 ms ran 30 to
    // 80 ms of microtasks after it. At least one task a slice, so that a slow task cannot stall the queue.
    const step = (first?: true) => {
      if (!first && now() >= end) return later();
      queue.shift()!();
      if (queue.length) queueMicrotask(step);
      else active = false;
    };
    step(true);
  };
  const later = () => (post ??= messagePost())(work);
  return {
    pending: () => queue.length,
    run: (task) =>
      new Promise<void>((resolve, reject) => {
        queue.push(() => {
          try {
            task();
            resolve();
          } catch (error) {
            reject(error);
          }
        });
        if (!active) {
          active = true;
          later();
        }
      }),
  };
}

/** The page's queue, shared by every element. */
export const scheduler = createScheduler();
