"""Pillow-drawn demo images: abstract covers coloured by domain, and monogram-free logos.

The shapes are seeded by a stable key (a reference number or a slug), so the same item always
gets the same picture.
"""

import hashlib
import io
import random

from PIL import Image, ImageDraw, ImageFilter

PALETTES = [
    ((127, 29, 29), (217, 72, 15)),
    ((11, 92, 173), (32, 178, 170)),
    ((27, 122, 61), (163, 190, 60)),
    ((76, 29, 149), (190, 75, 219)),
    ((15, 76, 92), (42, 157, 143)),
    ((138, 90, 0), (244, 162, 97)),
    ((30, 41, 59), (100, 116, 139)),
    ((157, 23, 77), (244, 114, 182)),
]


def _rng(key):
    return random.Random(int(hashlib.sha256(key.encode()).hexdigest()[:16], 16))


def palette_for(name):
    return PALETTES[int(hashlib.sha256(name.encode()).hexdigest(), 16) % len(PALETTES)]


def _gradient(size, start, end):
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for x in range(width):
        t = x / max(width - 1, 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(start, end, strict=True))
        draw.line([(x, 0), (x, height)], fill=colour)
    return image


def cover_png(key, palette_name, size=(1200, 630)):
    """A cover picture: a diagonal gradient with translucent circles and a grid of city blocks."""
    rng = _rng(key)
    start, end = palette_for(palette_name)
    image = _gradient(size, start, end).convert("RGBA")
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    width, height = size
    for _ in range(rng.randint(4, 8)):
        radius = rng.randint(height // 8, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse(
            [x - radius, y - radius, x + radius, y + radius],
            fill=(255, 255, 255, rng.randint(18, 48)),
        )
    base = height - rng.randint(height // 5, height // 3)
    x = 0
    while x < width:
        block_width = rng.randint(40, 110)
        block_height = rng.randint(height // 10, height // 2)
        draw.rectangle(
            [x, base - block_height, x + block_width - 6, height], fill=(255, 255, 255, 60)
        )
        x += block_width
    for _ in range(3):
        y = rng.randint(0, height)
        draw.line([(0, y), (width, y + rng.randint(-120, 120))], fill=(255, 255, 255, 90), width=3)
    image = Image.alpha_composite(image, overlay.filter(ImageFilter.GaussianBlur(1))).convert("RGB")
    return _png_bytes(image)


def logo_png(key, size=256):
    """A logo: a coloured roundel with a simple geometric mark."""
    rng = _rng(key)
    start, end = palette_for(key)
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse([4, 4, size - 4, size - 4], fill=(*start, 255))
    inner = size // 4
    mark = rng.choice(["diamond", "bars", "ring"])
    if mark == "diamond":
        middle = size // 2
        draw.polygon(
            [(middle, inner), (size - inner, middle), (middle, size - inner), (inner, middle)],
            fill=(*end, 255),
        )
    elif mark == "bars":
        for index in range(3):
            top = inner + index * (size // 6)
            draw.rectangle([inner, top, size - inner, top + size // 12], fill=(*end, 255))
    else:
        draw.ellipse(
            [inner, inner, size - inner, size - inner], outline=(*end, 255), width=size // 14
        )
    return _png_bytes(image)


def _png_bytes(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
