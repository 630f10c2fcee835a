"""Writes the image conformance corpus: one source picture in many encodings per format, each
with Pillow's own decode as the reference (raw RGBA) and Pillow's loss against the source.

Usage: .venv/bin/python scripts/conformance_corpus.py <out-dir>   (prints nothing; writes
<out-dir>/manifest.json). Test tool only: run by __tests__/conformance, never deployed.
"""
import io
import json
import math
import struct
import sys
from pathlib import Path

from PIL import Image

W, H = 67, 45  # odd sizes: partial MCUs, padded BMP rows, partial Adam7 passes


def source() -> Image.Image:
    img = Image.new("RGBA", (W, H))
    px = img.load()
    for y in range(H):
        for x in range(W):
            r = (x * 255) // (W - 1)
            g = (y * 255) // (H - 1)
            b = ((x * 7 + y * 13) * 37) & 255 if (x // 8 + y // 8) % 2 else 128
            a = 255 if x < W // 2 else (x * 17 + y * 5) & 255
            px[x, y] = (r, g, b, a)
    return img


def rle8(img: Image.Image) -> bytes:
    """An RLE8 BMP (Pillow reads but does not write RLE): runs, absolute blocks, end of line/bitmap."""
    pal = img.convert("P", palette=Image.ADAPTIVE, colors=16)
    idx = pal.load()
    data = bytearray()
    for y in range(H - 1, -1, -1):
        row = [idx[x, y] for x in range(W)]
        x = 0
        while x < W:
            run = 1
            while x + run < W and run < 255 and row[x + run] == row[x]:
                run += 1
            if run >= 3 or W - x < 3:
                data += bytes([run, row[x]])
                x += run
            else:
                n = min(255, W - x, 8)
                n = max(n, 3) if W - x >= 3 else n
                data += bytes([0, n]) + bytes(row[x:x + n]) + (b"\0" if n % 2 else b"")
                x += n
        data += b"\0\0"
    data += b"\0\1"
    colours = pal.getpalette()[: 16 * 3]
    palette = b"".join(bytes([colours[i * 3 + 2], colours[i * 3 + 1], colours[i * 3], 0]) for i in range(16))
    offset = 14 + 40 + len(palette)
    header = b"BM" + struct.pack("<IHHI", offset + len(data), 0, 0, offset)
    info = struct.pack("<IiiHHIIiiII", 40, W, H, 1, 8, 1, len(data), 2835, 2835, 16, 0)
    return header + info + palette + bytes(data)


def encodings(img: Image.Image):
    rgb = img.convert("RGB")
    yield "png-rgb8", "png", lambda b: rgb.save(b, "PNG")
    yield "png-rgba8", "png", lambda b: img.save(b, "PNG")
    yield "png-grey8", "png", lambda b: img.convert("L").save(b, "PNG")
    yield "png-grey-alpha8", "png", lambda b: img.convert("LA").save(b, "PNG")
    yield "png-grey16", "png", lambda b: img.convert("I;16").save(b, "PNG")
    yield "png-1bit", "png", lambda b: img.convert("1").save(b, "PNG")
    yield "png-palette", "png", lambda b: rgb.convert("P", palette=Image.ADAPTIVE, colors=64).save(b, "PNG")
    yield "png-palette-trns", "png", lambda b: rgb.convert("P", palette=Image.ADAPTIVE, colors=16).save(b, "PNG", transparency=3)
    yield "png-palette-4bit", "png", lambda b: rgb.convert("P", palette=Image.ADAPTIVE, colors=16).save(b, "PNG", bits=4)
    yield "png-best-compression", "png", lambda b: img.save(b, "PNG", compress_level=9)
    yield "bmp-24", "bmp", lambda b: rgb.save(b, "BMP")
    yield "bmp-8-palette", "bmp", lambda b: rgb.convert("P", palette=Image.ADAPTIVE, colors=200).save(b, "BMP")
    yield "bmp-1", "bmp", lambda b: img.convert("1").save(b, "BMP")
    yield "bmp-rle8", "bmp", lambda b: b.write(rle8(img))
    yield "tiff-raw-rgb", "tiff", lambda b: rgb.save(b, "TIFF")
    yield "tiff-lzw-rgb", "tiff", lambda b: rgb.save(b, "TIFF", compression="tiff_lzw")
    yield "tiff-lzw-rgba", "tiff", lambda b: img.save(b, "TIFF", compression="tiff_lzw")
    yield "tiff-deflate-rgb", "tiff", lambda b: rgb.save(b, "TIFF", compression="tiff_adobe_deflate")
    yield "tiff-packbits-grey", "tiff", lambda b: img.convert("L").save(b, "TIFF", compression="packbits")
    yield "gif", "gif", lambda b: rgb.convert("P", palette=Image.ADAPTIVE, colors=128).save(b, "GIF")
    for sub, name in ((0, "444"), (1, "422"), (2, "420")):
        yield f"jpeg-{name}", "jpeg", lambda b, sub=sub: rgb.save(b, "JPEG", quality=90, subsampling=sub)
        yield f"jpeg-{name}-progressive", "jpeg", lambda b, sub=sub: rgb.save(b, "JPEG", quality=90, subsampling=sub, progressive=True)
    yield "jpeg-grey", "jpeg", lambda b: img.convert("L").save(b, "JPEG", quality=90)
    yield "jpeg-q50-restarts", "jpeg", lambda b: rgb.save(b, "JPEG", quality=50, restart_marker_blocks=4)
    yield "jpeg-cmyk", "jpeg", lambda b: rgb.convert("CMYK").save(b, "JPEG", quality=90)


def rmse(a: bytes, b: bytes) -> float:
    return math.sqrt(sum((x - y) ** 2 for x, y in zip(a, b)) / len(a))


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    img = source()
    manifest = []
    for name, fmt, write in encodings(img):
        buf = io.BytesIO()
        write(buf)
        data = buf.getvalue()
        decoded = Image.open(io.BytesIO(data))
        decoded.load()
        if decoded.mode in ("I;16", "I;16B", "I"):
            # Pillow's own 16-to-8-bit conversion clips at 255; libpng and libvips keep the high byte.
            high = decoded.point(lambda v: v / 256).convert("L") if decoded.mode == "I" else Image.frombytes("L", decoded.size, decoded.tobytes("raw", "I;16B")[0::2])
            ref = high.convert("RGBA").tobytes()
        else:
            ref = decoded.convert("RGBA").tobytes()
        # The reference's own loss: its decode against the source as the encoder saw it.
        seen = img.convert("RGB") if decoded.mode not in ("RGBA", "LA", "P") or fmt == "jpeg" else img
        if decoded.mode in ("L", "LA", "I;16", "1", "I"):
            seen = img.convert("L")
        own_loss = rmse(ref, seen.convert("RGBA").tobytes())
        (out / f"{name}.{fmt}").write_bytes(data)
        (out / f"{name}.rgba").write_bytes(ref)
        manifest.append({"name": name, "format": fmt, "file": f"{name}.{fmt}", "reference": f"{name}.rgba",
                         "width": decoded.width, "height": decoded.height, "referenceLoss": round(own_loss, 4)})
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
