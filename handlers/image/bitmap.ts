/** Decoded pixels: RGBA, 8 bits per channel, row-major, as jimp's codecs produce them. */
export interface Bitmap {
  data: Buffer;
  width: number;
  height: number;
}

/** True if any pixel is not fully opaque: such images are kept as PNG. */
export function hasTransparency(bitmap: Bitmap): boolean {
  const { data } = bitmap;
  for (let i = 3; i < data.length; i += 4) {
    if (data[i] !== 255) return true; // eslint-disable-line security/detect-object-injection -- numeric index into a Buffer
  }
  return false;
}
