/* eslint-disable security/detect-object-injection -- typed-array indexing with bounded integers */
import { ImageRejection } from "./errors";

/**
 * A strict TIFF LZW decoder that only counts (the LZW chapter of TIFF 6.0: MSB-first codes, 9 to 12 bits,
 * the width growing one code early). It runs once over each strip before utif2 decodes it and
 * cannot loop: every step consumes at least 9 bits of the strip, and decoding stops as soon as
 * the output passes `max`. It refuses what libtiff refuses and what sends utif2's decoder into
 * an endless loop or past its table: a stream not starting with Clear (old-style LZW), a code
 * past the next free table entry, a first code after Clear that is not a literal, a table grown
 * past 4096 entries without Clear, and output longer than the strip holds or shorter than its
 * rows need. Every code stream it accepts builds a table whose entries only point at earlier
 * ones, so utif2 walks each in bounded time.
 */

const CLEAR = 256;
const END = 257;
const FIRST_FREE = 258;
const TABLE_SIZE = 4096;

export interface LzwBounds {
  /** Strip number, for the message. */
  readonly index: number;
  /** Fewest bytes the strip must decode to (its rows), 0 for no minimum. */
  readonly min: number;
  /** Most bytes the strip may decode to (its rows per strip, or tile). */
  readonly max: number;
}

function corrupt(index: number, detail: string): ImageRejection {
  return new ImageRejection("Corrupt", `The TIFF file is damaged: LZW strip ${index} ${detail}.`);
}

/** Throws `Corrupt` unless the strip is a well-formed LZW stream within its bounds; returns its decoded length. */
export function checkLzwStrip(data: Uint8Array, bounds: LzwBounds): number {
  const lengths = new Uint16Array(TABLE_SIZE);
  lengths.fill(1, 0, 256);
  const totalBits = data.length * 8;
  let bit = 0;
  let width = 9;
  let next = FIRST_FREE;
  let previous = -1;
  let output = 0;
  let first = true;
  while (bit + width <= totalBits) {
    const code = readCode(data, bit, width);
    bit += width;
    if (first && code !== CLEAR) throw corrupt(bounds.index, "does not start with a Clear code (old-style or damaged LZW)");
    first = false;
    if (code === END) break;
    if (code === CLEAR) {
      next = FIRST_FREE;
      width = 9;
      previous = -1;
      continue;
    }
    if (previous < 0) {
      if (code > 255) throw corrupt(bounds.index, `starts a table with code ${code}, which is not a literal`);
      output += 1;
    } else {
      if (code > next) throw corrupt(bounds.index, `uses code ${code} before it is defined (next free: ${next})`);
      if (next >= TABLE_SIZE) throw corrupt(bounds.index, "fills its code table without a Clear code");
      const length = code === next ? lengths[previous] + 1 : lengths[code];
      lengths[next] = lengths[previous] + 1;
      next++;
      if (next + 1 === 1 << width && width < 12) width++;
      output += length;
    }
    if (output > bounds.max) throw corrupt(bounds.index, `decodes to more than the ${bounds.max} bytes it may hold`);
    previous = code;
  }
  if (first) throw corrupt(bounds.index, "is empty");
  if (output < bounds.min) throw corrupt(bounds.index, `decodes to ${output} bytes, but its rows need ${bounds.min} (truncated)`);
  return output;
}

function readCode(data: Uint8Array, bit: number, width: number): number {
  const byte = bit >>> 3;
  // Up to 12 bits starting anywhere in a byte span at most three bytes.
  const window = ((data[byte] << 16) | ((data[byte + 1] ?? 0) << 8) | (data[byte + 2] ?? 0)) >>> 0;
  return (window >>> (24 - (bit & 7) - width)) & ((1 << width) - 1);
}
