/**
 * Rate–distortion trails (pure data): each run draws a trail of (rate, distortion) points while its β setting
 * stays the same; a new β setting (or a new run, or a reload) starts a new trail, and every trail but the
 * active run's newest is a "ghost". Sweeping β on one run leaves one ghost per setting: the trade-off curve.
 */

export interface TrailPoint {
  step: number;
  /** KL(q ‖ p(z)), nats per image. */
  rate: number;
  /** −E_q log p(x|z), nats per image. */
  distortion: number;
  /** A fixed test subset (frequent) or the whole test set (once per epoch). */
  source: 'subset' | 'test';
}

export interface Trail {
  id: string;
  /** Which run drew it: page session, dataset, model and worker run id. */
  runIdentity: string;
  /** Which settings it was drawn under (β, its schedule, the loss preset, the architecture). */
  settingsKey: string;
  /** "β = 4 · VAE mlp, latent 2 · MNIST". */
  label: string;
  beta: number;
  points: TrailPoint[];
}

/** Trails, oldest first. */
export interface TrailBook {
  trails: Trail[];
}

/** At most this many trails are kept (the oldest ghosts go first) and this many points per trail (older ones thinned). */
export const MAX_TRAILS = 40;
export const MAX_POINTS = 400;

export const EMPTY_BOOK: TrailBook = { trails: [] };

/** Names a worker run for its trails: page session (run ids start again after a reload), dataset, model and run id. */
export function runIdentity(session: string, run: { dataset: string; model: string; runId: number }): string {
  return `${session}/${run.dataset}/${run.model}/${run.runId}`;
}

/** The newest trail `runIdentity` drew, or undefined. */
export function latestTrailOf(book: TrailBook, runIdentity: string): Trail | undefined {
  for (let i = book.trails.length - 1; i >= 0; i--) if (book.trails[i].runIdentity === runIdentity) return book.trails[i];
  return undefined;
}

/**
 * The book with a subset point of `runIdentity` under `settingsKey`: appended to the run's newest trail when that
 * was drawn under the same settings, else a new trail. A point no later than the trail's last one is ignored
 * (the page may show the same result twice).
 */
export function addSubsetPoint(book: TrailBook, trail: Omit<Trail, 'points' | 'id'>, point: Omit<TrailPoint, 'source'>): TrailBook {
  const latest = latestTrailOf(book, trail.runIdentity);
  if (latest && latest.settingsKey === trail.settingsKey) {
    const last = latest.points.filter((p) => p.source === 'subset').at(-1);
    if (last && point.step <= last.step) return book;
    return replace(book, latest, { ...latest, points: thin([...latest.points, { ...point, source: 'subset' }]) });
  }
  const id = `${trail.runIdentity}#${book.trails.length}#${point.step}`;
  const trails = [...book.trails, { ...trail, id, points: [{ ...point, source: 'subset' as const }] }];
  return { trails: trails.slice(Math.max(0, trails.length - MAX_TRAILS)) };
}

/** The book with a whole-test-set point added to the run's newest trail (none: unchanged; a step already there: unchanged). */
export function addTestPoint(book: TrailBook, runIdentity: string, point: Omit<TrailPoint, 'source'>): TrailBook {
  const latest = latestTrailOf(book, runIdentity);
  if (!latest || latest.points.some((p) => p.source === 'test' && p.step === point.step)) return book;
  return replace(book, latest, { ...latest, points: [...latest.points, { ...point, source: 'test' }] });
}

/** Ghosts are every trail but `activeRunIdentity`'s newest. */
export function splitTrails(book: TrailBook, activeRunIdentity: string | null): { current: Trail | null; ghosts: Trail[] } {
  const current = activeRunIdentity ? (latestTrailOf(book, activeRunIdentity) ?? null) : null;
  return { current, ghosts: book.trails.filter((trail) => trail !== current) };
}

/** Only the active run's newest trail remains (Clear ghosts). */
export function clearGhosts(book: TrailBook, activeRunIdentity: string | null): TrailBook {
  const { current } = splitTrails(book, activeRunIdentity);
  return { trails: current ? [current] : [] };
}

function replace(book: TrailBook, old: Trail, next: Trail): TrailBook {
  return { trails: book.trails.map((trail) => (trail === old ? next : trail)) };
}

/** Over MAX_POINTS: every other point of the older three quarters is dropped (the shape stays, the recent end stays dense). */
function thin(points: TrailPoint[]): TrailPoint[] {
  if (points.length <= MAX_POINTS) return points;
  const older = Math.floor((points.length * 3) / 4);
  return [...points.slice(0, older).filter((p, i) => i % 2 === 0 || p.source === 'test'), ...points.slice(older)];
}

/** A trail book read back from storage, keeping only well-formed trails (anything else is dropped, never trusted). */
export function parseTrailBook(raw: unknown): TrailBook {
  const trails = (raw as { trails?: unknown })?.trails;
  if (!Array.isArray(trails)) return EMPTY_BOOK;
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const isPoint = (p: unknown): p is TrailPoint => {
    const q = p as TrailPoint;
    return typeof q === 'object' && q !== null && finite(q.step) && finite(q.rate) && finite(q.distortion) && (q.source === 'subset' || q.source === 'test');
  };
  const isTrail = (t: unknown): t is Trail => {
    const u = t as Trail;
    return (
      typeof u === 'object' && u !== null && typeof u.id === 'string' && typeof u.runIdentity === 'string' && typeof u.settingsKey === 'string' &&
      typeof u.label === 'string' && finite(u.beta) && Array.isArray(u.points) && u.points.length > 0 && u.points.every(isPoint)
    );
  };
  return { trails: trails.filter(isTrail).slice(-MAX_TRAILS) };
}
