"""The media disk full, or read-only, while the newsroom uploads an image."""

import io
import os
import subprocess
import tempfile
from pathlib import Path

import pytest
import requests
from PIL import Image as PILImage

from tests.faults.services import csrf_token

MEDIA_SIZE = 256 * 1024
ADD = "/newsroom/content/image/add/"


@pytest.fixture(scope="module")
def media():
    """A small tmpfs of its own as the media directory; unmounted after the module."""
    path = Path(tempfile.mkdtemp(prefix="newsline-faults-media-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={MEDIA_SIZE}", "tmpfs", str(path)],
        capture_output=True, text=True,
    )  # fmt: skip
    if mounted.returncode != 0:
        path.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    yield path
    subprocess.run(["umount", str(path)], check=True)
    path.rmdir()


@pytest.fixture(scope="module")
def site(app, media):
    url = app.serve(NEWSLINE_MEDIA_ROOT=str(media))
    yield url
    app.stop_all()


@pytest.fixture
def newsroom(app, site):
    return app.newsroom()


def _noise_png(size: int) -> bytes:
    """A PNG of random pixels (it does not compress) of about `size` bytes."""
    side = int((size / 3) ** 0.5) + 1
    buffer = io.BytesIO()
    PILImage.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def _upload(newsroom, site: str, data: bytes) -> requests.Response:
    form = newsroom.get(site + ADD, timeout=10)
    assert form.status_code == 200, form.url
    fields = {
        "csrfmiddlewaretoken": csrf_token(form.text), "alt_text": "Flooded street in the old town",
        "caption": "", "credit": "Staff", "focal_x": "0.5", "focal_y": "0.5",
    }  # fmt: skip
    files = {"file": ("flood.png", data, "image/png")}
    return newsroom.post(site + ADD, data=fields, files=files, headers={"Referer": site + ADD},
                         timeout=30, allow_redirects=False)  # fmt: skip


def _files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


def _images(postgres) -> int:
    return postgres.query("SELECT count(*) FROM content_image")[0][0]


def test_an_upload_larger_than_the_free_space_is_refused_with_a_reason(
    newsroom, site, media, postgres
):
    """The disk fills up while the image is written: the form comes back (200) with an
    error that says what happened and that nothing was saved; there is no Image row and no
    half-written file in the media directory. A small image still uploads afterwards."""
    before = _images(postgres)
    response = _upload(newsroom, site, _noise_png(2 * MEDIA_SIZE))
    assert response.status_code == 200
    assert "no room left to store this image" in response.text
    assert "Flooded street in the old town" in response.text  # the editor's text is kept
    assert _images(postgres) == before
    assert _files(media) == []

    small = _upload(newsroom, site, _noise_png(MEDIA_SIZE // 8))
    assert small.status_code == 302
    assert _images(postgres) == before + 1
    for path in _files(media):  # leave the disk empty for the next test
        path.unlink()


def test_a_read_only_media_directory_is_refused_with_a_reason(newsroom, site, media, postgres):
    """Media storage mounted read-only: a clear form error, no Image row, no file."""
    before = _images(postgres)
    subprocess.run(["mount", "-o", "remount,ro", str(media)], check=True)
    try:
        response = _upload(newsroom, site, _noise_png(MEDIA_SIZE // 8))
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(media)], check=True)
    assert response.status_code == 200
    assert "The server cannot store images just now" in response.text
    assert _images(postgres) == before
    assert _files(media) == []
