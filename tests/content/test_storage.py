"""Media storage: a write that fails leaves no partial file behind."""

import errno

import pytest
from django.core.files.base import ContentFile, File

from newsline.content.storage import MediaStorage


class DiskFillsUp(File):
    """Content whose second chunk finds the disk full, after the first was written."""

    def __init__(self):
        super().__init__(None, name="photo.jpg")
        self.size = 2

    def chunks(self, chunk_size=None):
        yield b"first half"
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_failed_write_removes_its_partial_file(tmp_path):
    storage = MediaStorage(location=tmp_path / "media")
    with pytest.raises(OSError):
        storage.save("images/photo.jpg", DiskFillsUp())
    assert [p for p in (tmp_path / "media").rglob("*") if p.is_file()] == []


def test_a_failed_write_leaves_other_files_alone(tmp_path):
    storage = MediaStorage(location=tmp_path / "media")
    kept = storage.save("images/photo.jpg", ContentFile(b"a whole photo"))
    with pytest.raises(OSError):
        storage.save("images/photo.jpg", DiskFillsUp())  # saved under another free name
    assert [p.name for p in (tmp_path / "media").rglob("*") if p.is_file()] == [kept.split("/")[-1]]
