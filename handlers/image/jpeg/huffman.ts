/* eslint-disable security/detect-object-injection -- typed-array indexing with bounded integers */
import { JpegError } from "./errors";

/** Bits looked up at once: codes up to this length decode with one table read. */
export const LOOKUP_BITS = 9;

/**
 * A Huffman table in the form the bit reader needs: a direct lookup for short codes and the
 * canonical-code bounds (JPEG Annex F.2.2.3) for the rare longer ones.
 */
export interface HuffmanTable {
  /** Indexed by the next LOOKUP_BITS bits: `(length << 8) | symbol`, or 0 for a longer code. */
  readonly lookup: Uint16Array;
  /** Largest code of each length 1..16 (index = length), -1 when there is none. */
  readonly maxCode: Int32Array;
  /** Offset from a code of each length to its symbol's index in `values`. */
  readonly valueOffset: Int32Array;
  readonly values: Uint8Array;
  /**
   * For AC tables: indexed like `lookup`, `(value << 16) | (run << 8) | bits` when the code and
   * its extra bits both fit in LOOKUP_BITS, so most coefficients decode with one read
   * (stb_image's "fast AC" idea); 0 otherwise.
   */
  readonly fastAc: Int32Array;
}

/** Builds a table from a DHT segment's 16 code-length counts and its symbols. */
export function buildHuffmanTable(counts: Uint8Array, values: Uint8Array): HuffmanTable {
  const lookup = new Uint16Array(1 << LOOKUP_BITS);
  const maxCode = new Int32Array(17).fill(-1);
  const valueOffset = new Int32Array(17);
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    const count = counts[length - 1];
    valueOffset[length] = k - code;
    for (let i = 0; i < count; i++, k++, code++) {
      if (length <= LOOKUP_BITS) {
        // Every LOOKUP_BITS-bit pattern that starts with this code decodes to it.
        const shift = LOOKUP_BITS - length;
        const entry = (length << 8) | values[k];
        for (let fill = code << shift, end = (code + 1) << shift; fill < end; fill++) lookup[fill] = entry;
      }
    }
    if (count > 0) maxCode[length] = code - 1;
    if (code > 1 << length) throw new JpegError("a Huffman table has more codes than its code lengths allow");
    code <<= 1;
  }
  return { lookup, maxCode, valueOffset, values, fastAc: buildFastAc(lookup) };
}

function buildFastAc(lookup: Uint16Array): Int32Array {
  const fast = new Int32Array(1 << LOOKUP_BITS);
  for (let peek = 0; peek < fast.length; peek++) {
    const entry = lookup[peek];
    if (entry === 0) continue;
    const length = entry >> 8;
    const run = (entry >> 4) & 15;
    const size = entry & 15;
    if (size === 0 || length + size > LOOKUP_BITS) continue;
    // The extra bits follow the code inside the same peeked bits; extend them to a signed value.
    let value = (peek >> (LOOKUP_BITS - length - size)) & ((1 << size) - 1);
    if (value < 1 << (size - 1)) value += 1 - (1 << size);
    fast[peek] = (value * 65536) | (run << 8) | (length + size);
  }
  return fast;
}
