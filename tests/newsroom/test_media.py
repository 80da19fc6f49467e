"""The media library in the newsroom: uploads refused with a reason, or stored clean."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from PIL import ExifTags
from PIL import Image as PILImage

from newsline.content.images import make_renditions, renditions_current
from newsline.content.models import Image

pytestmark = pytest.mark.django_db

ADD = "/newsroom/content/image/add/"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("photo", "photo@example.org", "pw-12345678")
    client.force_login(user)
    return user


def encoded(image: PILImage.Image, format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format, **options)
    return buffer.getvalue()


def gps_jpeg() -> bytes:
    """A 60×30 photo taken sideways (EXIF orientation 6), with a GPS position."""
    exif = PILImage.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (40.0, 24.0, 36.0),
    }
    return encoded(PILImage.new("RGB", (60, 30), (20, 120, 200)), "JPEG", exif=exif)


def form_data(data: bytes | None = None, name="photo.jpg", **fields) -> dict:
    values = {
        "alt_text": "Rescuers carry a child across the flooded street",
        "caption": "Flooding in the old town.",
        "credit": "Staff photographer",
        "focal_x": "0.5",
        "focal_y": "0.5",
    } | fields
    if data is not None:
        values["file"] = SimpleUploadedFile(name, data)
    return values


def media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def form_errors(response) -> dict:
    return response.context["adminform"].form.errors


def test_an_upload_is_stored_without_metadata_and_its_renditions_are_enqueued(client, editor):
    response = client.post(ADD, form_data(gps_jpeg(), name="IMG_1234.JPG"))
    assert response.status_code == 302, form_errors(response)

    image = Image.objects.get()
    assert image.alt_text.startswith("Rescuers") and image.file.name.startswith("images/")
    assert image.file.name.endswith(".jpg")
    with PILImage.open(Path(settings.MEDIA_ROOT) / image.file.name) as stored:
        assert not stored.getexif() and "exif" not in stored.info
        assert stored.size == (30, 60)
    assert (image.width, image.height) == (30, 60)
    # The task is a row in the same transaction; a worker makes the renditions later.
    task = DBTaskResult.objects.get()
    assert task.task_path == "newsline.content.images.make_renditions_task"
    assert task.args_kwargs["kwargs"] == {"image_id": image.pk}
    assert image.renditions == {}
    change = client.get(f"/newsroom/content/image/{image.pk}/change/").content.decode()
    assert "Being made in the background" in change
    assert f'src="{image.file.url}"' in change  # the focal-point picker shows the original


@override_settings(TASKS=IMMEDIATE)
def test_with_the_renditions_made_the_library_shows_thumbnails(client, editor):
    photo = PILImage.linear_gradient("L").resize((1000, 600)).convert("RGB")
    assert client.post(ADD, form_data(encoded(photo, "PNG"), name="chart.png")).status_code == 302
    image = Image.objects.get()
    assert image.file.name.endswith(".png") and renditions_current(image)
    thumb = image.renditions["thumb"]["webp"]
    listing = client.get("/newsroom/content/image/").content.decode()
    assert thumb in listing
    change = client.get(f"/newsroom/content/image/{image.pk}/change/").content.decode()
    assert thumb in change and "cropped around the focal point" in change
    assert 'id="id_focal_x"' in change and 'accept="image/avif,image/jpeg' in change


def jpeg_halved() -> bytes:
    data = encoded(PILImage.effect_noise((300, 200), 60).convert("RGB"), "JPEG")
    return data[: len(data) // 2]


REFUSALS = {
    "text named .jpg": (lambda: b"not a picture\n" * 50, "This file is not an image"),
    "truncated JPEG": (jpeg_halved, "The image file is damaged or incomplete."),
    "GIF": (
        lambda: encoded(PILImage.new("P", (30, 20)), "GIF"),
        "GIF images are not accepted. Upload a JPEG, PNG, WebP or AVIF image.",
    ),
    "60 megapixels": (
        lambda: encoded(PILImage.new("1", (10_000, 6_000)), "PNG"),
        "The image has 60 million pixels; the limit is 40 million.",
    ),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_a_refused_upload_says_why_and_leaves_nothing_behind(client, editor, case):
    make, message = REFUSALS[case]
    response = client.post(ADD, form_data(make()))
    assert response.status_code == 200
    assert message in form_errors(response)["file"][0]
    assert message in response.content.decode()
    assert not Image.objects.exists() and not DBTaskResult.objects.exists()
    assert media_files() == set()


@override_settings(NEWSLINE_MAX_UPLOAD_BYTES=2 * 1024 * 1024)
def test_an_upload_over_the_size_limit_is_refused(client, editor):
    noise = PILImage.effect_noise((1200, 1000), 80).convert("RGB")
    data = encoded(noise, "PNG")
    assert len(data) > 2 * 1024 * 1024
    response = client.post(ADD, form_data(data, name="noise.png"))
    assert "The image is larger than 2 MB" in form_errors(response)["file"][0]
    assert not Image.objects.exists() and media_files() == set()


def test_an_upload_without_alt_text_is_refused_with_the_reason(client, editor):
    response = client.post(ADD, form_data(gps_jpeg(), alt_text=""))
    assert response.status_code == 200
    assert form_errors(response)["alt_text"][0].startswith("Describe what the image shows")
    assert not Image.objects.exists() and media_files() == set()


def test_the_focal_point_is_a_fraction(client, editor):
    response = client.post(ADD, form_data(gps_jpeg(), focal_x="1.5", focal_y="-0.1"))
    assert set(form_errors(response)) == {"focal_x", "focal_y"}
    assert not Image.objects.exists()


def test_editing_enqueues_renditions_only_when_they_would_change(client, editor):
    assert client.post(ADD, form_data(gps_jpeg())).status_code == 302
    image = Image.objects.get()
    DBTaskResult.objects.all().delete()
    url = f"/newsroom/content/image/{image.pk}/change/"
    make_renditions(image)  # as the worker would
    # A caption edit leaves the renditions as they are.
    response = client.post(url, form_data(caption="New caption"))
    assert response.status_code == 302, form_errors(response)
    image.refresh_from_db()
    assert image.caption == "New caption" and image.file.name.endswith(".jpg")
    assert not DBTaskResult.objects.exists()

    assert client.post(url, form_data(focal_x="0.8", focal_y="0.3")).status_code == 302
    assert DBTaskResult.objects.get().args_kwargs["kwargs"] == {"image_id": image.pk}
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.8, 0.3) and not renditions_current(image)


def test_replacing_the_file_checks_and_strips_the_new_one(client, editor):
    assert client.post(ADD, form_data(gps_jpeg())).status_code == 302
    image = Image.objects.get()
    url = f"/newsroom/content/image/{image.pk}/change/"
    response = client.post(url, form_data(b"<html>not an image</html>", name="new.jpg"))
    assert "This file is not an image" in form_errors(response)["file"][0]
    assert Image.objects.get().file.name == image.file.name

    webp = encoded(PILImage.new("RGB", (80, 40), (0, 200, 0)), "WEBP", exif=PILImage.Exif())
    assert client.post(url, form_data(webp, name="new.webp")).status_code == 302
    image.refresh_from_db()
    assert image.file.name.endswith(".webp") and (image.width, image.height) == (80, 40)
    assert DBTaskResult.objects.count() == 2
