#!/usr/bin/env python3
"""Draw the images of examples/signed/: handwritten-looking signatures (dark blue ink on a
transparent ground) and round red seals, as small PNGs with a 300-dpi pHYs chunk.
Deterministic; only the Python standard library. Run from the repository root."""
import math
import random
import struct
import zlib

OUT = "examples/signed/images"


def png(path, width, height, pixels, dpi=300):
    """pixels: list of rows of (r, g, b, a)."""
    raw = b"".join(b"\x00" + bytes(v for px in row for v in px) for row in pixels)
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    ppm = round(dpi / 0.0254)
    data = (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
            + chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1))
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))
    with open(path, "wb") as f:
        f.write(data)


def canvas(w, h):
    return [[(0, 0, 0, 0) for _ in range(w)] for _ in range(h)]


def dab(img, x, y, radius, colour):
    """An ink dot with a soft edge."""
    h, w = len(img), len(img[0])
    for yy in range(int(y - radius - 1), int(y + radius + 2)):
        for xx in range(int(x - radius - 1), int(x + radius + 2)):
            if 0 <= xx < w and 0 <= yy < h:
                d = math.hypot(xx - x, yy - y)
                a = max(0.0, min(1.0, radius + 0.5 - d))
                if a > 0:
                    r, g, b, old = img[yy][xx]
                    alpha = max(old, int(a * colour[3]))
                    img[yy][xx] = (colour[0], colour[1], colour[2], alpha)


def signature(name, seed, w=560, h=170):
    rng = random.Random(seed)
    img = canvas(w, h)
    ink = (25, 35, 110, 255)
    # a flowing line of loops: the look of a hand, not letters
    x, y = 20.0, h * 0.62
    t = 0.0
    loops = 6 + rng.randint(0, 4)
    steps = 2200
    for i in range(steps):
        t = i / steps
        x = 20 + t * (w - 60) + 26 * math.sin(t * loops * 2 * math.pi + seed)
        y = h * 0.55 - 38 * math.sin(t * loops * 2 * math.pi * 0.5 + seed) * math.sin(t * math.pi) \
            + 18 * math.cos(t * loops * 4 * math.pi)
        radius = 2.2 + 1.1 * math.sin(t * 9 + seed)
        dab(img, x, y, radius, ink)
    # an underline flourish
    for i in range(500):
        t = i / 500
        dab(img, 30 + t * (w - 90), h * 0.86 - 10 * math.sin(t * math.pi), 1.6, ink)
    png(f"{OUT}/{name}.png", w, h, img)


def seal(name, seed, size=240):
    rng = random.Random(seed)
    img = canvas(size, size)
    red = (200, 30, 35, 235)
    c = size / 2
    for i in range(1800):  # the ring
        a = i / 1800 * 2 * math.pi
        r = c - 12 + rng.uniform(-1.2, 1.2)
        dab(img, c + r * math.cos(a), c + r * math.sin(a), 5.0, red)
    # strokes inside, like carved characters
    for k in range(3):
        x0 = c - 45 + k * 45
        for j in range(120):
            t = j / 120
            dab(img, x0 + 8 * math.sin(t * 6 + k), c - 60 + t * 120, 4.2, red)
        for j in range(60):
            t = j / 60
            dab(img, x0 - 20 + t * 40, c - 30 + 35 * k % 70, 3.6, red)
    png(f"{OUT}/{name}.png", size, size, img)


if __name__ == "__main__":
    for i, name in enumerate(["sig-kato", "sig-yamada", "sig-park", "sig-kim", "sig-smith", "sig-thein"]):
        signature(name, i + 1)
    for i, name in enumerate(["seal-lifefunds", "seal-society"]):
        seal(name, i + 11)
