import { describe, expect, it } from 'vitest';
import { DrawQueue } from './drawQueue';

/** A queue whose tasks run when `runTask` is called, with a log of which draw ran in which task. */
function setup() {
  const tasks: (() => void)[] = [];
  let stall: () => void = () => undefined;
  const queue = new DrawQueue(
    (run) => tasks.push(run),
    () => new Promise<void>((resolve) => (stall = resolve)),
  );
  const log: string[] = [];
  let task = 0;
  const runTask = async () => {
    task++;
    tasks.shift()?.();
    await Promise.resolve();
    await Promise.resolve();
  };
  const draw = (name: string) => async () => void log.push(`${name}@${task}`);
  return { queue, tasks, log, runTask, draw, stallNow: () => stall() };
}

describe('DrawQueue', () => {
  it('runs one draw per task, in the order queued, and never inside the caller', async () => {
    const { queue, tasks, log, runTask, draw } = setup();
    const a = draw('a');
    const b = draw('b');
    queue.enqueue(a);
    queue.enqueue(b);
    expect(log).toEqual([]);
    while (tasks.length > 0) await runTask();
    expect(log).toEqual(['a@1', 'b@2']);
  });

  it('keeps one place for a draw queued twice, and drops a cancelled one', async () => {
    const { queue, tasks, log, runTask, draw } = setup();
    const a = draw('a');
    const b = draw('b');
    const c = draw('c');
    queue.enqueue(a);
    queue.enqueue(b);
    queue.enqueue(a);
    queue.enqueue(c);
    queue.cancel(b);
    expect(queue.size).toBe(2);
    while (tasks.length > 0) await runTask();
    expect(log).toEqual(['a@1', 'c@2']);
  });

  it('lets the next draw go when one never settles', async () => {
    const { queue, tasks, log, runTask, draw, stallNow } = setup();
    queue.enqueue(() => new Promise<void>(() => undefined));
    queue.enqueue(draw('b'));
    await runTask();
    expect(tasks).toHaveLength(0);
    stallNow();
    await Promise.resolve();
    await Promise.resolve();
    while (tasks.length > 0) await runTask();
    expect(log).toEqual(['b@2']);
  });

  it('goes on after a draw fails', async () => {
    const { queue, tasks, log, runTask, draw } = setup();
    queue.enqueue(async () => {
      throw new Error('WebGL context lost');
    });
    queue.enqueue(draw('b'));
    while (tasks.length > 0) await runTask();
    expect(log).toEqual(['b@2']);
  });
});
