"""/media/ serves uploaded images and nothing else: no way out of its folder, no file a
browser would run, whatever name or disguise an upload came with."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from newsline.content.models import Image
from tests.factories import ImageFactory, login, png_bytes

pytestmark = pytest.mark.django_db
ADD = "/newsroom/content/image/add/"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture
def media(settings):
    """The media folder with one real image, stray files a browser would run, and secrets
    beside it (a settings file and an image outside the folder)."""
    root = Path(settings.MEDIA_ROOT)
    image = ImageFactory()
    for name, data in (("stray.html", HTML), ("stray.svg", SVG), ("stray.js", b"alert(1)"),
                       ("images/stray.htm", HTML), ("stray.png.html", HTML)):  # fmt: skip
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    (root.parent / "settings.py").write_text("SECRET_KEY = 'do-not-serve'\n")
    (root.parent / "outside.png").write_bytes(png_bytes())
    return image


TRAVERSALS = [
    "/media/../settings.py", "/media/../outside.png", "/media/%2e%2e/outside.png",
    "/media/..%2foutside.png", "/media/%2e%2e%2foutside.png", "/media/images/../../outside.png",
    "/media/....//outside.png", "/media/..\\outside.png", "/media/..%5coutside.png",
    "/media/%5c..%5coutside.png", "/media//etc/passwd", "/media/%2fetc%2fpasswd",
    "/media/C:\\Windows\\win.ini", "/media/outside.png%00.png", "/media/%00", "/media/a%00b.png",
    "/media/%c0%ae%c0%ae/outside.png", "/media/" + "a" * 5000 + ".png", "/media/",
]  # fmt: skip


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_address_leaves_the_media_folder(client, media, path):
    response = client.get(path)
    assert response.status_code in (400, 404), path
    body = b"".join(response) if response.streaming else response.content
    assert b"do-not-serve" not in body and png_bytes() not in body


@pytest.mark.parametrize(
    "name", ["stray.html", "stray.svg", "stray.js", "images/stray.htm", "stray.png.html"]
)
def test_files_a_browser_would_run_are_not_served(client, media, name):
    assert client.get(f"/media/{name}").status_code == 404


def test_an_uploaded_image_is_served_as_an_image_that_is_never_sniffed(client, media):
    response = client.get(f"/media/{media.file.name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


DISGUISES = {
    "html named as a picture": ("photo.png", "image/png", HTML),
    "svg named as a picture": ("photo.png", "image/png", SVG),
    "svg as itself": ("drawing.svg", "image/svg+xml", SVG),
    "script named as a picture": ("photo.jpg", "image/jpeg", b"alert(document.cookie)"),
    "html with a picture's header": ("photo.png", "image/png", b"\x89PNG\r\n\x1a\n" + HTML),
}


@pytest.mark.parametrize("case", DISGUISES)
def test_an_upload_that_is_not_an_image_is_refused(client, case):
    name, content_type, data = DISGUISES[case]
    login(client, "reporter")
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    response = client.post(ADD, {"file": upload, "alt_text": "A picture", "focal_x": 0.5,
                                 "focal_y": 0.5})  # fmt: skip
    assert response.status_code == 200  # the form again, with the reason
    assert response.context["adminform"].form.errors["file"]
    assert not Image.objects.exists()


@pytest.mark.parametrize("name", ["photo.html", "photo.png.html", "photo.php.png", "photo.svg"])
def test_a_real_picture_under_a_dangerous_name_is_stored_and_served_as_an_image(client, name):
    login(client, "reporter")
    # A polyglot: a real PNG with a page appended, which a browser sniffing it could run.
    upload = SimpleUploadedFile(name, png_bytes() + HTML, content_type="text/html")
    response = client.post(ADD, {"file": upload, "alt_text": "A picture", "focal_x": 0.5,
                                 "focal_y": 0.5})  # fmt: skip
    assert response.status_code == 302
    stored = Image.objects.get().file
    assert stored.name.endswith(".png")
    assert b"<script" not in stored.read()  # re-encoded: the appended page is gone
    served = client.get(f"/media/{stored.name}")
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
