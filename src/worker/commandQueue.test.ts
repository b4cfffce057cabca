import { describe, expect, it } from 'vitest';
import { abortable, CommandQueue, isAbortError, sleep } from './commandQueue';
import { yieldToEvents } from './yield';

type Kind = 'a' | 'b' | 'wait';

function queue(errors: unknown[] = []) {
  return new CommandQueue<Kind>((error) => errors.push(error), yieldToEvents);
}

/** A promise plus its resolve function, for arrivals the test controls. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('CommandQueue', () => {
  it('runs commands one at a time, in arrival order', async () => {
    const q = queue();
    const log: string[] = [];
    const slow = q.enqueue({ kind: 'a', run: async () => { log.push('a start'); await new Promise((r) => setTimeout(r, 20)); log.push('a end'); return 1; } });
    const fast = q.enqueue({ kind: 'b', run: async () => { log.push('b'); return 2; } });
    expect(await Promise.all([slow, fast])).toEqual([{ status: 'done', value: 1 }, { status: 'done', value: 2 }]);
    expect(log).toEqual(['a start', 'a end', 'b']);
    q.close();
  });

  it('a superseding command aborts the running one and skips queued ones of that kind', async () => {
    const q = queue();
    const gate = deferred();
    let ranSecond = false;
    const first = q.enqueue({ kind: 'wait', run: (signal) => abortable(gate.promise, signal) });
    const second = q.enqueue({ kind: 'wait', run: async () => { ranSecond = true; } });
    const winner = q.enqueue({ kind: 'a', supersedes: ['wait'], run: async () => 'won' });
    expect(await first).toEqual({ status: 'superseded' });
    expect(await second).toEqual({ status: 'superseded' });
    expect(await winner).toEqual({ status: 'done', value: 'won' });
    expect(ranSecond).toBe(false);
    q.close();
  });

  it('does not cancel kinds it does not name', async () => {
    const q = queue();
    const gate = deferred<string>();
    const waiting = q.enqueue({ kind: 'wait', run: (signal) => abortable(gate.promise, signal) });
    const other = q.enqueue({ kind: 'a', supersedes: ['b'], run: async () => 'after' });
    gate.resolve('arrived');
    expect(await waiting).toEqual({ status: 'done', value: 'arrived' });
    expect(await other).toEqual({ status: 'done', value: 'after' });
    q.close();
  });

  it('rejects with the error a command throws, and keeps running later commands', async () => {
    const q = queue();
    const failing = q.enqueue({ kind: 'a', run: async () => { throw new Error('boom'); } });
    const next = q.enqueue({ kind: 'b', run: async () => 'fine' });
    await expect(failing).rejects.toThrow('boom');
    expect(await next).toEqual({ status: 'done', value: 'fine' });
    q.close();
  });

  it('runs background work only while no command waits, and aborts its wait when one arrives', async () => {
    const q = queue();
    const log: string[] = [];
    let iterations = 0;
    q.setBackground(async (signal) => {
      iterations++;
      try {
        await sleep(10_000, signal);
      } catch (error) {
        log.push(isAbortError(error) ? 'background aborted' : 'other');
        throw error;
      }
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(iterations).toBe(1);
    const started = Date.now();
    await q.enqueue({ kind: 'a', run: async () => { log.push('command'); } });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(log).toEqual(['background aborted', 'command']);
    q.setBackground(null);
    await q.whenIdle();
    q.close();
  });

  it('reports errors thrown by background work and keeps going', async () => {
    const errors: unknown[] = [];
    const q = queue(errors);
    let calls = 0;
    q.setBackground(async () => {
      calls++;
      if (calls === 1) throw new Error('chunk failed');
      q.setBackground(null);
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toBe(2);
    expect(errors.map(String)).toEqual(['Error: chunk failed']);
    q.close();
  });

  it('has() sees queued and running commands; whenIdle() waits for them', async () => {
    const q = queue();
    const gate = deferred();
    const running = q.enqueue({ kind: 'wait', run: (signal) => abortable(gate.promise, signal) });
    await yieldToEvents();
    expect(q.has('wait')).toBe(true);
    expect(q.has('a')).toBe(false);
    let idle = false;
    const idleNow = q.whenIdle().then(() => (idle = true));
    await yieldToEvents();
    expect(idle).toBe(false);
    gate.resolve();
    await running;
    await idleNow;
    expect(q.has('wait')).toBe(false);
    q.close();
  });

  it('close() supersedes everything still queued', async () => {
    const q = queue();
    const gate = deferred();
    const running = q.enqueue({ kind: 'wait', run: (signal) => abortable(gate.promise, signal) });
    const queued = q.enqueue({ kind: 'a', run: async () => 'never' });
    q.close();
    expect(await running).toEqual({ status: 'superseded' });
    expect(await queued).toEqual({ status: 'superseded' });
    expect(await q.enqueue({ kind: 'b', run: async () => 'after close' })).toEqual({ status: 'superseded' });
  });
});
