"""The Content Security Policy's nonce, for the few newsroom pages that need an inline script.

The policy itself is in settings ("Security"). A nonce is made for a request only when its
page asks for one, and django-csp then adds it to that response's header alone.
"""

from django.forms import Media as FormsMedia
from django.http import HttpRequest
from js_asset import Media


def with_nonce(media: FormsMedia, request: HttpRequest) -> Media:
    """Return `media` whose tags carry this request's CSP nonce.

    django-prose-editor's import map is an inline `<script type="importmap">`, which the
    policy runs only with the nonce; the nonce is drawn when the media is rendered.
    """
    return Media.from_media(media, nonce=request.csp_nonce)
