/**
 * The whole-number fast path of resizeBitmap must be a pure speed-up: byte for byte what jimp's
 * resize (area averaging) gives for the same reduction of an opaque image; images with any
 * transparency (jimp weights colours by alpha) must keep going through jimp.
 */
import { methods as resizeMethods } from "@jimp/plugin-resize";
import { photoLikeRgb, seededRandom } from "../../bench/synthetic";
import { boxDownscale, resizeBitmap } from "../../handlers/image/resize";

function jimpResize(data: Buffer, width: number, height: number, w: number, h: number): Buffer {
  const image = { bitmap: { data: Buffer.from(data), width, height } };
  resizeMethods.resize(image as unknown as Parameters<typeof resizeMethods.resize>[0], { w, h });
  return image.bitmap.data;
}

function rgbaImage(width: number, height: number, seed: number, translucent = false): Buffer {
  const rgb = photoLikeRgb(width, height, seed);
  const random = seededRandom(seed);
  const rgba = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    rgba[i * 4] = rgb[i * 3];
    rgba[i * 4 + 1] = rgb[i * 3 + 1];
    rgba[i * 4 + 2] = rgb[i * 3 + 2];
    rgba[i * 4 + 3] = translucent && random() < 0.5 ? Math.floor(random() * 256) : 255;
  }
  return rgba;
}

describe("boxDownscale equals jimp's resize for whole-number factors of opaque images", () => {
  it.each([
    [1024, 768, 4],
    [640, 480, 2],
    [300, 201, 3],
    [256, 256, 8],
  ])("%i x %i by %i", (width, height, factor) => {
    const data = rgbaImage(width, height, factor);
    const ours = boxDownscale({ data, width, height }, factor);
    expect([ours.width, ours.height]).toEqual([width / factor, height / factor]);
    expect(ours.data.equals(jimpResize(data, width, height, width / factor, height / factor))).toBe(true);
  });

  it("resizeBitmap gives jimp's bytes on every path: fast, unequal factors, translucent", () => {
    const opaque = rgbaImage(1024, 768, 1);
    expect(resizeBitmap({ data: opaque, width: 1024, height: 768 }, 256, 192).data.equals(jimpResize(opaque, 1024, 768, 256, 192))).toBe(true);
    // 1024 / 256 = 4 but 683 / 171 is not: jimp's general resize.
    const uneven = rgbaImage(1024, 683, 2);
    expect(resizeBitmap({ data: uneven, width: 1024, height: 683 }, 256, 171).data.equals(jimpResize(uneven, 1024, 683, 256, 171))).toBe(true);
    // Whole factor but translucent pixels: a plain mean would differ, so jimp it is.
    const translucent = rgbaImage(512, 384, 3, true);
    expect(boxDownscale({ data: translucent, width: 512, height: 384 }, 4).data.equals(jimpResize(translucent, 512, 384, 128, 96))).toBe(false);
    expect(resizeBitmap({ data: translucent, width: 512, height: 384 }, 128, 96).data.equals(jimpResize(translucent, 512, 384, 128, 96))).toBe(true);
  });
});
