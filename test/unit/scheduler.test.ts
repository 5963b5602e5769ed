/** The page-wide queue of element work: order, slices and yielding, on a clock and a task loop of the test's own. */
import { describe, expect, it } from 'vitest';
import { createScheduler } from '../../src/elements/scheduler.js';

/**
 * A fake event loop: `post` queues a task; `turn()` runs the next one and the microtasks it
 * leaves, as a browser does before its next task (a timer of the real loop comes after them).
 */
function loop() {
  const tasks: (() => void)[] = [];
  const turn = async () => {
    tasks.shift()!();
    await new Promise((resolve) => setTimeout(resolve));
  };
  return { tasks, post: (next: () => void) => void tasks.push(next), turn };
}

describe('scheduler', () => {
  it('runs tasks in the order asked, in later tasks, never in the caller’s', async () => {
    const { tasks, post, turn } = loop();
    const scheduler = createScheduler({ post, now: () => 0 });
    const ran: number[] = [];
    for (let i = 0; i < 3; i++) void scheduler.run(() => ran.push(i));
    expect([ran, tasks.length], 'nothing yet, one task posted for all').to.deep.equal([[], 1]);
    await turn();
    expect(ran).to.deep.equal([0, 1, 2]);
    expect(tasks).to.have.length(0);
  });

  it('yields after each slice of 8 ms, so 1,000 tasks of 1 ms take 125 tasks of the page', async () => {
    const { tasks, post, turn } = loop();
    let clock = 0;
    const scheduler = createScheduler({ post, now: () => clock });
    const ran: number[] = [];
    for (let i = 0; i < 1000; i++) void scheduler.run(() => (ran.push(i), (clock += 1)));
    const perTurn: number[] = [];
    while (tasks.length) {
      const before = ran.length;
      await turn();
      perTurn.push(ran.length - before);
    }
    expect(perTurn.length).to.equal(125);
    expect(perTurn.every((count) => count === 8)).to.equal(true);
    expect(ran).to.deep.equal(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('counts the microtasks a task starts against its slice', async () => {
    // Each task takes no time itself and starts a promise chain of 2 ms (an answer shown, an event).
    const { tasks, post, turn } = loop();
    let clock = 0;
    const scheduler = createScheduler({ post, now: () => clock });
    let chains = 0;
    for (let i = 0; i < 40; i++)
      void scheduler.run(() => {
        void Promise.resolve().then(() => ((clock += 2), chains++));
      });
    const perTurn: number[] = [];
    while (tasks.length) {
      const before = chains;
      await turn();
      perTurn.push(chains - before);
    }
    expect(perTurn, 'four chains of 2 ms a slice of 8').to.deep.equal(Array(10).fill(4));
  });

  it('takes a task asked for during a slice into that slice, and posts one task at a time', async () => {
    const { tasks, post, turn } = loop();
    const scheduler = createScheduler({ post, now: () => 0 });
    const ran: string[] = [];
    void scheduler.run(() => {
      ran.push('first');
      void scheduler.run(() => ran.push('asked by first'));
    });
    void scheduler.run(() => ran.push('second'));
    await turn();
    expect(ran).to.deep.equal(['first', 'second', 'asked by first']);
    expect(tasks).to.have.length(0);
    void scheduler.run(() => ran.push('later'));
    expect(tasks, 'an idle queue posts again').to.have.length(1);
  });

  it('runs at least one task a slice, however slow, and a failing task rejects its own promise only', async () => {
    const { tasks, post, turn } = loop();
    let clock = 0;
    const scheduler = createScheduler({ post, now: () => clock });
    const slow = scheduler.run(() => void (clock += 100));
    const failing = scheduler.run(() => {
      throw new Error('broken');
    });
    const after = scheduler.run(() => {});
    const failed = expect(failing).rejects.toThrow('broken');
    await turn();
    await expect(slow).resolves.toBeUndefined();
    expect(tasks, 'the slow task used up its slice').to.have.length(1);
    await turn();
    await failed;
    await expect(after).resolves.toBeUndefined();
  });

  it('yields through a MessageChannel task by default, after the microtasks queued meanwhile', async () => {
    const Real = globalThis.MessageChannel;
    let posted = 0;
    globalThis.MessageChannel = class extends Real {
      constructor() {
        super();
        const post = this.port2.postMessage.bind(this.port2);
        this.port2.postMessage = (message: unknown) => (posted++, post(message));
      }
    };
    try {
      const scheduler = createScheduler();
      const order: string[] = [];
      const done = scheduler.run(() => order.push('task'));
      void Promise.resolve().then(() => order.push('microtask'));
      expect(order).to.deep.equal([]);
      await done;
      expect(order).to.deep.equal(['microtask', 'task']);
      expect(posted, 'one message for the slice').to.equal(1);
    } finally {
      globalThis.MessageChannel = Real;
    }
  });
});
