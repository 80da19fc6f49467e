"""Image renditions: fixed widths in WebP, so phones never download the original."""

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PILImage
from PIL import ImageOps

RENDITION_WIDTHS = (160, 480, 960, 1200)


def make_renditions(image) -> dict[str, str]:
    """Write the image's renditions to storage and record them, and its size, on the image."""
    with image.file.open("rb") as f, PILImage.open(f) as original:
        original = ImageOps.exif_transpose(original).convert("RGB")
        image.width, image.height = original.size
        renditions = {}
        for width in RENDITION_WIDTHS:
            if width > original.width and renditions:
                break
            copy = original.copy()
            copy.thumbnail((width, width * 4))
            buffer = io.BytesIO()
            copy.save(buffer, "WEBP", quality=80, method=4)
            name = default_storage.save(
                f"renditions/{image.pk}/{width}.webp", ContentFile(buffer.getvalue())
            )
            renditions[str(width)] = name
    image.renditions = renditions
    image.save(update_fields=["renditions", "width", "height"])
    return renditions


def rendition_url(image, width: int) -> str:
    """URL of the narrowest rendition at least `width` wide, else the widest, else the file."""
    if not image.renditions:
        return image.file.url
    widths = sorted(int(w) for w in image.renditions)
    chosen = next((w for w in widths if w >= width), widths[-1])
    return default_storage.url(image.renditions[str(chosen)])


def srcset(image) -> str:
    return ", ".join(
        f"{default_storage.url(name)} {width}w"
        for width, name in sorted(image.renditions.items(), key=lambda item: int(item[0]))
    )
