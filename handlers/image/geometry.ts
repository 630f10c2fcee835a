/** Pure size arithmetic: no pixels here, so it is cheap to test exhaustively. */

export interface Size {
  readonly width: number;
  readonly height: number;
}

/**
 * The largest size with the source's aspect ratio that fits inside `maxWidth` x `maxHeight`,
 * never larger than the source (no upscaling) and never below 1 pixel.
 */
export function fitInside(source: Size, maxWidth: number, maxHeight: number): Size {
  const scale = Math.min(1, maxWidth / source.width, maxHeight / source.height);
  if (scale === 1) return { width: source.width, height: source.height };
  return {
    width: Math.max(1, Math.min(maxWidth, Math.round(source.width * scale))),
    height: Math.max(1, Math.min(maxHeight, Math.round(source.height * scale))),
  };
}

/** EXIF orientations 5-8 turn the picture a quarter, so the displayed size swaps axes. */
export function swapsAxes(orientation: number): boolean {
  return orientation >= 5 && orientation <= 8;
}

/** The size as displayed, after the EXIF orientation is applied. */
export function orientedSize(stored: Size, orientation: number): Size {
  return swapsAxes(orientation) ? { width: stored.height, height: stored.width } : stored;
}
