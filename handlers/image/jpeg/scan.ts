/* eslint-disable security/detect-object-injection -- typed-array indexing with bounded integers */
import { BitReader } from "./bit-reader";
import { JpegError } from "./errors";
import { Component, Frame, ZIGZAG } from "./frame";
import { HuffmanTable, LOOKUP_BITS } from "./huffman";
import { idct1, idct2, idct3, idct4, idct8, idctN } from "./idct";

/** A scan's parameters from its SOS header. */
export interface Scan {
  readonly components: Component[];
  /** Spectral selection start/end and successive approximation high/low (progressive). */
  readonly ss: number;
  readonly se: number;
  readonly ah: number;
  readonly al: number;
}

/** One block's coefficients for baseline decoding, reused for every block (kept all-zero between blocks). */
const scratch = new Int16Array(64);

/**
 * Decodes one scan's entropy-coded data starting at `start`; returns the offset of the marker
 * that follows it. Baseline blocks go straight through the IDCT into the component's plane;
 * progressive scans accumulate coefficients for the final IDCT pass.
 */
export function decodeScan(data: Uint8Array, start: number, frame: Frame, scan: Scan, restartInterval: number): number {
  const reader = new BitReader(data, start);
  scratch.fill(0); // an earlier decode may have thrown mid-block
  const comps = scan.components;
  let eobrun = 0;
  const { ss, se, ah, al } = scan;

  const decodeBlock = (comp: Component, row: number, col: number): void => {
    if (!frame.progressive) {
      baselineBlockToPlane(reader, comp, row, col);
      return;
    }
    const coefs = comp.coefs as Int16Array;
    const at = (row * comp.blocksPerLine + col) * 64;
    if (ss === 0) {
      if (ah === 0) {
        const t = reader.decode(comp.dcTable as HuffmanTable);
        comp.pred += t === 0 ? 0 : reader.receiveExtend(t);
        coefs[at] = comp.pred * (1 << al);
      } else if (reader.bit()) {
        coefs[at] |= 1 << al;
      }
    } else if (ah === 0) {
      eobrun = acFirst(reader, comp, coefs, at, ss, se, al, eobrun);
    } else {
      eobrun = acRefine(reader, comp, coefs, at, ss, se, al, eobrun);
    }
  };

  const single = comps.length === 1;
  if (!frame.progressive && !single && restartInterval === 0) {
    baselineInterleaved(reader, frame, comps);
    return reader.endOfScan();
  }
  const mcusPerLine = single ? comps[0].usedBlocksPerLine : frame.mcusPerLine;
  const mcusTotal = single ? mcusPerLine * comps[0].usedBlocksPerColumn : mcusPerLine * frame.mcusPerColumn;
  let nextRestart = 0;
  for (let mcu = 0; mcu < mcusTotal; mcu++) {
    if (restartInterval > 0 && mcu > 0 && mcu % restartInterval === 0) {
      reader.restart(nextRestart);
      nextRestart = (nextRestart + 1) & 7;
      eobrun = 0;
      for (const comp of comps) comp.pred = 0;
    }
    const mcuRow = (mcu / mcusPerLine) | 0;
    const mcuCol = mcu - mcuRow * mcusPerLine;
    if (single) {
      decodeBlock(comps[0], mcuRow, mcuCol);
      continue;
    }
    for (const comp of comps) {
      for (let j = 0; j < comp.v; j++) {
        for (let i = 0; i < comp.h; i++) decodeBlock(comp, mcuRow * comp.v + j, mcuCol * comp.h + i);
      }
    }
  }
  return reader.endOfScan();
}

/** The common case (one interleaved baseline scan, no restarts) without per-block closures. */
function baselineInterleaved(reader: BitReader, frame: Frame, comps: Component[]): void {
  const mcusPerLine = frame.mcusPerLine;
  const mcusPerColumn = frame.mcusPerColumn;
  const count = comps.length;
  for (let mcuRow = 0; mcuRow < mcusPerColumn; mcuRow++) {
    for (let mcuCol = 0; mcuCol < mcusPerLine; mcuCol++) {
      for (let c = 0; c < count; c++) {
        const comp = comps[c];
        const h = comp.h;
        const v = comp.v;
        for (let j = 0; j < v; j++) {
          for (let i = 0; i < h; i++) baselineBlockToPlane(reader, comp, mcuRow * v + j, mcuCol * h + i);
        }
      }
    }
  }
}

function baselineBlockToPlane(reader: BitReader, comp: Component, row: number, col: number): void {
  const coefs = scratch;
  const last = baselineBlock(reader, comp, coefs);
  if (last === 0 && comp.blockSize === 8) {
    // DC only (common in chroma): the block is flat.
    const value = coefs[0] * (comp.multipliers as Float32Array)[0] + 128;
    const plane = comp.plane;
    const stride = comp.stride;
    for (let y = 0, o = row * 8 * stride + col * 8; y < 8; y++, o += stride) {
      plane[o] = value;
      plane[o + 1] = value;
      plane[o + 2] = value;
      plane[o + 3] = value;
      plane[o + 4] = value;
      plane[o + 5] = value;
      plane[o + 6] = value;
      plane[o + 7] = value;
    }
  } else {
    storeBlock(comp, coefs, 0, row, col);
  }
  // Clear only what was written: blocks usually end (EOB) after a few coefficients.
  for (let k = 0; k <= last; k++) coefs[ZIGZAG[k]] = 0;
}

/** Runs the IDCT of one block into its place in the component's plane. */
export function storeBlock(comp: Component, coefs: Int16Array, at: number, row: number, col: number): void {
  const size = comp.blockSize;
  const mult = comp.multipliers as Float32Array;
  const outAt = row * size * comp.stride + col * size;
  if (size === 8) idct8(coefs, at, mult, comp.plane, outAt, comp.stride);
  else if (size === 4) idct4(coefs, at, mult, comp.plane, outAt, comp.stride);
  else if (size === 3) idct3(coefs, at, mult, comp.plane, outAt, comp.stride);
  else if (size === 2) idct2(coefs, at, mult, comp.plane, outAt, comp.stride);
  else if (size === 1) idct1(coefs, at, mult, comp.plane, outAt);
  else idctN(coefs, at, mult, comp.plane, outAt, comp.stride, size);
}

/** Decodes one block into `coefs` (natural order); returns the last zigzag index written. */
function baselineBlock(reader: BitReader, comp: Component, coefs: Int16Array): number {
  const t = reader.decode(comp.dcTable as HuffmanTable);
  comp.pred += t === 0 ? 0 : reader.receiveExtend(t);
  coefs[0] = comp.pred;
  const ac = comp.acTable as HuffmanTable;
  const fastAc = ac.fastAc;
  // The bit buffer lives in locals for the hot loop and goes back to the reader around calls.
  let acc = reader.acc;
  let bits = reader.bits;
  let k = 1;
  while (k < 64) {
    if (bits < 16) {
      reader.acc = acc;
      reader.bits = bits;
      reader.fill();
      acc = reader.acc;
      bits = reader.bits;
    }
    // Fast path: code and extra bits within the next LOOKUP_BITS bits.
    const fast = fastAc[(acc >>> (bits - LOOKUP_BITS)) & ((1 << LOOKUP_BITS) - 1)];
    if (fast !== 0) {
      bits -= fast & 255;
      k += (fast >> 8) & 255;
      if (k > 63) throw new JpegError("a block has more than 64 coefficients (corrupt data)");
      coefs[ZIGZAG[k]] = fast >> 16;
      k++;
      continue;
    }
    reader.acc = acc;
    reader.bits = bits;
    const rs = reader.decode(ac);
    const s = rs & 15;
    const r = rs >> 4;
    if (s === 0) {
      acc = reader.acc;
      bits = reader.bits;
      if (r < 15) break; // end of block
      k += 16;
      continue;
    }
    k += r;
    if (k > 63) throw new JpegError("a block has more than 64 coefficients (corrupt data)");
    coefs[ZIGZAG[k]] = reader.receiveExtend(s);
    acc = reader.acc;
    bits = reader.bits;
    k++;
  }
  reader.acc = acc;
  reader.bits = bits;
  // Made-up padding consumed anywhere in the block: the data ended early.
  if (bits < reader.padBits) reader.consumed();
  return k > 64 ? 63 : k - 1; // the last index written (or past it after a zero run: harmless)
}

function acFirst(reader: BitReader, comp: Component, coefs: Int16Array, at: number, ss: number, se: number, al: number, eobrun: number): number {
  if (eobrun > 0) return eobrun - 1;
  const ac = comp.acTable as HuffmanTable;
  for (let k = ss; k <= se;) {
    const rs = reader.decode(ac);
    const s = rs & 15;
    const r = rs >> 4;
    if (s === 0) {
      if (r < 15) return (1 << r) - 1 + reader.bitsRaw(r); // an end-of-band run
      k += 16;
      continue;
    }
    k += r;
    if (k > se) throw new JpegError("a progressive block overruns its spectral band (corrupt data)");
    coefs[at + ZIGZAG[k]] = reader.receiveExtend(s) * (1 << al);
    k++;
  }
  return 0;
}

/** Successive-approximation refinement of AC coefficients (JPEG Annex G.1.2.3). */
function acRefine(reader: BitReader, comp: Component, coefs: Int16Array, at: number, ss: number, se: number, al: number, eobrun: number): number {
  const p1 = 1 << al;
  const m1 = -1 << al;
  let k = ss;
  if (eobrun === 0) {
    const ac = comp.acTable as HuffmanTable;
    for (; k <= se; k++) {
      const rs = reader.decode(ac);
      let r = rs >> 4;
      const s = rs & 15;
      let value = 0;
      if (s !== 0) {
        if (s !== 1) throw new JpegError("a refinement scan has a coefficient larger than one bit (corrupt data)");
        value = reader.bit() ? p1 : m1;
      } else if (r !== 15) {
        eobrun = (1 << r) + reader.bitsRaw(r);
        break;
      }
      // Walk past r zero-history coefficients, refining the non-zero ones on the way.
      for (; k <= se; k++) {
        const z = at + ZIGZAG[k];
        if (coefs[z] !== 0) {
          if (reader.bit() && (coefs[z] & p1) === 0) coefs[z] += coefs[z] >= 0 ? p1 : m1;
        } else {
          if (r === 0) break;
          r--;
        }
      }
      if (value !== 0) {
        if (k > se) throw new JpegError("a refinement scan overruns its spectral band (corrupt data)");
        coefs[at + ZIGZAG[k]] = value;
      }
    }
  }
  if (eobrun > 0) {
    // Inside an end-of-band run: only correction bits for coefficients already non-zero.
    for (; k <= se; k++) {
      const z = at + ZIGZAG[k];
      if (coefs[z] !== 0 && reader.bit() && (coefs[z] & p1) === 0) coefs[z] += coefs[z] >= 0 ? p1 : m1;
    }
    eobrun--;
  }
  return eobrun;
}
