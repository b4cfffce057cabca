/**
 * The rate–distortion trails, kept in the browser (localStorage) so ghosts survive switching models and reloading
 * the page. localStorage rather than IndexedDB: the book is small (at most 40 trails of 400 points, ~100 kB of
 * JSON and usually a few kB), reading it synchronously at start-up draws the ghosts on the first frame, and it
 * needs no library. Writes are batched: at most one per second, only after a change.
 */
import { addSubsetPoint, addTestPoint, clearGhosts, EMPTY_BOOK, parseTrailBook, type Trail, type TrailBook, type TrailPoint } from './trails';

/** The storage key (a version in the name: a new format gets a new key rather than misreading the old one). */
export const TRAILS_STORAGE_KEY = 'vae-lab:rate-distortion-trails:v1';
const SAVE_DELAY_MS = 1000;

/** The part of Web Storage the store uses (tests pass an in-memory one). */
export type TrailStorage = Pick<Storage, 'getItem' | 'setItem'>;

export class TrailStore {
  private book: TrailBook;
  private readonly listeners = new Set<() => void>();
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  /** Identifies this page load: worker run ids start again at 1 after a reload, so trails of earlier loads stay ghosts. */
  readonly session: string;

  constructor(private readonly storage: TrailStorage | null, session = Math.random().toString(36).slice(2, 10)) {
    this.session = session;
    this.book = EMPTY_BOOK;
    try {
      const raw = storage?.getItem(TRAILS_STORAGE_KEY);
      if (raw) this.book = parseTrailBook(JSON.parse(raw));
    } catch {
      this.book = EMPTY_BOOK;
    }
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): TrailBook => this.book;

  addSubsetPoint(trail: Omit<Trail, 'points' | 'id'>, point: Omit<TrailPoint, 'source'>): void {
    this.set(addSubsetPoint(this.book, trail, point));
  }

  addTestPoint(runIdentity: string, point: Omit<TrailPoint, 'source'>): void {
    this.set(addTestPoint(this.book, runIdentity, point));
  }

  clearGhosts(activeRunIdentity: string | null): void {
    this.set(clearGhosts(this.book, activeRunIdentity));
  }

  /** Writes a pending change now (tests; the page's unload). */
  flush(): void {
    if (this.saveTimer !== null) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    try {
      this.storage?.setItem(TRAILS_STORAGE_KEY, JSON.stringify(this.book));
    } catch {
      // Storage full or disabled: the trails still live for this page.
    }
  }

  private set(book: TrailBook): void {
    if (book === this.book) return;
    this.book = book;
    for (const listener of this.listeners) listener();
    this.saveTimer ??= setTimeout(() => this.flush(), SAVE_DELAY_MS);
  }
}

let pageStore: TrailStore | null = null;

/** The page's trail store on localStorage (an in-memory one where storage is unavailable). */
export function pageTrailStore(): TrailStore {
  if (!pageStore) {
    pageStore = new TrailStore(browserStorage());
    globalThis.addEventListener?.('pagehide', () => pageStore?.flush());
  }
  return pageStore;
}

/** localStorage, or null where the browser refuses it (some privacy modes throw on access). */
function browserStorage(): TrailStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
