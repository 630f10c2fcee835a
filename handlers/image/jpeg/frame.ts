import { HuffmanTable } from "./huffman";
import { BlockSize } from "./idct";

/** One colour component of a frame, with the state its scans and its output need. */
export interface Component {
  readonly id: number;
  /** Sampling factors (1..4). */
  readonly h: number;
  readonly v: number;
  readonly quantId: number;
  /** Blocks per row and column including the padding to whole MCUs. */
  readonly blocksPerLine: number;
  readonly blocksPerColumn: number;
  /** Blocks that hold image data (what a non-interleaved scan covers). */
  readonly usedBlocksPerLine: number;
  readonly usedBlocksPerColumn: number;
  /** Pixels each block decodes to (per side) at the chosen scale. */
  readonly blockSize: BlockSize;
  /** Whole-number upsampling from the decoded plane to the output (1 when not subsampled). */
  readonly upX: number;
  readonly upY: number;
  /** The decoded samples, `stride` wide. Allocated once per decode. */
  plane: Uint8ClampedArray;
  readonly stride: number;
  /** Progressive only: all quantized coefficients, 64 per block, natural order. */
  coefs: Int16Array | null;
  /** Dequantization and IDCT factors, set when the component's quant table is known. */
  multipliers: Float32Array | null;
  dcTable: HuffmanTable | null;
  acTable: HuffmanTable | null;
  /** DC predictor of the current scan. */
  pred: number;
}

export interface Frame {
  readonly progressive: boolean;
  readonly width: number;
  readonly height: number;
  /** Output size at the chosen scale: ceil(size * scale / 8), as libjpeg computes it. */
  readonly outWidth: number;
  readonly outHeight: number;
  readonly maxH: number;
  readonly maxV: number;
  readonly mcusPerLine: number;
  readonly mcusPerColumn: number;
  readonly components: Component[];
}

/** Zigzag position -> natural (row-major) position (JPEG Figure A.6). */
export const ZIGZAG = new Uint8Array([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44,
  51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
  // Padding so a corrupt run that overshoots 63 lands on a harmless slot until it is rejected.
  63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63,
]);
