/** Error measures between two images' RGB channels (alpha ignored), for the quality tests. */

/** Pixels are `channelsA`/`channelsB` bytes apart; only the first three channels are compared. */
export function meanSquaredError(a: Uint8Array | Uint8ClampedArray, channelsA: number, b: Uint8Array | Uint8ClampedArray, channelsB: number): number {
  const pixels = a.length / channelsA;
  if (pixels !== b.length / channelsB) throw new Error(`images differ in size: ${pixels} vs ${b.length / channelsB} pixels`);
  let sum = 0;
  for (let i = 0, ia = 0, ib = 0; i < pixels; i++, ia += channelsA, ib += channelsB) {
    for (let c = 0; c < 3; c++) {
      const d = a[ia + c] - b[ib + c];
      sum += d * d;
    }
  }
  return sum / (pixels * 3);
}

/** Peak signal-to-noise ratio in dB (higher is closer; identical images give Infinity). */
export function psnr(...args: Parameters<typeof meanSquaredError>): number {
  return 10 * Math.log10((255 * 255) / meanSquaredError(...args));
}

/** Root-mean-square error as a percentage of the full 0..255 range. */
export function rmsePercent(...args: Parameters<typeof meanSquaredError>): number {
  return (Math.sqrt(meanSquaredError(...args)) / 255) * 100;
}
