"""Where uploads are kept: Django's file system storage, without half-written files.

Django's FileSystemStorage leaves whatever it managed to write when a write fails (the
disk fills up mid-file); a truncated image would then sit in the media directory under a
name nothing points to, or that the next upload of the same name steps around.
"""

import contextlib
import os

from django.core.files.storage import FileSystemStorage


class MediaStorage(FileSystemStorage):
    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except OSError:
            # `name` is free (Storage.save chose it) and the file is opened with O_EXCL,
            # so a file there now is this write's own partial one.
            with contextlib.suppress(OSError):
                os.remove(self.path(name))
            raise
