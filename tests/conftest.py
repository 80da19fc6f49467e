import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test gets its own media directory, an empty cache and an empty page store."""
    from newsline.pagecache.store import get_store

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.NEWSLINE_PAGE_CACHE_PATH = tmp_path / "pagecache.sqlite3"
    # Deliberately slow hashing is for real passwords, not for thousands of test logins.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Hashed names need `collectstatic` first; tests read static files from the apps.
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }
    cache.clear()
    get_store().clear()  # pages and shared fragments (Redis keeps them between tests)
    # A request through LocaleMiddleware leaves its language active in the thread.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    cache.clear()
    get_store().clear()


@pytest.fixture
def asgi_live_server(transactional_db):
    """`newsline.asgi`'s front (reader pages and /live/ streams) on a free loopback port."""
    from tests.asgi_server import AsgiLiveServer

    server = AsgiLiveServer().start()
    yield server
    server.stop()
