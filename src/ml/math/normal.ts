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

// Cody's coefficients. Φ(x) − ½ = x·N(x²)/D(x²) for |x| ≤ 0.674 …
const CENTRAL_NUM = [0.065682337918207449113, 2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249];
const CENTRAL_DEN = [1, 47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
// … 1 − Φ(y) = e^{−y²/2}·N(y)/D(y) for 0.674 < y ≤ √32 …
const MIDDLE_NUM = [
  1.0765576773720192317e-8, 0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226,
  2494.5375852903726711, 6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218,
];
const MIDDLE_DEN = [
  1, 22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
// … and 1 − Φ(y) = e^{−y²/2}·(1/√(2π) − w·N(w)/D(w))/y with w = 1/y² beyond √32.
const TAIL_NUM = [0.02307344176494017303, 0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5];
const TAIL_DEN = [1, 1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];

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

// Wichura's AS241 (PPND16) coefficients, highest degree first: p near ½ …
const AS241_A = [
  2509.0809287301226727, 33430.575583588128105, 67265.770927008700853, 45921.953931549871457, 13731.693765509461125,
  1971.5909503065514427, 133.14166789178437745, 3.387132872796366608,
];
const AS241_B = [
  5226.495278852854561, 28729.085735721942674, 39307.89580009271061, 21213.794301586595867, 5394.1960214247511077,
  687.1870074920579083, 42.313330701600911252, 1,
];
// … for r = √(−ln min(p, 1 − p)) ≤ 5 …
const AS241_C = [
  7.7454501427834140764e-4, 0.0227238449892691845833, 0.24178072517745061177, 1.27045825245236838258, 3.64784832476320460504,
  5.7694972214606914055, 4.6303378461565452959, 1.42343711074968357734,
];
const AS241_D = [
  1.05075007164441684324e-9, 5.475938084995344946e-4, 0.0151986665636164571966, 0.14810397642748007459, 0.68976733498510000455,
  1.6763848301838038494, 2.05319162663775882187, 1,
];
// … and r > 5 (min(p, 1 − p) < 1.4e-11).
const AS241_E = [
  2.01033439929228813265e-7, 2.71155556874348757815e-5, 0.0012426609473880784386, 0.026532189526576123093, 0.29656057182850489123,
  1.7848265399172913358, 5.4637849111641143699, 6.6579046435011037772,
];
const AS241_F = [
  2.04426310338993978564e-15, 1.4215117583164458887e-7, 1.8463183175100546818e-5, 7.868691311456132591e-4, 0.0148753612908506148525,
  0.13692988092273580531, 0.59983220655588793769, 1,
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
