import { describe, expect, it } from 'vitest';
import { LatestOnly } from './latestOnly';

/** A fake worker whose answers the test releases one at a time. */
function fakeWorker() {
  const pending: { args: number; resolve: (value: string) => void }[] = [];
  const send = (args: number) => new Promise<string>((resolve) => pending.push({ args, resolve }));
  const answerNext = async () => {
    const next = pending.shift();
    next?.resolve(`image at ${next.args}`);
    await Promise.resolve();
    await Promise.resolve();
  };
  return { send, pending, answerNext };
}

describe('LatestOnly', () => {
  it('keeps one request in flight and, of those made meanwhile, sends only the newest', async () => {
    const worker = fakeWorker();
    const delivered: string[] = [];
    const latest = new LatestOnly(worker.send, (result: string) => delivered.push(result));
    for (const x of [1, 2, 3, 4]) latest.request(x);
    expect(worker.pending.map((p) => p.args)).toEqual([1]);
    await worker.answerNext();
    expect(delivered).toEqual(['image at 1']);
    expect(worker.pending.map((p) => p.args)).toEqual([4]);
    await worker.answerNext();
    expect(delivered).toEqual(['image at 1', 'image at 4']);
    expect(worker.pending).toHaveLength(0);
  });

  it('sends nothing more after cancel, and delivers nothing after close', async () => {
    const worker = fakeWorker();
    const delivered: string[] = [];
    const latest = new LatestOnly(worker.send, (result: string) => delivered.push(result));
    latest.request(1);
    latest.request(2);
    latest.cancel();
    await worker.answerNext();
    expect(delivered).toEqual(['image at 1']);
    expect(worker.pending).toHaveLength(0);
    latest.request(3);
    latest.close();
    await worker.answerNext();
    expect(delivered).toEqual(['image at 1']);
  });
});
