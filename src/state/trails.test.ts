import { afterEach, describe, expect, it, vi } from 'vitest';
import { addSubsetPoint, addTestPoint, clearGhosts, EMPTY_BOOK, MAX_POINTS, MAX_TRAILS, parseTrailBook, splitTrails, type TrailBook } from './trails';
import { TRAILS_STORAGE_KEY, TrailStore } from './trailStore';

const run = (beta: number, runIdentity = 's/mnist/vae/1') => ({ runIdentity, settingsKey: `beta=${beta}`, label: `β = ${beta}`, beta });
const point = (step: number, rate = step / 100, distortion = 200 - step / 10) => ({ step, rate, distortion });

/** Adds subset points at the given steps under β. */
function drawn(book: TrailBook, beta: number, steps: number[], runIdentity?: string): TrailBook {
  return steps.reduce((b, step) => addSubsetPoint(b, run(beta, runIdentity), point(step)), book);
}

describe('rate–distortion trails', () => {
  it('changing β twice on one run leaves two ghost trails and a current one', () => {
    let book = drawn(EMPTY_BOOK, 1, [10, 20, 30]);
    book = drawn(book, 4, [40, 50]);
    book = drawn(book, 0.5, [60]);
    const { current, ghosts } = splitTrails(book, 's/mnist/vae/1');
    expect(ghosts.map((trail) => trail.beta)).toEqual([1, 4]);
    expect(current?.beta).toBe(0.5);
    expect(ghosts[0].points.map((p) => p.step)).toEqual([10, 20, 30]);
  });

  it('a repeated or older step is ignored; going back to an earlier β starts a new trail', () => {
    let book = drawn(EMPTY_BOOK, 1, [10, 20, 20, 15]);
    expect(book.trails[0].points.map((p) => p.step)).toEqual([10, 20]);
    book = drawn(drawn(book, 2, [30]), 1, [40]);
    expect(book.trails.map((trail) => trail.beta)).toEqual([1, 2, 1]);
  });

  it('another run (a reset, another page load) starts a new trail, and the old run’s trails are all ghosts', () => {
    const book = drawn(drawn(EMPTY_BOOK, 1, [10]), 1, [5], 's/mnist/vae/2');
    expect(book.trails).toHaveLength(2);
    expect(splitTrails(book, 's/mnist/vae/2').ghosts).toHaveLength(1);
    expect(splitTrails(book, 'other').ghosts).toHaveLength(2);
  });

  it('test-set points join the run’s newest trail once per step', () => {
    let book = drawn(EMPTY_BOOK, 1, [10, 20]);
    book = addTestPoint(book, 's/mnist/vae/1', point(469, 5, 160));
    book = addTestPoint(book, 's/mnist/vae/1', point(469, 5, 160));
    expect(book.trails[0].points.filter((p) => p.source === 'test')).toHaveLength(1);
    expect(addTestPoint(book, 'unknown run', point(1))).toBe(book);
  });

  it('keeps at most MAX_TRAILS trails and thins long ones, keeping the newest points', () => {
    let book = EMPTY_BOOK;
    for (let beta = 0; beta < MAX_TRAILS + 5; beta++) book = drawn(book, beta, [beta + 1]);
    expect(book.trails).toHaveLength(MAX_TRAILS);
    expect(book.trails[0].beta).toBe(5);
    const long = drawn(EMPTY_BOOK, 1, Array.from({ length: MAX_POINTS + 1 }, (_, i) => i + 1));
    const steps = long.trails[0].points.map((p) => p.step);
    expect(steps.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(steps.at(-1)).toBe(MAX_POINTS + 1);
    expect(steps.slice(-50)).toEqual(Array.from({ length: 50 }, (_, i) => MAX_POINTS + 1 - 49 + i));
  });

  it('clearing ghosts keeps only the active run’s newest trail', () => {
    const book = drawn(drawn(EMPTY_BOOK, 1, [1]), 2, [2]);
    expect(clearGhosts(book, 's/mnist/vae/1').trails.map((trail) => trail.beta)).toEqual([2]);
    expect(clearGhosts(book, null).trails).toEqual([]);
  });

  it('parses only well-formed trails back from storage', () => {
    const good = drawn(EMPTY_BOOK, 1, [1, 2]);
    const mixed = { trails: [...good.trails, { id: 'x', points: [] }, { ...good.trails[0], beta: 'high' }, 7] };
    expect(parseTrailBook(JSON.parse(JSON.stringify(mixed)))).toEqual(good);
    expect(parseTrailBook('nonsense')).toEqual(EMPTY_BOOK);
    expect(parseTrailBook(null)).toEqual(EMPTY_BOOK);
  });
});

describe('TrailStore', () => {
  afterEach(() => vi.useRealTimers());

  /** An in-memory Web Storage stand-in. */
  function memoryStorage() {
    const items = new Map<string, string>();
    return { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value), items };
  }

  it('survives a reload: a new store on the same storage sees the trails as ghosts of an earlier session', () => {
    vi.useFakeTimers();
    const storage = memoryStorage();
    const first = new TrailStore(storage, 'first');
    first.addSubsetPoint(run(1, 'first/mnist/vae/1'), point(10));
    first.addSubsetPoint(run(3, 'first/mnist/vae/1'), point(20));
    expect(storage.items.has(TRAILS_STORAGE_KEY)).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(storage.items.has(TRAILS_STORAGE_KEY)).toBe(true);
    const reloaded = new TrailStore(storage, 'second');
    const { current, ghosts } = splitTrails(reloaded.getSnapshot(), 'second/mnist/vae/1');
    expect(current).toBeNull();
    expect(ghosts.map((trail) => trail.beta)).toEqual([1, 3]);
  });

  it('tells subscribers about changes and starts empty on unreadable storage', () => {
    const storage = memoryStorage();
    storage.setItem(TRAILS_STORAGE_KEY, '{not json');
    const store = new TrailStore(storage, 's');
    expect(store.getSnapshot()).toEqual(EMPTY_BOOK);
    let calls = 0;
    store.subscribe(() => calls++);
    store.addSubsetPoint(run(1), point(1));
    store.addSubsetPoint(run(1), point(1));
    expect(calls).toBe(1);
    store.flush();
    expect(JSON.parse(storage.items.get(TRAILS_STORAGE_KEY) ?? '{}').trails).toHaveLength(1);
  });
});
