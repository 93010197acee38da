"""PNG images drawn with Pillow: avatars, template thumbnails, post photos and AI images.

Every image is a pure function of its ``GeneratedImage`` description, so the store keeps only
the description and the bytes are drawn again on demand (and cached).
"""

from __future__ import annotations

import functools
import hashlib
import io
import random

from PIL import Image, ImageDraw, ImageFont

from .store import GeneratedImage

STYLES = ("avatar", "template", "photo", "ai")


def render_png(image: GeneratedImage) -> bytes:
    """Draw the described image and return it PNG-encoded."""
    return _render_png_cached(image)


@functools.lru_cache(maxsize=64)
def _render_png_cached(image: GeneratedImage) -> bytes:
    rng = random.Random(hashlib.sha256(image.text.encode("utf-8")).digest())
    draw = _draw_avatar if image.style == "avatar" else _draw_scene
    picture = draw(image, rng)

    buffer = io.BytesIO()
    # Fast compression: these are test and demo images, drawn again whenever the cache misses.
    picture.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def _random_color(rng: random.Random) -> tuple[int, int, int]:
    return (rng.randrange(40, 220), rng.randrange(40, 220), rng.randrange(40, 220))


def _draw_avatar(image: GeneratedImage, rng: random.Random) -> Image.Image:
    picture = Image.new("RGB", (image.width, image.height), _random_color(rng))
    draw = ImageDraw.Draw(picture)
    initials = avatar_initials(image.text)
    font = ImageFont.load_default(size=max(10, image.height // 2))
    draw.text((image.width / 2, image.height / 2), initials, fill="white", font=font, anchor="mm")
    return picture


def avatar_initials(text: str) -> str:
    """Return the first letter or digit of the first two words of ``text``, in capitals.

    Signs are skipped, so the handle "@beanthere" gives "B". Without any letter, "?".
    """
    firsts = (next((c for c in word if c.isalnum()), "") for word in text.split()[:2])
    return "".join(firsts).upper() or "?"


def _draw_scene(image: GeneratedImage, rng: random.Random) -> Image.Image:
    """Draw a two-colour gradient with a few shapes and a caption strip naming the image."""
    start, end = _random_color(rng), _random_color(rng)
    gradient = Image.linear_gradient("L").resize((image.width, image.height))
    picture = Image.composite(
        Image.new("RGB", gradient.size, end), Image.new("RGB", gradient.size, start), gradient
    )

    draw = ImageDraw.Draw(picture)
    for _ in range(rng.randrange(3, 8)):
        x = rng.randrange(image.width)
        y = rng.randrange(image.height)
        radius = rng.randrange(image.width // 12, image.width // 4)
        box = (x - radius, y - radius, x + radius, y + radius)
        if rng.random() < 0.5:
            draw.ellipse(box, fill=_random_color(rng))
        else:
            draw.rectangle(box, fill=_random_color(rng))

    label = "SANDBOX AI IMAGE" if image.style == "ai" else image.text[:40]
    font = ImageFont.load_default(size=max(10, image.height // 20))
    strip_height = image.height // 8
    draw.rectangle((0, image.height - strip_height, image.width, image.height), fill="black")
    draw.text(
        (image.width / 2, image.height - strip_height / 2),
        label,
        fill="white",
        font=font,
        anchor="mm",
    )
    return picture
