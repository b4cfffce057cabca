/** Which plane the grid spans above 2-D: the scatter's two PCA axes, or any two latent dimensions (across and up). */
import type { GridAxes } from '../../worker/protocol';

export interface AxesChoiceProps {
  latentDim: number;
  axes: GridAxes;
  onAxes(axes: GridAxes): void;
}

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';
const dimensionName = (d: number) => `z${String(d + 1).replace(/\d/g, (digit) => SUBSCRIPTS[Number(digit)])}`;

export function AxesChoice({ latentDim, axes, onAxes }: AxesChoiceProps) {
  const dims = Array.from({ length: latentDim }, (_, i) => i);
  const pair = axes.kind === 'dims' ? axes : null;
  /** A dimension chosen for one axis; picking the other axis's dimension swaps the two. */
  const choose = (which: 'x' | 'y', d: number) => {
    if (!pair) return;
    const other = which === 'x' ? pair.y : pair.x;
    const kept = d === other ? (which === 'x' ? pair.x : pair.y) : other;
    onAxes(which === 'x' ? { kind: 'dims', x: d, y: kept } : { kind: 'dims', x: kept, y: d });
  };
  const select = (which: 'x' | 'y', label: string) => (
    <label className="choice">
      <span>{label}</span>
      <select aria-label={`Grid ${label.toLowerCase()}`} value={pair?.[which] ?? 0} onChange={(event) => choose(which, Number(event.target.value))}>
        {dims.map((d) => (
          <option key={d} value={d}>
            {dimensionName(d)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <>
      <label className="choice">
        <span>Grid axes</span>
        <select aria-label="Grid axes" value={axes.kind} onChange={(event) => onAxes(event.target.value === 'pca' ? { kind: 'pca' } : { kind: 'dims', x: 0, y: 1 })}>
          <option value="pca">The scatter’s two PCA axes</option>
          <option value="dims">Two latent dimensions</option>
        </select>
      </label>
      {pair && select('x', 'Across')}
      {pair && select('y', 'Up')}
    </>
  );
}
