/** Property-based tests (fast-check) for the pure parts: key decoding, size math, orientation (output keys: output-keys.test.ts). */
import fc from "fast-check";
import { fitInside } from "../../handlers/image/geometry";
import { applyOrientation } from "../../handlers/image/orient";
import { decodeEventKey } from "../../handlers/keys";

/** How S3 encodes a key in an event notification: form encoding, spaces as `+`. */
const s3EventEncode = (key: string) => encodeURIComponent(key).replace(/%20/g, "+");

describe("decodeEventKey", () => {
  it("inverts S3's event encoding for every Unicode key", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }), (key) => decodeEventKey(s3EventEncode(key)) === key));
  });

  it("turns + into a space and %2B into a plus", () => {
    expect(decodeEventKey("uploads/my+cat%2B1.png")).toBe("uploads/my cat+1.png");
    expect(decodeEventKey("uploads/%E7%8C%AB+%F0%9F%90%88.jpg")).toBe("uploads/猫 🐈.jpg");
  });

  it("returns undefined (never throws) for malformed encodings", () => {
    expect(decodeEventKey("uploads/%zz.png")).toBeUndefined();
    expect(decodeEventKey("uploads/%E7%8C.png")).toBeUndefined(); // truncated UTF-8
    fc.assert(
      fc.property(fc.string(), (raw) => {
        const decoded = decodeEventKey(raw);
        return decoded === undefined || typeof decoded === "string";
      }),
    );
  });
});

describe("fitInside", () => {
  const dimension = fc.integer({ min: 1, max: 70_000 });
  const box = fc.integer({ min: 1, max: 10_000 });

  it("fits the box, never upscales, keeps at least one pixel and the aspect ratio", () => {
    fc.assert(
      fc.property(dimension, dimension, box, box, (width, height, maxWidth, maxHeight) => {
        const out = fitInside({ width, height }, maxWidth, maxHeight);
        const inBox = out.width <= maxWidth && out.height <= maxHeight;
        const noUpscale = out.width <= width && out.height <= height;
        const positive = out.width >= 1 && out.height >= 1;
        // Rounding to whole pixels moves each side by at most half a pixel (plus the 1-pixel floor).
        const scale = Math.min(1, maxWidth / width, maxHeight / height);
        const ratioKept = Math.abs(out.width - width * scale) <= 1 && Math.abs(out.height - height * scale) <= 1;
        // And one side touches the box, unless the image already fitted.
        const tight = scale === 1 ? out.width === width && out.height === height : out.width === maxWidth || out.height === maxHeight;
        return inBox && noUpscale && positive && ratioKept && tight;
      }),
    );
  });

  it("is monotonic: a smaller box never gives a larger image (so each variant can come from the previous)", () => {
    fc.assert(
      fc.property(dimension, dimension, box, box, fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 5000 }), (w, h, bw, bh, dw, dh) => {
        const big = fitInside({ width: w, height: h }, bw + dw, bh + dh);
        const small = fitInside({ width: w, height: h }, bw, bh);
        return small.width <= big.width && small.height <= big.height;
      }),
    );
  });

  it("gives the familiar answers", () => {
    expect(fitInside({ width: 4000, height: 3000 }, 1024, 1024)).toEqual({ width: 1024, height: 768 });
    expect(fitInside({ width: 3000, height: 4000 }, 256, 256)).toEqual({ width: 192, height: 256 });
    expect(fitInside({ width: 100, height: 50 }, 1024, 1024)).toEqual({ width: 100, height: 50 });
    expect(fitInside({ width: 10000, height: 1 }, 256, 256)).toEqual({ width: 256, height: 1 });
  });
});

describe("applyOrientation", () => {
  const bitmap = fc
    .record({ width: fc.integer({ min: 1, max: 7 }), height: fc.integer({ min: 1, max: 7 }) })
    .chain(({ width, height }) => fc.uint8Array({ minLength: width * height * 4, maxLength: width * height * 4 }).map((bytes) => ({ width, height, data: Buffer.from(bytes) })));
  // Inverse pairs from the EXIF table: mirrors, 180 and the transposes undo themselves; 6 and 8 undo each other.
  const inverse: Record<number, number> = { 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 8, 7: 7, 8: 6 };

  it("each orientation followed by its inverse gives back the original pixels", () => {
    fc.assert(
      fc.property(bitmap, fc.integer({ min: 1, max: 8 }), (source, orientation) => {
        const there = applyOrientation(source, orientation);
        const back = applyOrientation(there, inverse[orientation]);
        return back.width === source.width && back.height === source.height && back.data.equals(source.data);
      }),
    );
  });

  it("rotates 90 degrees clockwise for orientation 6 (a 2x1 image becomes 1x2, left pixel on top)", () => {
    const left = [1, 2, 3, 4];
    const right = [5, 6, 7, 8];
    const out = applyOrientation({ width: 2, height: 1, data: Buffer.from([...left, ...right]) }, 6);
    // A clockwise quarter turn makes the stored top row the right-hand column, read top-down.
    expect([out.width, out.height, ...out.data]).toEqual([1, 2, ...left, ...right]);
  });
});
