/* eslint-disable security/detect-object-injection -- typed-array indexing with bounded integers */
import { ColorModel, toRgba } from "./color";
import { JpegError } from "./errors";
import { Component, Frame, ZIGZAG } from "./frame";
import { buildHuffmanTable, HuffmanTable } from "./huffman";
import { BlockSize, idctMultipliers } from "./idct";
import { decodeScan, storeBlock } from "./scan";

/**
 * Output scale in eighths, as libjpeg's scale_num/8: the image is decoded at scale/8 of its size
 * per side (8 = full size, 4 = half, 3 = three eighths...).
 */
export type JpegScale = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

const ALL_SCALES: readonly JpegScale[] = [1, 2, 3, 4, 5, 6, 7, 8];

export interface JpegDecodeOptions {
  /** Decode at scale/8 per side via reduced IDCTs. Default 8 (full size). */
  readonly scale?: JpegScale;
  /**
   * Instead of `scale`: decode at the largest reduction that keeps both sides at least this
   * large (see `scaleForMinSize`), e.g. the largest output variant. Ignored when `scale` is given.
   */
  readonly minSize?: { readonly width: number; readonly height: number };
  /** Rejects frames with more pixels than this before allocating anything. */
  readonly maxPixels?: number;
  /** Epoch ms after which decoding stops with an error (checked before each scan). */
  readonly deadline?: number;
}

export interface DecodedJpeg {
  /** Size of the decoded (possibly scaled) image. */
  readonly width: number;
  readonly height: number;
  /** Size recorded in the file. */
  readonly fullWidth: number;
  readonly fullHeight: number;
  readonly scale: JpegScale;
  /** RGBA, 4 bytes per pixel, rows top to bottom. */
  readonly data: Uint8Array;
}

/** The size an image fitted inside `box` gets (never upscaled, at least 1 px). */
export function fittedSize(width: number, height: number, box: { width: number; height: number }) {
  const ratio = Math.min(1, box.width / width, box.height / height);
  return { width: Math.max(1, Math.round(width * ratio)), height: Math.max(1, Math.round(height * ratio)) };
}

/**
 * The largest reduction (smallest scale) whose decoded size is still at least `minSize` on both
 * sides, so the final resize only ever shrinks (never upscales a too-small decode). `allowed`
 * are the scales the image's sampling permits (see `scalesFor`).
 */
export function scaleForMinSize(width: number, height: number, minSize: { width: number; height: number }, allowed: readonly JpegScale[] = ALL_SCALES): JpegScale {
  for (const scale of [...allowed].sort((a, b) => a - b)) {
    if (Math.ceil((width * scale) / 8) >= minSize.width && Math.ceil((height * scale) / 8) >= minSize.height) return scale;
  }
  return 8;
}

/** `scaleForMinSize` for the size the image gets when fitted inside `box`. */
export function scaleToCover(width: number, height: number, box: { width: number; height: number }, allowed: readonly JpegScale[] = ALL_SCALES): JpegScale {
  return scaleForMinSize(width, height, fittedSize(width, height, box), allowed);
}

/**
 * How one component decodes at `scale`: its block spans `ratio * scale` output pixels per side;
 * it decodes to as much of that as 8 allows, then upsamples by whole factors. Subsampled chroma
 * whose ideal size has no fast IDCT (6 at 3/8) decodes at half that and doubles: chroma detail
 * beyond the output's own 4:2:0-like needs is not worth a 6-point IDCT. Null: not possible.
 */
export function blockLayout(ratioX: number, ratioY: number, scale: JpegScale): { size: BlockSize; upX: number; upY: number } | null {
  const spanX = ratioX * scale;
  const spanY = ratioY * scale;
  let size = Math.min(8, Math.min(ratioX, ratioY) * scale);
  if (ratioX * ratioY > 1 && size % 2 === 0 && !FAST_SIZES.includes(size)) size /= 2;
  if (spanX % size !== 0 || spanY % size !== 0) return null;
  return { size: size as BlockSize, upX: spanX / size, upY: spanY / size };
}

/** Block sizes with a specialised IDCT (idct.ts); others use the general, slower N-point one. */
const FAST_SIZES: readonly number[] = [1, 2, 3, 4, 8];

/** Scales a frame can be decoded at (4:2:0 allows 1, 2, 3, 4 and 8 eighths; 4:4:4 all). */
export function scalesFor(components: readonly { h: number; v: number }[]): JpegScale[] {
  const maxH = Math.max(...components.map((c) => c.h));
  const maxV = Math.max(...components.map((c) => c.v));
  return ALL_SCALES.filter((scale) => components.every((c) => blockLayout(maxH / c.h, maxV / c.v, scale) !== null));
}

const readU16 = (data: Uint8Array, at: number): number => (data[at] << 8) | data[at + 1];

/**
 * Every scan walks all blocks of its components, so a crafted progressive file with thousands of
 * tiny scans costs thousands of passes (libjpeg-turbo caps scans for the same reason). Encoders
 * write about 10; 100 leaves room for any real file.
 */
export const MAX_SCANS = 100;

interface ParseState {
  frame: Frame | null;
  readonly quant: (Uint16Array | null)[];
  readonly dc: (HuffmanTable | null)[];
  readonly ac: (HuffmanTable | null)[];
  restartInterval: number;
  adobeTransform: number | null;
  jfif: boolean;
}

/** Decodes a baseline or progressive JPEG to RGBA, optionally downscaled in the DCT domain. */
export function decodeJpeg(input: Uint8Array, options: JpegDecodeOptions = {}): DecodedJpeg {
  const data = input;
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) throw new JpegError("missing the start-of-image marker");
  const state: ParseState = {
    frame: null,
    quant: [null, null, null, null],
    dc: [null, null, null, null],
    ac: [null, null, null, null],
    restartInterval: 0,
    adobeTransform: null,
    jfif: false,
  };
  let scale: JpegScale = 8;
  let pos = 2;
  let scans = 0;
  for (;;) {
    if (pos + 1 >= data.length) throw new JpegError("the file ends before the end-of-image marker (truncated)");
    if (data[pos] !== 0xff) throw new JpegError(`expected a marker at byte ${pos}`);
    const marker = data[pos + 1];
    pos += 2;
    if (marker === 0xff) {
      pos--; // fill byte before a marker
      continue;
    }
    if (marker === 0xd9) break; // EOI
    if (marker >= 0xd0 && marker <= 0xd7) continue; // stray RSTn between scans: nothing to read
    if (pos + 1 >= data.length) throw new JpegError("the file ends inside a marker segment (truncated)");
    const length = readU16(data, pos);
    const end = pos + length;
    const name = `0xFF${marker.toString(16).toUpperCase()}`;
    if (length < 2) throw new JpegError(`marker segment ${name} has an invalid length`);
    if (end > data.length) throw new JpegError(`the file ends inside marker segment ${name} (truncated)`);
    const body = pos + 2;
    switch (marker) {
      case 0xdb:
        readQuantTables(data, body, end, state);
        break;
      case 0xc4:
        readHuffmanTables(data, body, end, state);
        break;
      case 0xdd:
        if (length !== 4) throw new JpegError("the restart-interval segment must be 4 bytes long");
        state.restartInterval = readU16(data, body);
        break;
      case 0xc0:
      case 0xc1:
      case 0xc2: {
        if (state.frame) throw new JpegError("the file has more than one frame header");
        const header = readFrameHeader(data, body, end, marker === 0xc2);
        if (options.maxPixels !== undefined && header.width * header.height > options.maxPixels) {
          throw new JpegError(`the image has ${header.width * header.height} pixels, more than the ${options.maxPixels} allowed`);
        }
        checkSampling(header);
        const allowed = scalesFor(header.components);
        scale = options.scale ?? (options.minSize ? scaleForMinSize(header.width, header.height, options.minSize, allowed) : 8);
        if (!allowed.includes(scale)) throw new JpegError(`this image's chroma sampling cannot be decoded at ${scale}/8 (possible: ${allowed.join(", ")} eighths)`);
        state.frame = buildFrame(header, scale);
        break;
      }
      case 0xda: {
        const frame = state.frame;
        if (!frame) throw new JpegError("a scan starts before the frame header");
        if (scans >= MAX_SCANS) throw new JpegError(`the file has more than ${MAX_SCANS} scans (a real JPEG has about 10)`);
        if (options.deadline !== undefined && Date.now() > options.deadline) throw new JpegError(`decoding ran past its time budget after ${scans} scans`);
        const scan = readScanHeader(data, body, end, frame, state);
        pos = decodeScan(data, end, frame, scan, state.restartInterval);
        scans++;
        continue;
      }
      case 0xe0:
        if (length >= 7 && data[body] === 0x4a && data[body + 1] === 0x46 && data[body + 2] === 0x49 && data[body + 3] === 0x46) state.jfif = true;
        break;
      case 0xee:
        // Adobe APP14: "Adobe", version, flags0, flags1, transform (0 = none, 1 = YCbCr, 2 = YCCK).
        if (length >= 14 && String.fromCharCode(...data.subarray(body, body + 5)) === "Adobe") state.adobeTransform = data[body + 11];
        break;
      case 0xc3:
      case 0xc5:
      case 0xc6:
      case 0xc7:
      case 0xc9:
      case 0xca:
      case 0xcb:
      case 0xcd:
      case 0xce:
      case 0xcf:
        throw new JpegError("lossless, hierarchical and arithmetic-coded JPEGs are not supported");
      default:
        break; // APPn, COM and others carry nothing the decode needs
    }
    pos = end;
  }
  const frame = state.frame;
  if (!frame || scans === 0) throw new JpegError("the file has no image data");
  if (frame.progressive) {
    for (const comp of frame.components) finishProgressive(comp, state);
  }
  return {
    width: frame.outWidth,
    height: frame.outHeight,
    fullWidth: frame.width,
    fullHeight: frame.height,
    scale,
    data: toRgba(frame, colorModel(frame, state)),
  };
}

function readQuantTables(data: Uint8Array, at: number, end: number, state: ParseState): void {
  while (at < end) {
    const precision = data[at] >> 4;
    const id = data[at] & 15;
    if (id > 3 || precision > 1) throw new JpegError("a quantization table has an invalid id or precision");
    at++;
    const size = precision ? 128 : 64;
    if (at + size > end) throw new JpegError("a quantization table is cut short");
    const table = new Uint16Array(64);
    for (let k = 0; k < 64; k++) table[ZIGZAG[k]] = precision ? readU16(data, at + 2 * k) : data[at + k];
    state.quant[id] = table;
    at += size;
  }
}

function readHuffmanTables(data: Uint8Array, at: number, end: number, state: ParseState): void {
  while (at < end) {
    const cls = data[at] >> 4;
    const id = data[at] & 15;
    if (cls > 1 || id > 3) throw new JpegError("a Huffman table has an invalid class or id");
    if (at + 17 > end) throw new JpegError("a Huffman table is cut short");
    const counts = data.subarray(at + 1, at + 17);
    let total = 0;
    for (const count of counts) total += count;
    if (total > 256 || at + 17 + total > end) throw new JpegError("a Huffman table is cut short or too large");
    const table = buildHuffmanTable(counts, data.slice(at + 17, at + 17 + total));
    (cls === 0 ? state.dc : state.ac)[id] = table;
    at += 17 + total;
  }
}

interface FrameHeader {
  readonly progressive: boolean;
  readonly width: number;
  readonly height: number;
  readonly components: { id: number; h: number; v: number; quantId: number }[];
}

function readFrameHeader(data: Uint8Array, at: number, end: number, progressive: boolean): FrameHeader {
  if (end - at < 6) throw new JpegError("the frame header is cut short");
  if (data[at] !== 8) throw new JpegError(`${data[at]}-bit samples are not supported (only 8-bit)`);
  const height = readU16(data, at + 1);
  const width = readU16(data, at + 3);
  const count = data[at + 5];
  if (width === 0 || height === 0) throw new JpegError("the image has no width or height");
  if (count !== 1 && count !== 3 && count !== 4) throw new JpegError(`${count} colour components are not supported`);
  if (end - at < 6 + count * 3) throw new JpegError("the frame header is cut short");
  const components = [];
  for (let i = 0, p = at + 6; i < count; i++, p += 3) {
    const h = data[p + 1] >> 4;
    const v = data[p + 1] & 15;
    if (h < 1 || h > 4 || v < 1 || v > 4) throw new JpegError("a component has invalid sampling factors");
    if (data[p + 2] > 3) throw new JpegError("a component names an invalid quantization table");
    components.push({ id: data[p], h, v, quantId: data[p + 2] });
  }
  return { progressive, width, height, components };
}

function checkSampling(header: FrameHeader): void {
  const maxH = Math.max(...header.components.map((c) => c.h));
  const maxV = Math.max(...header.components.map((c) => c.v));
  for (const c of header.components) {
    if (![1, 2, 4].includes(maxH / c.h) || ![1, 2, 4].includes(maxV / c.v)) {
      throw new JpegError(`sampling factors ${c.h}x${c.v} of ${maxH}x${maxV} are not supported (only 1:1, 1:2 and 1:4 ratios)`);
    }
  }
}

/**
 * Lays out components at the chosen scale. A subsampled component's block covers more output
 * pixels, so it is decoded to a larger block (up to 8x8) rather than upsampled afterwards: at
 * 4/8, 4:2:0 chroma decodes at full 8x8 and needs no upsampling at all.
 */
function buildFrame(header: FrameHeader, scale: JpegScale): Frame {
  const maxH = Math.max(...header.components.map((c) => c.h));
  const maxV = Math.max(...header.components.map((c) => c.v));
  const mcusPerLine = Math.ceil(header.width / (8 * maxH));
  const mcusPerColumn = Math.ceil(header.height / (8 * maxV));
  const components: Component[] = header.components.map((c) => {
    const layout = blockLayout(maxH / c.h, maxV / c.v, scale);
    if (!layout) throw new JpegError(`this image's chroma sampling cannot be decoded at ${scale}/8`);
    const size = layout.size;
    const blocksPerLine = mcusPerLine * c.h;
    const blocksPerColumn = mcusPerColumn * c.v;
    return {
      ...c,
      blocksPerLine,
      blocksPerColumn,
      usedBlocksPerLine: Math.ceil(Math.ceil((header.width * c.h) / maxH) / 8),
      usedBlocksPerColumn: Math.ceil(Math.ceil((header.height * c.v) / maxV) / 8),
      blockSize: size,
      upX: layout.upX,
      upY: layout.upY,
      plane: new Uint8ClampedArray(0),
      stride: blocksPerLine * size,
      coefs: header.progressive ? new Int16Array(blocksPerLine * blocksPerColumn * 64) : null,
      multipliers: null,
      dcTable: null,
      acTable: null,
      pred: 0,
    };
  });
  return {
    progressive: header.progressive,
    width: header.width,
    height: header.height,
    outWidth: Math.ceil((header.width * scale) / 8),
    outHeight: Math.ceil((header.height * scale) / 8),
    maxH,
    maxV,
    mcusPerLine,
    mcusPerColumn,
    components,
  };
}

function readScanHeader(data: Uint8Array, at: number, end: number, frame: Frame, state: ParseState) {
  const count = data[at];
  if (count < 1 || count > 4 || end - at < 4 + count * 2) throw new JpegError("a scan header is invalid");
  const components: Component[] = [];
  for (let i = 0, p = at + 1; i < count; i++, p += 2) {
    const comp = frame.components.find((c) => c.id === data[p]);
    if (!comp) throw new JpegError(`a scan refers to component ${data[p]}, which the frame does not have`);
    const dc = state.dc[data[p + 1] >> 4] ?? null;
    const ac = state.ac[data[p + 1] & 15] ?? null;
    comp.dcTable = dc;
    comp.acTable = ac;
    comp.pred = 0;
    components.push(comp);
  }
  const p = at + 1 + count * 2;
  const scan = { components, ss: data[p], se: data[p + 1], ah: data[p + 2] >> 4, al: data[p + 2] & 15 };
  const dcScan = scan.ss === 0;
  const needsDc = !frame.progressive || (dcScan && scan.ah === 0);
  const needsAc = !frame.progressive || !dcScan;
  if (frame.progressive) {
    if (scan.se > 63 || scan.ss > scan.se || (dcScan && scan.se !== 0) || (!dcScan && count !== 1) || scan.al > 13) {
      throw new JpegError("a progressive scan has invalid spectral or approximation parameters");
    }
  }
  for (const comp of components) {
    if ((needsDc && !comp.dcTable) || (needsAc && !comp.acTable)) throw new JpegError("a scan uses a Huffman table that was never defined");
    if (!frame.progressive && !comp.multipliers) prepareOutput(comp, state);
  }
  return scan;
}

/** Sets the IDCT factors and allocates the component's plane (once the quant table is known). */
function prepareOutput(comp: Component, state: ParseState): void {
  const quant = state.quant[comp.quantId];
  if (!quant) throw new JpegError(`component ${comp.id} uses quantization table ${comp.quantId}, which was never defined`);
  comp.multipliers = idctMultipliers(quant, comp.blockSize);
  comp.plane = new Uint8ClampedArray(comp.stride * comp.blocksPerColumn * comp.blockSize);
}

function finishProgressive(comp: Component, state: ParseState): void {
  prepareOutput(comp, state);
  const coefs = comp.coefs as Int16Array;
  for (let row = 0; row < comp.blocksPerColumn; row++) {
    for (let col = 0; col < comp.blocksPerLine; col++) storeBlock(comp, coefs, (row * comp.blocksPerLine + col) * 64, row, col);
  }
  comp.coefs = null; // release the coefficients before the RGBA buffer is allocated
}

function colorModel(frame: Frame, state: ParseState): ColorModel {
  const comps = frame.components;
  if (comps.length === 1) return "gray";
  if (comps.length === 4) return state.adobeTransform === 2 ? "ycck" : "cmyk";
  if (state.adobeTransform === 0) return "rgb";
  if (state.adobeTransform === null && !state.jfif && comps[0].id === 0x52 && comps[1].id === 0x47 && comps[2].id === 0x42) return "rgb";
  return "ycbcr";
}
