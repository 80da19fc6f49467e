"""Uploads judged by content and stored without metadata; renditions made once, by a task."""

import io
import struct
import zlib
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from hypothesis import given
from hypothesis import strategies as st
from PIL import ExifTags, ImageCms, ImageFile, features
from PIL import Image as PILImage

from newsline.content.images import (
    RENDITION_WIDTHS,
    THUMBNAIL_SIZE,
    crop_box,
    enqueue_renditions,
    make_renditions,
    make_renditions_task,
    rendition_url,
    renditions_current,
    srcset,
    thumbnail_url,
)
from newsline.content.models import Image
from newsline.content.uploads import (
    ACCEPTED_FORMATS,
    ImageUpload,
    check_image_usable,
    strip_metadata,
    validate_image_upload,
)
from tests.factories import ImageFactory

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
HAS_AVIF = features.check("avif")
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def picture(size=(300, 200), colour=(200, 30, 40), mode="RGB") -> PILImage.Image:
    return PILImage.new(mode, size, colour)


def encoded(image: PILImage.Image, format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format, **options)
    return buffer.getvalue()


def upload(data: bytes, name="photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def refusal(file) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_image_upload(file)
    return caught.value


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims `width`×`height` 1-bit pixels and holds one empty row."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\0" * (1 + (width + 7) // 8))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


# --- What is accepted --------------------------------------------------------------------


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP", "AVIF"])
def test_each_accepted_format_passes_whatever_its_name(format):
    if format == "AVIF" and not HAS_AVIF:
        pytest.skip("this Pillow has no AVIF")
    # A misleading name does not matter either way: the content decides.
    found = validate_image_upload(upload(encoded(picture(), format), name="photo.gif"))
    assert found == ImageUpload(format, 300, 200)


def test_avif_is_accepted_here():
    # Pillow ≥ 11.2 wheels include libavif; the renditions below rely on it too.
    assert HAS_AVIF and "AVIF" in ACCEPTED_FORMATS


def test_a_phone_photo_in_mpo_is_a_jpeg_and_is_stored_as_one():
    data = encoded(sideways_photo(), "MPO", save_all=True, append_images=[picture()])
    assert PILImage.open(io.BytesIO(data)).format == "MPO"
    file = upload(data, name="PXL_0001.jpg")
    assert validate_image_upload(file) == ImageUpload("JPEG", 40, 20)
    with PILImage.open(strip_metadata(file)) as stored:
        assert stored.format == "JPEG" and getattr(stored, "n_frames", 1) == 1


def test_the_file_can_be_read_again_after_validation():
    file = upload(encoded(picture(), "PNG"))
    validate_image_upload(file)
    assert file.tell() == 0 and PILImage.open(file).size == (300, 200)


# --- What is refused, and what the editor is told -----------------------------------------


def test_a_text_file_named_jpg_is_not_an_image():
    error = refusal(upload(b"Dear editor, this is not a photo.\n" * 20, name="photo.jpg"))
    assert error.code == "not_an_image"
    assert error.messages == [
        "This file is not an image, or not one we can read. Upload a JPEG, PNG, WebP or AVIF image."
    ]


def test_a_truncated_jpeg_is_damaged():
    noise = PILImage.effect_noise((400, 300), 60).convert("RGB")
    data = encoded(noise, "JPEG", quality=90)
    error = refusal(upload(data[: len(data) // 2]))
    assert error.code == "damaged_image"
    assert "damaged or incomplete" in error.messages[0]


def test_a_png_with_a_broken_checksum_is_damaged():
    data = bytearray(encoded(PILImage.effect_noise((64, 64), 60), "PNG"))
    data[-20] ^= 0xFF  # inside the last IDAT chunk
    assert refusal(upload(bytes(data), name="x.png")).code == "damaged_image"


def test_a_gif_is_refused_by_type():
    error = refusal(upload(encoded(picture(mode="P", colour=3), "GIF"), name="photo.jpg"))
    assert error.code == "unsupported_format"
    assert error.messages == [
        "GIF images are not accepted. Upload a JPEG, PNG, WebP or AVIF image."
    ]


def test_an_animated_image_is_refused():
    frames = [picture(colour=(255, 0, 0)), picture(colour=(0, 0, 255))]
    data = encoded(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=100)
    assert refusal(upload(data, name="a.webp")).code == "animated"


def test_a_file_over_the_byte_limit_is_refused_before_it_is_opened():
    file = upload(b"not even an image")
    file.size = 21 * 1024 * 1024  # the default limit is 20 MB
    error = refusal(file)
    assert error.code == "file_too_large"
    assert error.messages == [
        "The image is larger than 20 MB (this file has 21 MB). Upload a smaller file."
    ]


@override_settings(NEWSLINE_MAX_UPLOAD_BYTES=10_000)
def test_the_byte_limit_is_a_setting():
    small, large = encoded(picture(), "PNG"), PILImage.effect_noise((200, 200), 60)
    validate_image_upload(upload(small, name="small.png"))
    error = refusal(upload(encoded(large, "PNG"), name="large.png"))
    assert error.code == "file_too_large" and "larger than 0" in error.messages[0]


def test_a_60_megapixel_png_is_refused_without_decoding_it(monkeypatch):
    data = encoded(PILImage.new("1", (10_000, 6_000)), "PNG")
    assert len(data) < 20_000  # tiny on disk, 180 MB as RGB in memory

    def no_decoding(self):
        raise AssertionError("the pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    error = refusal(upload(data, name="bomb.png"))
    assert error.code == "too_many_pixels"
    assert error.messages == [
        "The image has 60 million pixels; the limit is 40 million. Upload a smaller image."
    ]


def test_a_decompression_bomb_past_pillows_own_limit_is_refused_with_its_size():
    # 300 million pixels: Pillow itself refuses to open this (DecompressionBombError).
    error = refusal(upload(png_header(20_000, 15_000), name="bomb.png"))
    assert error.code == "too_many_pixels"
    assert error.messages[0].startswith("The image has 300 million pixels; the limit is 40")


@override_settings(NEWSLINE_MAX_IMAGE_PIXELS=1_500_000)
def test_the_pixel_limit_is_a_setting_and_the_count_never_rounds_down_to_it():
    error = refusal(upload(encoded(picture((1_300, 1_155)), "PNG"), name="x.png"))  # 1,501,500
    assert error.messages == [
        "The image has 1.6 million pixels; the limit is 1.5 million. Upload a smaller image."
    ]
    validate_image_upload(upload(encoded(picture((1_500, 1_000)), "PNG"), name="y.png"))


# --- What is stored -------------------------------------------------------------------------


def exif_with_gps() -> PILImage.Exif:
    exif = PILImage.Exif()
    exif[ExifTags.Base.Orientation] = 6  # the camera was turned: rotate 90° clockwise
    exif[ExifTags.Base.Make] = "Newscam"
    exif[ExifTags.Base.BodySerialNumber] = "SN-12345"
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (40.0, 24.0, 36.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (49.0, 52.0, 12.0),
    }
    return exif


def sideways_photo() -> PILImage.Image:
    """40×20, red on the left, blue on the right: upright it is 20×40, red on top."""
    image = PILImage.new("RGB", (40, 20), (220, 0, 0))
    image.paste((0, 0, 220), (20, 0, 40, 20))
    return image


XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'


def test_a_jpeg_loses_exif_gps_xmp_and_comments_and_is_turned_upright():
    data = encoded(
        sideways_photo(),
        "JPEG",
        quality=95,
        exif=exif_with_gps(),
        xmp=XMP,
        comment=b"shot from the minister's garden",
        icc_profile=SRGB,
    )
    assert PILImage.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    stored = strip_metadata(upload(data, name="DSC_0042.JPG"))

    assert stored.name == "DSC_0042.jpg"
    raw = stored.read()
    assert b"Newscam" not in raw and b"SN-12345" not in raw and b"garden" not in raw
    with PILImage.open(io.BytesIO(raw)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert not {"exif", "xmp", "comment"} & set(image.info)
        assert image.info["icc_profile"] == SRGB  # colours stay right
        assert image.size == (20, 40)
        red, blue = image.convert("RGB").getpixel((10, 5)), image.convert("RGB").getpixel((10, 35))
    assert red[0] > 180 and red[2] < 60 and blue[2] > 180 and blue[0] < 60


@pytest.mark.parametrize("format", ["PNG", "WEBP", "AVIF"])
def test_other_formats_keep_their_format_and_lose_their_metadata(format):
    if format == "AVIF" and not HAS_AVIF:
        pytest.skip("this Pillow has no AVIF")
    data = encoded(sideways_photo(), format, exif=exif_with_gps(), icc_profile=SRGB)
    stored = strip_metadata(upload(data, name="shot.bin"))
    assert stored.name == f"shot.{format.lower()}"
    with PILImage.open(stored) as image:
        assert image.format == format and image.size == (20, 40)
        assert not image.getexif() and "exif" not in image.info
        assert image.info.get("icc_profile") == SRGB


def test_png_text_chunks_go_and_palette_transparency_stays():
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Someone private")
    text.add_itxt("XML:com.adobe.xmp", XMP.decode())
    image = PILImage.new("P", (8, 8), 1)
    image.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    stored = strip_metadata(upload(encoded(image, "PNG", pnginfo=text, transparency=0)))
    raw = stored.read()
    assert b"Someone private" not in raw and b"xmpmeta" not in raw
    with PILImage.open(io.BytesIO(raw)) as clean:
        assert clean.info.get("transparency") == 0 and clean.mode == "P"


def test_an_image_is_usable_in_an_article_only_with_alt_text():
    check_image_usable(Image(alt_text="Protesters outside parliament"))
    for empty in ("", "   "):
        with pytest.raises(ValidationError) as caught:
            check_image_usable(
                Image(alt_text=empty, file="images/2024/05/crowd.jpg", width=1, height=1)
            )
        assert caught.value.code == "missing_alt_text"
        assert "“crowd.jpg” has no alternative text" in caught.value.messages[0]


# --- The focal-point crop -------------------------------------------------------------------


def test_crop_box_examples():
    assert crop_box(1200, 800, 3 / 2, 0.5, 0.5) == (0, 0, 1200, 800)
    assert crop_box(1000, 1000, 3 / 2, 0.5, 0.5) == (0, 166, 1000, 833)
    assert crop_box(1000, 1000, 3 / 2, 0.0, 0.0) == (0, 0, 1000, 667)
    assert crop_box(1000, 1000, 3 / 2, 1.0, 0.9) == (0, 333, 1000, 1000)
    assert crop_box(3000, 1000, 3 / 2, 0.9, 0.5) == (1500, 0, 3000, 1000)
    assert crop_box(3000, 1000, 3 / 2, 0.4, 0.5) == (450, 0, 1950, 1000)
    with pytest.raises(ValueError):
        crop_box(0, 10, 1.5, 0.5, 0.5)


@given(
    width=st.integers(1, 8000),
    height=st.integers(1, 8000),
    ratio=st.floats(0.2, 5.0),
    focal_x=st.floats(0, 1),
    focal_y=st.floats(0, 1),
)
def test_crop_box_keeps_the_focal_point_inside_and_as_central_as_the_edges_allow(
    width, height, ratio, focal_x, focal_y
):
    left, top, right, bottom = crop_box(width, height, ratio, focal_x, focal_y)
    box_width, box_height = right - left, bottom - top
    # Inside the image, and as large as the ratio allows: it spans one whole dimension.
    assert 0 <= left < right <= width and 0 <= top < bottom <= height
    assert box_width == width or box_height == height
    # The ratio, up to rounding to whole pixels.
    assert abs(box_width - box_height * ratio) <= max(1, ratio) or box_width == width
    fx, fy = focal_x * width, focal_y * height
    assert left <= fx <= right and top <= fy <= bottom
    for start, end, size, limit, focus in (
        (left, right, box_width, width, fx),
        (top, bottom, box_height, height, fy),
    ):
        centred = abs(start + size / 2 - focus) <= 0.5 + 1e-9
        against_an_edge = (start == 0 and focus < size / 2) or (
            end == limit and focus > limit - size / 2
        )
        assert centred or against_an_edge


# --- Renditions ----------------------------------------------------------------------------


def photo_image(size=(1240, 620), **fields) -> Image:
    """An Image whose file is a stripped JPEG, red on the left and blue on the right."""
    source = PILImage.new("RGB", size, (220, 0, 0))
    source.paste((0, 0, 220), (size[0] // 2, 0, size[0], size[1]))
    return ImageFactory(
        file=ContentFile(encoded(source, "JPEG", quality=90), name="photo.jpg"),
        width=size[0],
        height=size[1],
        **fields,
    )


def opened(name: str) -> PILImage.Image:
    return PILImage.open(Path(settings.MEDIA_ROOT) / name)


@pytest.mark.django_db
def test_renditions_at_the_fixed_widths_in_webp_and_avif_with_a_thumbnail():
    image = photo_image()
    assert rendition_url(image, 480) == image.file.url and srcset(image) == ""

    renditions = make_renditions(image)

    widths = [str(w) for w in RENDITION_WIDTHS]
    assert sorted((k for k in renditions if k.isdigit()), key=int) == widths
    assert sorted(renditions["avif"], key=int) == widths
    for width in RENDITION_WIDTHS:
        with opened(renditions[str(width)]) as webp, opened(renditions["avif"][str(width)]) as avif:
            assert (webp.format, webp.size) == ("WEBP", (width, width // 2))
            assert (avif.format, avif.size) == ("AVIF", (width, width // 2))
    for format in ("webp", "avif"):
        with opened(renditions["thumb"][format]) as thumb:
            assert thumb.size == THUMBNAIL_SIZE and thumb.format == format.upper()
    image.refresh_from_db()
    assert image.renditions == renditions and renditions_current(image)
    assert (image.width, image.height) == (1240, 620)


@pytest.mark.django_db
def test_urls_and_srcsets_per_format():
    image = photo_image()
    make_renditions(image)
    assert rendition_url(image, 400).endswith("/480.webp")
    assert rendition_url(image, 5000).endswith("/1200.webp")
    assert rendition_url(image, 400, "avif").endswith("/480.avif")
    assert image.rendition_url(160).endswith("/160.webp")
    webp, avif = srcset(image), srcset(image, "avif")
    assert webp.count(".webp ") == 4 and ".avif" not in webp
    assert avif.count(".avif ") == 4 and avif.endswith("/1200.avif 1200w")
    assert webp.startswith(f"{settings.MEDIA_URL}renditions/{image.pk}/")
    assert thumbnail_url(image).endswith("/thumb.webp")
    assert thumbnail_url(image, "avif").endswith("/thumb.avif")


@pytest.mark.django_db
def test_a_small_image_gets_one_rendition_at_its_own_width():
    image = ImageFactory()  # 64×48
    renditions = make_renditions(image)
    assert [k for k in renditions if k.isdigit()] == ["64"]
    assert srcset(image).endswith("/64.webp 64w")
    assert rendition_url(image, 960).endswith("/64.webp")


@pytest.mark.django_db
def test_renditions_of_an_old_style_record_and_of_a_transparent_png():
    image = ImageFactory(renditions={"160": "renditions/1/160.webp"})
    assert not renditions_current(image) and rendition_url(image, 100).endswith("160.webp")
    transparent = PILImage.new("RGBA", (300, 200), (255, 0, 0, 0))
    image = ImageFactory(file=ContentFile(encoded(transparent, "PNG"), name="logo.png"))
    make_renditions(image)
    with opened(image.renditions["300"]) as webp, opened(image.renditions["avif"]["300"]) as avif:
        assert webp.mode == "RGBA" and avif.mode == "RGBA"


@pytest.mark.django_db
def test_the_thumbnail_is_cropped_around_the_focal_point():
    # 1200×400: the 3:2 crop is 600 wide, the left (red) or the right (blue) half.
    def thumb_colour(focal_x):
        image = photo_image(size=(1200, 400), focal_x=focal_x)
        make_renditions(image)
        with opened(image.renditions["thumb"]["webp"]) as thumb:
            return thumb.convert("RGB").resize((1, 1), PILImage.Resampling.BOX).getpixel((0, 0))

    red, blue = thumb_colour(0.1), thumb_colour(0.9)
    assert red[0] > 180 and red[2] < 60
    assert blue[2] > 180 and blue[0] < 60


@pytest.mark.django_db
def test_making_renditions_twice_leaves_one_set_of_files():
    image = photo_image()
    first = make_renditions(image)
    files = media_files()
    assert make_renditions(image) == first
    assert media_files() == files


@pytest.mark.django_db
@override_settings(TASKS=IMMEDIATE)
def test_the_task_is_idempotent():
    image = photo_image()
    result = make_renditions_task.enqueue(image_id=image.pk)
    assert result.status == TaskResultStatus.SUCCESSFUL and result.return_value is True
    image.refresh_from_db()
    made, files = image.renditions, media_files()

    again = make_renditions_task.enqueue(image_id=image.pk)
    assert again.return_value is False
    image.refresh_from_db()
    assert image.renditions == made and media_files() == files
    assert make_renditions_task.enqueue(image_id=image.pk + 1000).return_value is False


@pytest.mark.django_db
@override_settings(TASKS=IMMEDIATE)
def test_a_new_focal_point_remakes_the_renditions_and_removes_the_old_after_commit(
    django_capture_on_commit_callbacks,
):
    image = photo_image()
    assert enqueue_renditions(image) is True
    image.refresh_from_db()
    assert enqueue_renditions(image) is False
    old = image.renditions

    image.focal_x = 0.9
    image.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert enqueue_renditions(image) is True
    image.refresh_from_db()
    assert image.renditions["key"] != old["key"]
    assert all(name.startswith(f"renditions/{image.pk}/{image.renditions['key']}/")
               for name in media_files() if name.startswith("renditions/"))  # fmt: skip


@pytest.mark.django_db
def test_a_run_for_an_image_that_changed_meanwhile_records_nothing():
    image = photo_image()
    Image.objects.filter(pk=image.pk).update(focal_x=0.2)  # an editor saved while we worked
    assert make_renditions(image) == {}
    assert Image.objects.get(pk=image.pk).renditions == {}
    assert not any(name.startswith("renditions/") for name in media_files())


def run_worker():
    """Run `newsline worker --batch` in this process, inside the test's transaction."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("worker", batch=True, lease=60, interval=0)


@pytest.mark.django_db
def test_with_the_database_backend_the_task_is_a_row_until_a_worker_runs_it():
    image = photo_image()
    enqueue_renditions(image)
    row = DBTaskResult.objects.get()
    assert row.task_path == "newsline.content.images.make_renditions_task"
    assert row.args_kwargs == {"args": [], "kwargs": {"image_id": image.pk}}
    image.refresh_from_db()
    assert image.renditions == {}  # pages show the original meanwhile

    run_worker()
    image.refresh_from_db()
    assert renditions_current(image)
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
