/** The page-wide queue of element work: order, slices and yielding, on a clock and a task loop of the test's own. */
import { describe, expect, it } from 'vitest';
import { createScheduler } from '../../src/elements/scheduler.js';

/** A fake event loop: `post` queues a task; `turn()` runs the next one. */
function loop() {
  const tasks: (() => void)[] = [];
  return { tasks, post: (next: () => void) => void tasks.push(next), turn: () => tasks.shift()!() };
}

describe('scheduler', () => {
  it('runs tasks in the order asked, in later tasks, never in the caller’s', () => {
    const { tasks, post, turn } = loop();
    const scheduler = createScheduler({ post, now: () => 0 });
    const ran: number[] = [];
    for (let i = 0; i < 3; i++) void scheduler.run(() => ran.push(i));
    expect([ran, tasks.length], 'nothing yet, one task posted for all').to.deep.equal([[], 1]);
    turn();
    expect(ran).to.deep.equal([0, 1, 2]);
    expect(tasks).to.have.length(0);
  });

  it('yields after each slice of 8 ms, so 1,000 tasks of 1 ms take 125 tasks of the page', () => {
    const { tasks, post, turn } = loop();
    let clock = 0;
    const scheduler = createScheduler({ post, now: () => clock });
    const ran: number[] = [];
    for (let i = 0; i < 1000; i++) void scheduler.run(() => (ran.push(i), (clock += 1)));
    const perTurn: number[] = [];
    while (tasks.length) {
      const before = ran.length;
      turn();
      perTurn.push(ran.length - before);
    }
    expect(perTurn.length).to.equal(125);
    expect(perTurn.every((count) => count === 8)).to.equal(true);
    expect(ran).to.deep.equal(Array.from({ length: 1000 }, (_, i) => i));
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
    turn();
    await expect(slow).resolves.toBeUndefined();
    expect(tasks, 'the slow task used up its slice').to.have.length(1);
    turn();
    await expect(failing).rejects.toThrow('broken');
    await expect(after).resolves.toBeUndefined();
  });

  it('yields through a MessageChannel task by default', async () => {
    const scheduler = createScheduler();
    let ran = false;
    const done = scheduler.run(() => (ran = true));
    expect(ran).to.equal(false);
    await done;
    expect(ran).to.equal(true);
  });
});
