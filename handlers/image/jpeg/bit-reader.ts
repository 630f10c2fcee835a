/* eslint-disable security/detect-object-injection -- typed-array indexing with bounded integers */
import { JpegError } from "./errors";
import { HuffmanTable, LOOKUP_BITS } from "./huffman";

/**
 * Reads the entropy-coded segment of a scan: removes the 0xFF00 byte stuffing, stops at the next
 * marker, and decodes Huffman symbols and their extra bits. It feeds zero bits once the data (or
 * the segment) ends, so lookahead never fails, and throws only if those made-up bits are
 * actually consumed, which means the data is truncated or corrupt.
 */
export class BitReader {
  /** Position of the next byte to read. */
  pos: number;
  // Public so the block decoder's hot loop can peek without a call (see scan.ts).
  /** Up to 32 buffered bits, right-aligned. */
  acc = 0;
  bits = 0;
  /** How many of the buffered bits (the lowest ones) are made-up zero padding. */
  padBits = 0;
  /** Set once a marker (or the end of the data) is reached: read no further bytes. */
  private stopped = false;

  constructor(
    private readonly data: Uint8Array,
    start: number,
  ) {
    this.pos = start;
  }

  /** Tops the buffer up to at least 25 bits. */
  fill(): void {
    const data = this.data;
    while (this.bits <= 24) {
      let byte = 0;
      if (!this.stopped) {
        const pos = this.pos;
        if (pos >= data.length) {
          this.stopped = true;
        } else if (data[pos] !== 0xff) {
          byte = data[pos];
          this.pos = pos + 1;
        } else if (pos + 1 < data.length && data[pos + 1] === 0x00) {
          byte = 0xff;
          this.pos = pos + 2;
        } else {
          this.stopped = true; // a marker: leave pos on its 0xFF for the caller
        }
      }
      if (this.stopped) this.padBits += 8;
      this.acc = (this.acc << 8) | byte;
      this.bits += 8;
    }
  }

  /** Throws if made-up padding bits were consumed: call after taking bits off `bits`. */
  consumed(): void {
    if (this.bits < this.padBits) {
      throw new JpegError("the compressed data ends before the image does (truncated or corrupt file)");
    }
  }

  /** Decodes one Huffman symbol. */
  decode(table: HuffmanTable): number {
    if (this.bits < 16) this.fill();
    const entry = table.lookup[(this.acc >>> (this.bits - LOOKUP_BITS)) & ((1 << LOOKUP_BITS) - 1)];
    if (entry !== 0) {
      this.bits -= entry >> 8;
      if (this.bits < this.padBits) this.consumed();
      return entry & 0xff;
    }
    for (let length = LOOKUP_BITS + 1; length <= 16; length++) {
      const code = (this.acc >>> (this.bits - length)) & ((1 << length) - 1);
      if (code <= table.maxCode[length]) {
        this.bits -= length;
        if (this.bits < this.padBits) this.consumed();
        return table.values[table.valueOffset[length] + code];
      }
    }
    throw new JpegError("the compressed data holds a code that is not in its Huffman table");
  }

  /** Reads `count` (0..16) raw bits. */
  bitsRaw(count: number): number {
    if (count === 0) return 0;
    if (this.bits < count) this.fill();
    this.bits -= count;
    if (this.bits < this.padBits) this.consumed();
    return (this.acc >>> this.bits) & ((1 << count) - 1);
  }

  /** Reads one bit. */
  bit(): number {
    if (this.bits < 1) this.fill();
    this.bits -= 1;
    if (this.bits < this.padBits) this.consumed();
    return (this.acc >>> this.bits) & 1;
  }

  /** Reads `count` bits as a JPEG signed magnitude (Annex F.2.2.1, EXTEND). */
  receiveExtend(count: number): number {
    if (count === 0) return 0;
    const value = this.bitsRaw(count);
    return value < 1 << (count - 1) ? value - (1 << count) + 1 : value;
  }

  /**
   * Drops buffered bits and positions after the expected RSTn marker (restart interval).
   * Tolerates a missing marker only at the very end of the data.
   */
  restart(expected: number): void {
    this.acc = 0;
    this.bits = 0;
    this.padBits = 0;
    this.stopped = false;
    const data = this.data;
    let pos = this.pos;
    // Skip the padding bits' byte remnants and any 0xFF fill bytes before the marker.
    while (pos < data.length && !(data[pos] === 0xff && data[pos + 1] >= 0xd0 && data[pos + 1] <= 0xd7)) {
      if (data[pos] === 0xff && data[pos + 1] !== 0xff && data[pos + 1] !== 0x00) break;
      pos++;
    }
    if (pos + 1 >= data.length || data[pos] !== 0xff || data[pos + 1] !== 0xd0 + expected) {
      throw new JpegError(`expected restart marker RST${expected} at byte ${pos}`);
    }
    this.pos = pos + 2;
  }

  /** Moves past the scan's data to the next marker, for the header parser to continue. */
  endOfScan(): number {
    const data = this.data;
    let pos = this.pos;
    while (pos + 1 < data.length && !(data[pos] === 0xff && data[pos + 1] !== 0x00 && data[pos + 1] !== 0xff && !(data[pos + 1] >= 0xd0 && data[pos + 1] <= 0xd7))) pos++;
    return pos;
  }
}
