/** Labelled native form controls whose accessible name is exactly their label. */
import type { ChangeEvent, ReactNode } from 'react';
import type { RangeProperty } from '../../state/properties';

/** A settings row's bounds as control props: the URL parser and the control read the same min / max / step. */
export function bounds({ min, max, step }: RangeProperty): { min: number; max: number; step: number } {
  return { min, max, step };
}

/** A <select> over a closed set; `format` gives each option's visible name. */
export function Choice<T extends string | number>(props: {
  label: string;
  value: T;
  options: readonly T[];
  format?: (value: T) => string;
  onChange(value: T): void;
}) {
  const { label, value, options, format = String, onChange } = props;
  const handle = (event: ChangeEvent<HTMLSelectElement>) => {
    const picked = options.find((option) => String(option) === event.target.value);
    if (picked !== undefined) onChange(picked);
  };
  return (
    <label className="choice">
      <span>{label}</span>
      <select aria-label={label} value={String(value)} onChange={handle}>
        {options.map((option) => (
          <option key={String(option)} value={String(option)}>
            {format(option)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A range slider with its value read out beside the label. */
export function Slider(props: {
  label: string;
  /** Visible name, when it differs from the accessible one (e.g. with a unit). */
  caption?: ReactNode;
  value: number;
  min: number;
  max: number;
  step: number;
  digits?: number;
  /** Why the value does not apply now; the slider is then disabled and says so. */
  unused?: string;
  onChange(value: number): void;
}) {
  const { label, caption, value, min, max, step, digits = 2, unused, onChange } = props;
  return (
    <label className="slider-label">
      <span>
        {caption ?? label} = <span className="readout">{value.toFixed(digits)}</span>
        {unused && <span className="unused"> ({unused})</span>}
      </span>
      <input
        type="range"
        aria-label={label}
        min={min}
        max={max}
        step={step}
        value={value}
        disabled={unused !== undefined}
        onChange={(event) => onChange(Number(event.target.value))}
      />
    </label>
  );
}

/** A checkbox with a visible label. */
export function Toggle({ label, checked, onChange }: { label: string; checked: boolean; onChange(checked: boolean): void }) {
  return (
    <label className="toggle">
      <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <span>{label}</span>
    </label>
  );
}

/** A whole-number input committed on change, limited to [min, max]. */
export function WholeNumber(props: { label: string; value: number; min: number; max: number; onChange(value: number): void }) {
  const { label, value, min, max, onChange } = props;
  return (
    <label className="choice">
      <span>{label}</span>
      <input
        type="number"
        aria-label={label}
        min={min}
        max={max}
        step={1}
        value={value}
        onChange={(event) => {
          const number = Math.round(Number(event.target.value));
          if (event.target.value !== '' && Number.isFinite(number)) onChange(Math.min(max, Math.max(min, number)));
        }}
      />
    </label>
  );
}
