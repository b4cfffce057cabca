/**
 * Rows of the settings tables: how one query key is read and written. A parse yields a value or
 * explains why the raw text was not used (the URL notes).
 */
import { PROBE_COUNT } from '../worker/protocol';

/** Longest raw value a note quotes, in characters (a hostile URL's 12,000-character value must not become a 12,000-character note). */
export const NOTE_QUOTE_LIMIT = 40;

/** `key=raw` for a note, the raw value cut to NOTE_QUOTE_LIMIT characters (whole code points) with an ellipsis. */
export function quote(key: string, raw: string): string {
  const characters = Array.from(raw);
  return `${key}=${characters.length > NOTE_QUOTE_LIMIT ? `${characters.slice(0, NOTE_QUOTE_LIMIT).join('')}…` : raw}`;
}

export type Parsed<T> = { value: T; note?: string } | { value?: undefined; note: string };

/** One row of a table: query key, and how to read and write the value. */
export interface Property<T> {
  key: string;
  parse(raw: string): Parsed<T>;
  format(value: T): string;
}

/** A row for a number on a slider or a number field: its bounds travel with it, for the URL parser and the control alike. */
export interface RangeProperty extends Property<number> {
  min: number;
  max: number;
  step: number;
}

/** A row for one of a closed set of values (a menu): its options travel with it. */
export interface ChoiceProperty<T extends string | number> extends Property<T> {
  options: readonly T[];
}

/** A number limited to [min, max] (clamped, with a note), rounded to `step`. */
export function ranged(key: string, min: number, max: number, step: number): RangeProperty {
  return {
    key,
    min,
    max,
    step,
    parse(raw) {
      const number = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(number)) return { note: `${quote(key, raw)} is not a number` };
      const clamped = Math.min(max, Math.max(min, number));
      const value = step ? Number((Math.round(clamped / step) * step).toFixed(6)) : clamped;
      return clamped === number ? { value } : { value, note: `${quote(key, raw)} is outside ${min}–${max}; using ${value}` };
    },
    format: (value) => String(value),
  };
}

/** One of a closed set of values; anything else is rejected. */
export function oneOf<T extends string | number>(key: string, allowed: readonly T[]): ChoiceProperty<T> {
  return {
    key,
    options: allowed,
    parse(raw) {
      const matches = (candidate: T) =>
        typeof candidate === 'number' ? raw.trim() !== '' && Number(raw) === candidate : candidate === raw;
      const match = allowed.find(matches);
      return match === undefined ? { note: `${quote(key, raw)} is not one of ${allowed.join(', ')}` } : { value: match };
    },
    format: (value) => String(value),
  };
}

/** A yes/no switch written as 1 / 0. */
export function flag(key: string): Property<boolean> {
  return {
    key,
    parse: (raw) => (raw === '1' || raw === 'true' ? { value: true } : raw === '0' || raw === 'false' ? { value: false } : { note: `${quote(key, raw)} is not 0 or 1` }),
    format: (value) => (value ? '1' : '0'),
  };
}

/** An optional position 1 … count (a lesson step); anything else is rejected. */
export function stepNumber(key: string, count: number): Property<number | null> {
  return {
    key,
    parse(raw) {
      const number = Number(raw);
      if (raw.trim() === '' || !Number.isInteger(number)) return { note: `${quote(key, raw)} is not a whole number` };
      if (number < 1 || number > count) return { note: `${quote(key, raw)} is outside 1–${count}` };
      return { value: number };
    },
    format: (value) => (value === null ? '' : String(value)),
  };
}

/** A comma-separated list of names from `allowed` (unknown names are dropped with a note; an empty list is rejected). */
export function nameList<T extends string>(key: string, allowed: readonly T[]): Property<readonly T[]> {
  return {
    key,
    parse(raw) {
      const names = raw.split(',').map((name) => name.trim()).filter((name) => name !== '');
      const known = [...new Set(names.filter((name): name is T => (allowed as readonly string[]).includes(name)))];
      const unknown = names.filter((name) => !(allowed as readonly string[]).includes(name));
      if (known.length === 0) return { note: `${quote(key, raw)} names none of ${allowed.join(', ')}` };
      return unknown.length > 0 ? { value: known, note: `${quote(key, unknown.join(', '))} ${unknown.length === 1 ? 'is' : 'are'} not a panel; using ${known.join(',')}` } : { value: known };
    },
    format: (value) => value.join(','),
  };
}

/** An optional probe index in [0, PROBE_COUNT); out-of-range indices are rejected. */
export function probeIndex(key: string): Property<number | null> {
  return {
    key,
    parse(raw) {
      const number = Number(raw);
      if (raw.trim() === '' || !Number.isInteger(number)) return { note: `${quote(key, raw)} is not a digit index` };
      if (number < 0 || number >= PROBE_COUNT) return { note: `${quote(key, raw)} is outside 0–${PROBE_COUNT - 1}` };
      return { value: number };
    },
    format: (value) => (value === null ? '' : String(value)),
  };
}

/** Reads `key` from the query into `target[name]`; an invalid value keeps the current one and adds a note. */
export function readInto<S, K extends keyof S>(target: S, name: K, property: Property<S[K]>, params: URLSearchParams, notes: string[]): void {
  const raw = params.get(property.key);
  if (raw === null) return;
  const parsed = property.parse(raw);
  if (parsed.note) notes.push(parsed.value === undefined ? `${parsed.note}; using the default` : parsed.note);
  if (parsed.value !== undefined) target[name] = parsed.value;
}

/** Writes `value` under the property's key, or removes the key when the value is the default (compared by its written form). */
export function writeFrom<T>(params: URLSearchParams, property: Property<T>, value: T, defaultValue: T): void {
  if (value === null || value === defaultValue || property.format(value) === (defaultValue === null ? null : property.format(defaultValue))) params.delete(property.key);
  else params.set(property.key, property.format(value));
}
