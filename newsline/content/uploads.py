"""Checks and cleaning for uploaded images: what the newsroom may store, and how.

An upload is judged by its content, never by its name: Pillow must recognise it as one of
the accepted formats, it must decode completely, and it must stay within the byte and pixel
limits. What is stored is a re-encoding without metadata, so a photographer's GPS position
or camera serial number never reaches readers.
"""

import io
import math
import re
import warnings
from pathlib import Path
from typing import IO, TYPE_CHECKING, NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError, features

if TYPE_CHECKING:
    from newsline.content.models import Image

MEGABYTE = 1024 * 1024
DEFAULT_MAX_UPLOAD_BYTES = 20 * MEGABYTE
DEFAULT_MAX_IMAGE_PIXELS = 40_000_000

# Pillow's format name → the extension the stored file gets.
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "AVIF": "avif"}
ACCEPTED_FORMATS = frozenset(
    name for name in EXTENSIONS if name != "AVIF" or features.check("avif")
)
ACCEPT_ATTRIBUTE = ",".join(f"image/{name.lower()}" for name in sorted(ACCEPTED_FORMATS))

# Re-encoding settings for the stored original: close to lossless to the eye.
_SAVE_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True},
    "PNG": {},
    "WEBP": {"quality": 90, "method": 4},
    "AVIF": {"quality": 90},
}


class ImageUpload(NamedTuple):
    format: str
    width: int
    height: int


def max_upload_bytes() -> int:
    """Return the largest accepted upload, in bytes."""
    return getattr(settings, "NEWSLINE_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


def max_image_pixels() -> int:
    """Return the largest accepted image, in pixels (width × height)."""
    return getattr(settings, "NEWSLINE_MAX_IMAGE_PIXELS", DEFAULT_MAX_IMAGE_PIXELS)


def validate_image_upload(file: IO[bytes]) -> ImageUpload:
    """Check that `file` is an accepted image within the limits; raise ValidationError if not."""
    size, limit = _size(file), max_upload_bytes()
    if size > limit:
        raise ValidationError(
            _(
                "The image is larger than %(limit)s MB (this file has %(size)s MB). "
                "Upload a smaller file."
            )
            % {"limit": _megabytes(limit), "size": _megabytes(size, up=True)},
            code="file_too_large",
        )
    # Pillow reads only the header here; the pixel check comes before anything is decoded.
    # Its own bomb warning is ours to judge (NEWSLINE_MAX_IMAGE_PIXELS); its error, at twice
    # its limit, is refused like any other oversized image.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with _open(file) as image:
                found = ImageUpload(_format(image), *image.size)
                # An MPO's other frames are a camera's depth map or preview, not animation.
                frames = 1 if image.format == "MPO" else getattr(image, "n_frames", 1)
    except PILImage.DecompressionBombError as error:
        match = re.search(r"\((\d+) pixels\)", str(error))
        raise _too_many_pixels(int(match.group(1)) if match else None) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("This file is not an image, or not one we can read. Upload a %(formats)s image.")
            % {"formats": _format_list()},
            code="not_an_image",
        ) from error
    if found.format not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("%(format)s images are not accepted. Upload a %(formats)s image.")
            % {"format": found.format, "formats": _format_list()},
            code="unsupported_format",
        )
    if found.width * found.height > max_image_pixels():
        raise _too_many_pixels(found.width * found.height)
    if frames > 1:
        raise ValidationError(
            _("Animated images are not accepted. Upload a still image."), code="animated"
        )
    # verify() catches broken chunks without decoding; only a full decode finds a
    # truncated JPEG. verify() leaves the image unusable, hence the second open.
    try:
        with _open(file) as image:
            image.verify()
        with _open(file) as image:
            image.load()
    except Exception as error:  # Pillow's decoders raise many types for broken data.
        raise ValidationError(
            _(
                "The image file is damaged or incomplete. "
                "Export it again from the original and upload the new file."
            ),
            code="damaged_image",
        ) from error
    finally:
        file.seek(0)
    return found


def strip_metadata(file: IO[bytes]) -> ContentFile:
    """Return `file` re-encoded in its own format, upright, without metadata but its ICC profile."""
    with _open(file) as image:
        image.load()
        format_ = _format(image)
        icc_profile = image.info.get("icc_profile")
        try:
            upright = ImageOps.exif_transpose(image)
        except Exception:  # A malformed EXIF block is discarded anyway; keep the pixels.
            upright = image.copy()
    # Encoders fall back to `info` for some metadata (JPEG comments, PNG profiles): keep only
    # what is part of the picture itself.
    upright.info = {key: upright.info[key] for key in ("transparency",) if key in upright.info}
    options = dict(_SAVE_OPTIONS[format_])
    if icc_profile:
        options["icc_profile"] = icc_profile
    if "transparency" in upright.info:
        options["transparency"] = upright.info["transparency"]
    buffer = io.BytesIO()
    upright.save(buffer, format_, **options)
    file.seek(0)
    stem = Path(getattr(file, "name", None) or "image").stem or "image"
    return ContentFile(buffer.getvalue(), name=f"{stem}.{EXTENSIONS[format_]}")


def check_image_usable(image: "Image") -> None:
    """Raise ValidationError unless `image` may appear in an article (it has alt text)."""
    if not (image.alt_text or "").strip():
        raise ValidationError(
            _(
                "The image “%(image)s” has no alternative text. Describe what it shows "
                "in the media library before using it in an article."
            )
            % {"image": Path(image.file.name or "").name or image.pk},
            code="missing_alt_text",
        )


def _open(file: IO[bytes]) -> PILImage.Image:
    file.seek(0)
    return PILImage.open(file, formats=None)


def _format(image: PILImage.Image) -> str:
    # Many phones and cameras write MPO: a JPEG followed by more JPEGs (a depth map, a
    # preview). Browsers show the first, as we store it.
    return "JPEG" if image.format == "MPO" else image.format


def _size(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if size is None:
        size = file.seek(0, io.SEEK_END)
        file.seek(0)
    return size


def _too_many_pixels(pixels: int | None) -> ValidationError:
    limit = _millions(max_image_pixels())
    if pixels is None:
        message = _(
            "The image has more than %(limit)s million pixels, the limit; upload a smaller image."
        ) % {"limit": limit}
    else:
        message = _(
            "The image has %(pixels)s million pixels; the limit is %(limit)s million. "
            "Upload a smaller image."
        ) % {"pixels": _millions(pixels, up=True), "limit": limit}
    return ValidationError(message, code="too_many_pixels")


def _format_list() -> str:
    names = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "AVIF": "AVIF"}
    found = [names[name] for name in EXTENSIONS if name in ACCEPTED_FORMATS]
    return _("%(formats)s or %(last)s") % {"formats": ", ".join(found[:-1]), "last": found[-1]}


def _megabytes(size: int, *, up: bool = False) -> str:
    return _decimal(size / MEGABYTE, up=up)


def _millions(pixels: int, *, up: bool = False) -> str:
    return _decimal(pixels / 1_000_000, up=up)


def _decimal(value: float, *, up: bool) -> str:
    """Format `value` with one decimal at most; `up` rounds so it never shows at the limit."""
    value = math.ceil(value * 10) / 10 if up else round(value, 1)
    return number_format(value, decimal_pos=0 if value == int(value) else 1)
