/** Number formatting shared by the panels (nats to one decimal, thousands separators). */

/** "123.4" — nats with one decimal; "—" when unknown or not finite. */
export function formatNats(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(1);
}

/** "12,345" — integer with thousands separators (locale-independent for stable tests). */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** "3.1" — bytes as megabytes with one decimal. */
export function formatMegabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

/** A number as a TeX group with `digits` decimals, e.g. -0.421 → "{-0.42}"; ∞ when not finite. */
export function texNumber(value: number, digits = 2): string {
  return Number.isFinite(value) ? `{${value.toFixed(digits)}}` : '{\\infty}';
}
