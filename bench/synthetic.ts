/**
 * Deterministic photo-like test images: smooth gradients and waves (sky, shading), a few
 * hard-edged shapes (objects), fine texture and sensor-like noise from a seeded PRNG. Encoded as
 * JPEG this compresses about like a camera photo, unlike flat colour or pure noise, so decode
 * times and file sizes are representative. The same seed always gives the same bytes.
 */

/** mulberry32: a tiny, well-distributed 32-bit PRNG; enough for test images. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An RGB (3 bytes per pixel) photo-like image of the given size. */
export function photoLikeRgb(width: number, height: number, seed = 1): Buffer {
  const random = seededRandom(seed);
  const out = Buffer.allocUnsafe(width * height * 3);
  // Waves scaled to the image so every size has the same look.
  const fx = (2 * Math.PI) / width;
  const fy = (2 * Math.PI) / height;
  const phase = [0, 2.1, 4.2].map((p) => p + random());
  const colX = new Float32Array(width * 3);
  const rowY = new Float32Array(height * 3);
  for (let c = 0; c < 3; c++) {
    for (let x = 0; x < width; x++) colX[x * 3 + c] = 45 * Math.sin(1.5 * fx * x + phase[c]) + 12 * Math.sin(41 * fx * x + c);
    for (let y = 0; y < height; y++) rowY[y * 3 + c] = 40 * Math.cos(1.2 * fy * y - phase[c]) + 10 * Math.cos(37 * fy * y);
  }
  // A few discs with hard edges and their own colour.
  const discs = Array.from({ length: 6 }, () => ({
    cx: random() * width,
    cy: random() * height,
    r: (0.05 + 0.12 * random()) * Math.min(width, height),
    color: [random() * 255, random() * 255, random() * 255],
  }));
  // Noise from a small pre-drawn table indexed pseudo-randomly: as varied as per-pixel draws for
  // a codec, and a 24 MP image still generates in about a second.
  const noise = new Float32Array(65536);
  for (let i = 0; i < noise.length; i++) noise[i] = (random() + random() + random() - 1.5) * 16;
  let o = 0;
  let n = (random() * 65536) | 0;
  for (let y = 0; y < height; y++) {
    const inside = discs.filter((d) => Math.abs(y - d.cy) < d.r);
    for (let x = 0; x < width; x++) {
      let disc: (typeof discs)[number] | undefined;
      for (const d of inside) if ((x - d.cx) ** 2 + (y - d.cy) ** 2 < d.r * d.r) disc = d;
      for (let c = 0; c < 3; c++) {
        n = (n * 1103515245 + 12345) & 0xffff;
        const base = disc ? disc.color[c] + 0.3 * colX[x * 3 + c] : 128 + colX[x * 3 + c] + rowY[y * 3 + c];
        const v = base + noise[n];
        out[o++] = v < 0 ? 0 : v > 255 ? 255 : v;
      }
    }
  }
  return out;
}
