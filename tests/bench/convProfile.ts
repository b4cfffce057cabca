/**
 * Kernel-level profile of training steps as the Trainer takes them (weighted terms → gradients → Adam →
 * afterStep), split into phases. Runs wherever tfjs runs (Node or a browser worker); the caller picks the backend.
 * Each kernel's cost is its mean time per call over the fastest 80% of its calls × calls per step: a GC pause
 * does not land on one kernel, and browsers' 0.1 ms timer steps still average out (a median would round them).
 * On wasm, kernels run synchronously, so tf.profile's times are exact; they exclude JavaScript op overhead.
 */
import * as tf from '@tensorflow/tfjs';
import type { LatentModel } from '../../src/ml/models/types';
import { termWeights, type TrainingSettings } from '../../src/ml/training/trainer';

/** Phases of the app's step; a plain baseline step is profiled as one 'step'. */
export type Phase = 'forward' | 'backward' | 'adam' | 'upkeep' | 'step';
const PHASES: Phase[] = ['forward', 'backward', 'adam', 'upkeep'];

/** Milliseconds per step for one kernel (name + input shapes) in one phase. */
export interface ProfileRow {
  phase: Phase;
  group: string;
  kernel: string;
  msPerStep: number;
}

/** The engine's profile in progress (read to mark where each phase ends). */
type ProfilingEngine = { state: { activeProfile: { kernels: unknown[] } } };

/** Kernel group for the summary: convs split by role, transposes into layout moves and the rest. */
export function kernelGroup(name: string, inputShapes: number[][]): string {
  if (name === 'Conv2D' || name === 'FusedConv2D') return inputShapes[1][0] > 3 ? 'conv, filter gradient' : 'conv 3×3';
  if (name === 'Conv2DBackpropFilter' || name === 'Conv2DBackpropInput') return `conv, ${name}`;
  if (name === 'Transpose') return inputShapes[0].length === 4 ? 'transpose, 4-d (space↔depth, layouts)' : 'transpose, 2-d';
  if (['Slice', 'Concat', 'PadV2'].includes(name)) return 'slice / concat / pad (im2col)';
  if (['BatchMatMul', '_FusedMatMul'].includes(name)) return 'matMul';
  if (['ArgMin', 'GatherV2', 'OneHot'].includes(name)) return 'VQ argmin / gather / one-hot';
  if (['Sum', 'Mean', 'Max', 'Min'].includes(name)) return 'reductions';
  if (['Reshape', 'Identity', 'Cast', 'ZerosLike', 'OnesLike', 'Fill'].includes(name)) return 'copies, casts, fills';
  return 'element-wise';
}

/** Mean of the fastest 80% of `values`. */
function trimmedMean(values: number[]): number {
  const kept = values.slice().sort((a, b) => a - b).slice(0, Math.max(1, Math.ceil(0.8 * values.length)));
  return kept.reduce((sum, value) => sum + value, 0) / kept.length;
}

/** One training step with the kernel count noted after each phase. */
function markedStep(model: LatentModel, optimizer: tf.Optimizer, batch: tf.Tensor2D, weights: number[], noiseSeed: number, marks: number[]): void {
  const kernels = () => (tf.engine() as unknown as ProfilingEngine).state.activeProfile.kernels.length;
  const { value, grads } = tf.variableGrads(() => {
    const terms = model.lossTerms({ input: batch, target: batch, hidden: null }, noiseSeed);
    const total = terms.reduce((sum, term, i) => tf.add(sum, tf.mul(term, weights[i])), tf.scalar(0)) as tf.Scalar;
    marks.push(kernels());
    return total;
  }, model.variables);
  marks.push(kernels());
  optimizer.applyGradients(grads);
  marks.push(kernels());
  model.afterStep?.(batch, { restartDeadCodes: true });
  marks.push(kernels());
  tf.dispose([value, ...Object.values(grads)]);
}

/** Runs `step(k, marks)` for 2 + `steps` steps under tf.profile and aggregates the last `steps` (see profileTraining). */
async function profileSteps(step: (k: number, marks: number[]) => void, steps: number, phases: Phase[]): Promise<ProfileRow[]> {
  const times = new Map<string, number[]>();
  for (let k = 0; k < steps + 2; k++) {
    const marks = [0];
    const info = await tf.profile(() => step(k, marks));
    if (k < 2) continue; // Adam creates its slots on the first step
    info.kernels.forEach((kernel, i) => {
      if (kernel.name.startsWith('unnamed')) return; // customGrad wrappers: their kernels are listed on their own
      const phase = phases[Math.max(0, marks.findIndex((mark, m) => i >= mark && i < (marks[m + 1] ?? Infinity)))];
      const shapes = kernel.inputShapes as number[][];
      const key = [phase, kernelGroup(kernel.name, shapes), `${kernel.name} ${JSON.stringify(shapes)}`].join('|');
      times.set(key, [...(times.get(key) ?? []), kernel.kernelTimeMs as number]);
    });
  }
  const rows = [...times].map(([key, ms]) => {
    const [phase, group, kernel] = key.split('|');
    return { phase: phase as Phase, group, kernel, msPerStep: (trimmedMean(ms) * ms.length) / steps };
  });
  return rows.sort((a, b) => b.msPerStep - a.msPerStep);
}

/**
 * Trains `model` (which it changes) for 2 unprofiled + `steps` profiled steps with its own Adam, on batches from
 * `batchAt(k)` (batchSize × 784 values) → one row per phase and kernel, slowest first.
 */
export async function profileTraining(model: LatentModel, settings: TrainingSettings, batchAt: (k: number) => Float32Array, steps: number): Promise<ProfileRow[]> {
  const optimizer = tf.train.adam(settings.learningRate, 0.9, 0.999, 1e-8);
  const weights = termWeights(model.termNames, settings, 1000);
  const rows = await profileSteps(
    (k, marks) => {
      const batch = tf.tensor2d(batchAt(k), [settings.batchSize, 784]);
      markedStep(model, optimizer, batch, weights, k, marks);
      batch.dispose();
    },
    steps,
    PHASES,
  );
  optimizer.dispose();
  return rows;
}

/** Profiles `steps` calls of a baseline's whole step (after 2 unprofiled ones) as one phase. */
export function profileWholeSteps(step: (k: number) => void, steps: number): Promise<ProfileRow[]> {
  return profileSteps((k) => step(k), steps, ['step']);
}

/** Markdown table of ms per step by phase and kernel group (plus the top `kernels` single kernels when > 0). */
export function formatProfile(rows: ProfileRow[], kernels = 0): string {
  const total = rows.reduce((sum, row) => sum + row.msPerStep, 0);
  const groups = new Map<string, number>();
  for (const row of rows) groups.set(`${row.phase}|${row.group}`, (groups.get(`${row.phase}|${row.group}`) ?? 0) + row.msPerStep);
  const lines = [`kernel time ${total.toFixed(1)} ms/step`, '| phase | kernel group | ms/step | share |', '|---|---|---:|---:|'];
  for (const [key, ms] of [...groups].sort((a, b) => b[1] - a[1])) {
    const [phase, group] = key.split('|');
    lines.push(`| ${phase} | ${group} | ${ms.toFixed(2)} | ${((100 * ms) / total).toFixed(1)}% |`);
  }
  if (kernels > 0) lines.push('', 'slowest kernels (ms/step, phase, kernel and input shapes):');
  for (const row of rows.slice(0, kernels)) lines.push(`${row.msPerStep.toFixed(2).padStart(7)}  ${row.phase}  ${row.kernel}`);
  return lines.join('\n');
}
