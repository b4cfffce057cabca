/** A data file is missing, corrupt or inconsistent; `message` names the file and says what to do. */
export class DataError extends Error {
  /** The file (or URL) the problem is about. */
  readonly fileName: string;

  constructor(fileName: string, message: string) {
    super(message);
    this.name = 'DataError';
    this.fileName = fileName;
  }
}

/** Advice appended to every data error message. */
export const REGENERATE_HINT = 'Re-run `npm run data` or reload.';

/** 1234567 → "1,234,567" (locale-independent). */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
