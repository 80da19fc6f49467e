"""Uploaded files, served by Django in the embedded default (production serves /media/ from
the web server in front, with the same rules: see deploy/nginx/newsline.conf)."""

import mimetypes

from django.conf import settings
from django.http import Http404
from django.views.static import serve

# The media library stores images only (re-encoded on upload, content/uploads.py). Anything
# else found under /media/ is not served: an SVG or HTML file there would run script.
SERVED_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/avif", "image/gif"})


def serve_media(request, path: str):
    """Serve an uploaded image; 404 for other files and for names no file system holds."""
    if mimetypes.guess_type(path)[0] not in SERVED_TYPES:
        raise Http404
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except (OSError, ValueError) as error:  # a name too long, or holding a NUL
        raise Http404 from error
    response["X-Content-Type-Options"] = "nosniff"
    return response
