/**
 * A pure-JavaScript JPEG decoder (baseline and progressive, Huffman-coded, 8-bit) that can
 * downscale to 1/8 .. 7/8 in the DCT domain while decoding, which is most of the handler's speed
 * and memory budget. See README.md beside this file, and docs/performance.md.
 */
export { decodeJpeg, fittedSize, scaleForMinSize, scalesFor, scaleToCover } from "./decode";
export type { DecodedJpeg, JpegDecodeOptions, JpegScale } from "./decode";
export { JpegError } from "./errors";
