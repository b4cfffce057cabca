/** Bar geometry of the codebook usage histogram, sorted from most to least used. Plain numbers. */

export interface UsageBar {
  code: number;
  share: number;
  dead: boolean;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One bar per code in a width × height box; heights relative to the most used code (dead codes get a sliver). */
export function usageBars(usage: ArrayLike<number>, width: number, height: number): UsageBar[] {
  const codes = Array.from({ length: usage.length }, (_, code) => code).sort((a, b) => usage[b] - usage[a]);
  const top = codes.length > 0 ? usage[codes[0]] : 0;
  const barWidth = codes.length > 0 ? width / codes.length : 0;
  const sliver = 1;
  return codes.map((code, rank) => {
    const share = usage[code];
    const barHeight = share > 0 && top > 0 ? Math.max(sliver, (share / top) * height) : sliver;
    return { code, share, dead: share === 0, x: rank * barWidth, y: height - barHeight, width: Math.max(barWidth * 0.85, 0.5), height: barHeight };
  });
}
