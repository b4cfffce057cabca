/**
 * The standard normal N(0, 1): density, distribution function Φ and its inverse, in double precision.
 * Φ uses W. J. Cody's rational Chebyshev approximations (Math. Comp. 1969; the form of R's pnorm), Φ⁻¹
 * uses M. J. Wichura's AS241 PPND16 (Appl. Statist. 1988); both are accurate to about 1e-15 relative.
 */

/** ½·ln(2π). */
const LOG_SQRT_2PI = 0.9189385332046728;
/** 1/√(2π). */
const INV_SQRT_2PI = 0.3989422804014327;
const SQRT_32 = Math.sqrt(32);

/** Value at x of the polynomial with these coefficients, highest degree first (Horner). */
function horner(coefficients: readonly number[], x: number): number {
  let sum = 0;
  for (const c of coefficients) sum = sum * x + c;
  return sum;
}

// Cody's coefficients (as the nearest doubles). Φ(x) − ½ = x·N(x²)/D(x²) for |x| ≤ 0.674 …
const CENTRAL_NUM = [0.06568233791820745, 2.2352520354606837, 161.02823106855587, 1067.6894854603709, 18154.98125334356];
const CENTRAL_DEN = [1, 47.202581904688245, 976.0985517377767, 10260.932208618979, 45507.78933502673];
// … 1 − Φ(y) = e^{−y²/2}·N(y)/D(y) for 0.674 < y ≤ √32 …
const MIDDLE_NUM = [
  1.0765576773720192e-8, 0.39894151208813466, 8.883149794388377, 93.50665613217785, 597.2702763948002,
  2494.5375852903726, 6848.190450536283, 11602.65143764735, 9842.714838383978,
];
const MIDDLE_DEN = [
  1, 22.266688044328117, 235.387901782625, 1519.3775994075547, 6485.558298266761, 18615.571640885097,
  34900.95272114598, 38912.00328609327, 19685.429676859992,
];
// … and 1 − Φ(y) = e^{−y²/2}·(1/√(2π) − w·N(w)/D(w))/y with w = 1/y² beyond √32.
const TAIL_NUM = [0.023073441764940174, 0.215898534057957, 0.12740116116024736, 0.022235277870649807, 0.0014216191932278934, 2.9112874951168793e-5];
const TAIL_DEN = [1, 1.284260096144911, 0.4682382124808651, 0.06598813786892856, 0.0037823963320275824, 7.297515550839662e-5];

/** e^{−y²/2} without the rounding error of squaring y: y = s + δ with s a multiple of 1/16, so s² is exact. */
function expMinusHalfSquare(y: number): number {
  const s = Math.trunc(y * 16) / 16;
  return Math.exp(-0.5 * s * s) * Math.exp(-0.5 * (y - s) * (y + s));
}

/** φ(x) = e^{−x²/2}/√(2π), the N(0, 1) density (per unit x); 0 at ±∞. */
export function normalPdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  return y === Infinity ? 0 : INV_SQRT_2PI * expMinusHalfSquare(y);
}

/** ln φ(x) = −x²/2 − ½·ln(2π) in nats; −∞ at ±∞, finite where φ itself underflows. */
export function normalLogPdf(x: number): number {
  return -0.5 * x * x - LOG_SQRT_2PI;
}

/** Upper tail 1 − Φ(y) for y ≥ 0.674 (Cody's middle and tail approximations); 0 at +∞. */
function upperTail(y: number): number {
  if (y === Infinity) return 0;
  if (y <= SQRT_32) return (expMinusHalfSquare(y) * horner(MIDDLE_NUM, y)) / horner(MIDDLE_DEN, y);
  const w = 1 / (y * y);
  const series = (w * horner(TAIL_NUM, w)) / horner(TAIL_DEN, w);
  return (expMinusHalfSquare(y) * (INV_SQRT_2PI - series)) / y;
}

/**
 * Φ(x) = P(Z ≤ x) for Z ~ N(0, 1): relative error about 1e-15 in the lower tail down to Φ ≈ 1e-308
 * (x ≈ −37.5; below that the result is subnormal, then 0); Φ(−∞) = 0, Φ(+∞) = 1. For upper-tail
 * probabilities use the symmetry 1 − Φ(x) = Φ(−x), which keeps full relative precision.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    const s = x * x;
    return 0.5 + (x * horner(CENTRAL_NUM, s)) / horner(CENTRAL_DEN, s);
  }
  const upper = upperTail(y);
  return x > 0 ? 1 - upper : upper;
}

// Wichura's AS241 (PPND16) coefficients as the nearest doubles, highest degree first: p near ½ …
const AS241_A = [
  2509.0809287301227, 33430.57558358813, 67265.7709270087, 45921.95393154987, 13731.69376550946,
  1971.5909503065513, 133.14166789178438, 3.3871328727963665,
];
const AS241_B = [
  5226.495278852854, 28729.085735721943, 39307.89580009271, 21213.794301586597, 5394.196021424751,
  687.1870074920579, 42.31333070160091, 1,
];
// … for r = √(−ln min(p, 1 − p)) ≤ 5 …
const AS241_C = [
  0.0007745450142783414, 0.022723844989269184, 0.2417807251774506, 1.2704582524523684, 3.6478483247632045,
  5.769497221460691, 4.630337846156546, 1.4234371107496835,
];
const AS241_D = [
  1.0507500716444169e-9, 0.0005475938084995345, 0.015198666563616457, 0.14810397642748008, 0.6897673349851,
  1.6763848301838038, 2.053191626637759, 1,
];
// … and r > 5 (min(p, 1 − p) < 1.4e-11).
const AS241_E = [
  2.0103343992922881e-7, 2.7115555687434876e-5, 0.0012426609473880784, 0.026532189526576124, 0.29656057182850487,
  1.7848265399172913, 5.463784911164114, 6.657904643501103,
];
const AS241_F = [
  2.0442631033899397e-15, 1.421511758316446e-7, 1.8463183175100548e-5, 0.0007868691311456133, 0.014875361290850615,
  0.1369298809227358, 0.599832206555888, 1,
];

/**
 * Φ⁻¹(p), the N(0, 1) quantile, for a probability p ∈ (0, 1): relative error about 1e-16 (AS241).
 * p = 0 → −∞, p = 1 → +∞; NaN for p outside [0, 1] or NaN.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * horner(AS241_A, r)) / horner(AS241_B, r);
  }
  const r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  const magnitude = r <= 5 ? horner(AS241_C, r - 1.6) / horner(AS241_D, r - 1.6) : horner(AS241_E, r - 5) / horner(AS241_F, r - 5);
  return q < 0 ? -magnitude : magnitude;
}
