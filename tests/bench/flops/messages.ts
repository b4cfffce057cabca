/** What the matrix-product worker reports. */
export type MatMulEvent =
  | { type: 'done'; backend: string; threads: number; size: number; runsMs: number[] }
  | { type: 'error'; message: string };
