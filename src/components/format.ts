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

/** A number as a TeX group with `digits` decimals, e.g. -0.421 → "{-0.42}"; ±∞ or NaN when not finite. */
export function texNumber(value: number, digits = 2): string {
  return Number.isFinite(value) ? `{${value.toFixed(digits)}}` : `{${texNonFinite(value)}}`;
}

/**
 * A number for TeX with `digits` significant figures: "1.30", "0.0100", "-9.21", "3.20\times10^{-5}";
 * ±\infty when not finite. No braces: wrap it in parentheses yourself where a minus sign could be misread.
 */
export function texSignificant(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return texNonFinite(value);
  if (value === 0) return '0';
  // Round first, so 9.999 becomes 10.0 (not 10.00) and its exponent is the rounded one.
  const rounded = Number(value.toPrecision(digits));
  const exponent = Math.floor(Math.log10(Math.abs(rounded)));
  if (exponent < -3 || exponent >= 6) return `${(rounded / 10 ** exponent).toFixed(digits - 1)}\\times10^{${exponent}}`;
  return rounded.toFixed(Math.max(0, digits - 1 - exponent));
}

function texNonFinite(value: number): string {
  return Number.isNaN(value) ? '\\text{NaN}' : value > 0 ? '\\infty' : '-\\infty';
}
