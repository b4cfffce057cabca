/**
 * A data file is missing, corrupt, inconsistent or could not be downloaded; `message` names the file and
 * the cause. What to do about it depends on who reads it: the page offers Retry, the CLI names `npm run data`.
 */
export class DataError extends Error {
  /** The file (or URL) the problem is about. */
  readonly fileName: string;

  constructor(fileName: string, message: string) {
    super(message);
    this.name = 'DataError';
    this.fileName = fileName;
  }
}

/** 1234567 → "1,234,567" (locale-independent). */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
