/* eslint-disable security/detect-object-injection -- typed-array indexing with bounded integers */
import { ImageRejection } from "./errors";

/**
 * A strict GIF LZW check (LSB-first codes, no early change, deferred Clear allowed) run over the
 * first frame before omggif decodes it. omggif's decoder chases table entries until it reaches a
 * literal; a code past the next free entry makes an entry point at a later one, and the chase
 * can cycle for ever. This check cannot loop (each step consumes at least one code of the data)
 * and refuses such codes, so every stream omggif receives builds a table whose entries point
 * only at earlier ones.
 */

function corrupt(detail: string): ImageRejection {
  return new ImageRejection("Corrupt", `The GIF file is damaged: ${detail}.`);
}

/**
 * `data` starts at the frame's LZW minimum code size byte; the frame must decode to exactly
 * `pixels` indices (omggif would leave missing ones as index 0: made-up pixels).
 */
export function checkGifLzw(data: Buffer, pixels: number): void {
  const minCodeSize = data[0];
  if (minCodeSize === undefined || minCodeSize < 1 || minCodeSize > 8) throw corrupt(`its LZW code size ${String(minCodeSize)} is outside 1-8`);
  const clear = 1 << minCodeSize;
  const end = clear + 1;
  let size = minCodeSize + 1;
  let next = end + 1;
  let previous = -1;
  let p = 1;
  let block = data[p++] ?? 0;
  let bits = 0;
  let held = 0;
  let output = 0;
  const lengths = new Uint16Array(4096).fill(1, 0, clear);
  const finish = () => {
    if (output !== pixels) throw corrupt(`its first frame's image data holds ${output} pixels, but the frame has ${pixels}`);
  };
  for (;;) {
    while (held < size && block > 0) {
      if (p >= data.length) throw corrupt("its image data is truncated");
      bits |= data[p++] << held;
      held += 8;
      block--;
      if (block === 0) block = data[p++] ?? 0;
    }
    if (held < size) return finish(); // out of data without an end code: allowed if complete
    const code = bits & ((1 << size) - 1);
    bits >>>= size;
    held -= size;
    if (code === clear) {
      size = minCodeSize + 1;
      next = end + 1;
      previous = -1;
      continue;
    }
    if (code === end) return finish();
    if (code > next || (code === next && previous < 0)) throw corrupt(`its LZW data uses code ${code} before it is defined`);
    output += code === next ? lengths[previous] + 1 : lengths[code];
    if (output > pixels) throw corrupt(`its first frame's image data holds more than the frame's ${pixels} pixels`);
    if (previous >= 0 && next < 4096) {
      lengths[next] = lengths[previous] + 1;
      next++;
      if (next >= 1 << size && size < 12) size++;
    }
    previous = code;
  }
}
