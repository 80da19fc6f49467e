"""How a view says what its page shows, so the page can be cached until that changes."""

import functools
import re

from django.core.exceptions import ImproperlyConfigured

# Tags travel in Surrogate-Key headers and Varnish ban expressions: no spaces, no regex
# metacharacters.
TAG = re.compile(r"^[a-z]+(:[A-Za-z0-9_-]+)*$")


class Declaration:
    __slots__ = ("tags", "query", "exempt")

    def __init__(self):
        self.tags: dict[str, None] = {}  # ordered and unique
        self.query: set[str] = set()
        self.exempt = False


def _declaration(request) -> Declaration:
    found = getattr(request, "_page_cache", None)
    if found is None:
        found = request._page_cache = Declaration()
    return found


def depends_on(request, *tags: str, query: tuple[str, ...] = ()) -> None:
    """Declare the content this page shows (tags) and the query parameters it reads."""
    declared = _declaration(request)
    for tag in tags:
        if not TAG.match(tag):
            raise ImproperlyConfigured(f"Page cache tag {tag!r} has characters tags cannot have.")
        declared.tags[tag] = None
    declared.query.update(query)


def exempt(request) -> None:
    """Never cache this response (private, per-visitor or unbounded pages)."""
    _declaration(request).exempt = True


def declared(request) -> Declaration | None:
    return getattr(request, "_page_cache", None)


def cached_page(*tags: str, query: tuple[str, ...] = ()):
    """Decorate a view whose page depends on a fixed set of tags."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            depends_on(request, *tags, query=query)
            return view(request, *args, **kwargs)

        wrapper.page_cache = "cached"
        return wrapper

    return decorator


def uncached_page(view):
    """Decorate a view that must never be cached, saying so on purpose."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        exempt(request)
        return view(request, *args, **kwargs)

    wrapper.page_cache = "uncached"
    return wrapper
