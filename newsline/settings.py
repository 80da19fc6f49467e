"""Newsline settings: every value comes from the environment, read once, here.

The embedded default (no variables set) is an SQLite database and a machine-local
cache in the data directory; production sets DATABASE_URL and REDIS_URL.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    try:
        return float(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number of seconds, not {value!r}.") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("NEWSLINE_DATA_DIR") or Path.cwd() / "data").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG")


def _secret_key() -> str:
    """Return SECRET_KEY, or a key generated once and kept in the data directory."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    try:
        # O_EXCL: of several processes starting at once, exactly one writes the key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(50))
    for _attempt in range(50):
        if key := path.read_text().strip():
            return key
    raise ImproperlyConfigured(f"{path} is empty; delete it or set SECRET_KEY.")


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

INSTALLED_APPS = [
    # Django's admin, whose site is the newsroom's (login with a code, two-factor pages).
    "newsline.newsroom.admin_app.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_prose_editor",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "newsline.newsroom.admin_app.TwoFactorConfig",  # django_otp.plugins.otp_totp
    "newsline.newsroom.admin_app.LockoutsConfig",  # axes
    "newsline.text",
    "newsline.content",
    "newsline.reader",
    "newsline.search",
    "newsline.newsroom",
    "newsline.live",
    "newsline.syndication",
    "newsline.api",
    "newsline.webhooks",
    "newsline.pagecache",
    "newsline.server",
]

MIDDLEWARE = [
    # Outermost, so the pages it stores carry every header the others add.
    "newsline.pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it turns a refused login into the lockout page whatever the view did.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsline.urls"
WSGI_APPLICATION = "newsline.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsline.reader.context_processors.site",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'newsline.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run while a writer commits; IMMEDIATE avoids the
        # upgrade deadlock ("database is locked") when two processes write at once.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache --------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # django-redis rather than Django's own backend: with IGNORE_EXCEPTIONS a Redis that is
    # down costs cache misses (logged), not errors, so pages and publishing carry on without it.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("NEWSLINE_CACHE_PREFIX", "newsline"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    # A per-process memory cache cannot be purged from another process; this
    # SQLite-backed cache is shared by every server process on the machine.
    CACHES = {
        "default": {
            "BACKEND": "diskcache.DjangoCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "TIMEOUT": 300,
            "OPTIONS": {"size_limit": 2**30},
        }
    }

# --- Page cache -----------------------------------------------------------------
# Reader pages are kept (in Redis, else in an SQLite file every process shares) until a
# change purges them, at most this long and never past the edition's next scheduled
# story; 0 turns the cache off. Caches in front may serve a page this much longer while
# they fetch a new one (stale-while-revalidate).
NEWSLINE_PAGE_CACHE_SECONDS = env_int("NEWSLINE_PAGE_CACHE_SECONDS", 600)
# Fragments many renders share (the news line, the home page's content), kept the same
# way; 0 turns them off.
NEWSLINE_FRAGMENT_CACHE_SECONDS = env_int("NEWSLINE_FRAGMENT_CACHE_SECONDS", 600)
NEWSLINE_PAGE_CACHE_STALE_SECONDS = env_int("NEWSLINE_PAGE_CACHE_STALE_SECONDS", 30)
NEWSLINE_PAGE_CACHE_PATH = DATA_DIR / "pagecache.sqlite3"
NEWSLINE_PAGE_CACHE_MAX_ENTRIES = env_int("NEWSLINE_PAGE_CACHE_MAX_ENTRIES", 50000)
NEWSLINE_PAGE_CACHE_PREFIX = CACHES["default"].get("KEY_PREFIX", "newsline")
# With Redis, each server process also keeps its most asked-for pages in memory, up to
# this many bytes (purges reach it through Redis pub/sub; a worker stays under 150 MB
# with it full); 0 turns the copy off.
NEWSLINE_PAGE_CACHE_HOT_BYTES = env_int("NEWSLINE_PAGE_CACHE_HOT_BYTES", 16 * 1024 * 1024)
# Varnish or CDN purge endpoints, comma-separated; each gets `PURGE` with a Surrogate-Key.
NEWSLINE_PURGE_URLS = env_list("NEWSLINE_PURGE_URLS", "")
if _bad := [url for url in NEWSLINE_PURGE_URLS if not url.startswith(("http://", "https://"))]:
    raise ImproperlyConfigured(f"NEWSLINE_PURGE_URLS: not http(s) addresses: {_bad}")
NEWSLINE_PURGE_TIMEOUT = 2

# --- Background work ------------------------------------------------------------
# Publishing side effects are rows in the same database, claimed by `newsline worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Live updates (server-sent events at /live/<edition>/) -------------------------
# How often each server process reads the event table when no wake-up arrives. Redis
# wakes every process at once; the embedded default relies on this interval.
NEWSLINE_LIVE_POLL_SECONDS = env_float("NEWSLINE_LIVE_POLL_SECONDS", 2.0 if REDIS_URL else 0.5)
NEWSLINE_LIVE_HEARTBEAT_SECONDS = env_float("NEWSLINE_LIVE_HEARTBEAT_SECONDS", 15.0)
# Open streams per client address and server process (answered 429 beyond).
NEWSLINE_LIVE_MAX_PER_ADDRESS = env_int("NEWSLINE_LIVE_MAX_PER_ADDRESS", 20)
# Proxies in front (nginx, a CDN's edge) whose X-Forwarded-For names the reader.
NEWSLINE_TRUSTED_PROXIES = env_list("NEWSLINE_TRUSTED_PROXIES", "")
# Events a reconnecting page may catch up on; beyond, it is told to reload.
NEWSLINE_LIVE_BACKLOG = 500
# Events kept in the table (the resume backlog of every edition).
NEWSLINE_LIVE_KEEP = 10_000
# Events waiting for a slow client before it is dropped.
NEWSLINE_LIVE_QUEUE = 256

# --- Editions, time and formats -------------------------------------------------
# The editions Newsline can run; each has its search index (search migration 0005).
SUPPORTED_LANGUAGES = {"en": "English", "az": "Azərbaycanca", "ru": "Русский"}
NEWSLINE_LANGUAGES = env_list("NEWSLINE_LANGUAGES", "en,az,ru")
_unknown = [code for code in NEWSLINE_LANGUAGES if code not in SUPPORTED_LANGUAGES]
if _unknown or not NEWSLINE_LANGUAGES:
    raise ImproperlyConfigured(
        f"NEWSLINE_LANGUAGES: unsupported {_unknown or 'empty list'}; "
        f"choose from {', '.join(SUPPORTED_LANGUAGES)}."
    )
LANGUAGES = [(code, SUPPORTED_LANGUAGES[code]) for code in NEWSLINE_LANGUAGES]
LANGUAGE_CODE = os.environ.get("NEWSLINE_DEFAULT_LANGUAGE") or NEWSLINE_LANGUAGES[0]
if LANGUAGE_CODE not in NEWSLINE_LANGUAGES:
    raise ImproperlyConfigured("NEWSLINE_DEFAULT_LANGUAGE must be one of NEWSLINE_LANGUAGES.")
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("NEWSLINE_TIME_ZONE", "Asia/Baku")
# Per-edition date formats (the news line's "H:i d.m.Y" is SHORT_DATETIME_FORMAT).
FORMAT_MODULE_PATH = ["newsline.formats"]

# --- Static and media -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns about a missing directory
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("NEWSLINE_MEDIA_ROOT") or DATA_DIR / "media")
# The embedded default serves uploads itself; behind nginx or a CDN turn this off.
NEWSLINE_SERVE_MEDIA = env_bool("NEWSLINE_SERVE_MEDIA", default=True)
# Uploads: bytes and pixels (decoding a larger image could exhaust memory).
NEWSLINE_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
NEWSLINE_MAX_IMAGE_PIXELS = 40_000_000
STORAGES = {
    # Django's file system storage, without half-written files when a write fails.
    "default": {"BACKEND": "newsline.content.storage.MediaStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Security -------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Argon2 first: a hash made by an older hasher is upgraded at the user's next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# Served over HTTPS (production): cookies travel only over HTTPS and browsers are told to
# use nothing else for a year (HSTS). Off for the embedded default on http://127.0.0.1.
NEWSLINE_HTTPS = env_bool("NEWSLINE_HTTPS")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = NEWSLINE_HTTPS
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if NEWSLINE_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = NEWSLINE_HTTPS
# Preloading writes the domain into browsers' built-in HTTPS-only list, which takes months
# to undo: the domain owner's decision, not a default.
SECURE_HSTS_PRELOAD = NEWSLINE_HTTPS and env_bool("NEWSLINE_HSTS_PRELOAD")
# Plain-http requests answer 301 to https (turn off only where the proxy in front does it).
SECURE_SSL_REDIRECT = env_bool("NEWSLINE_SSL_REDIRECT", default=NEWSLINE_HTTPS)
# Behind a proxy that terminates TLS (deploy/nginx): the header it sets to "https", such as
# X-Forwarded-Proto. Set it only when the proxy always overwrites that header and nobody
# reaches the app around the proxy, or a client could claim https for itself.
NEWSLINE_PROXY_SSL_HEADER = os.environ.get("NEWSLINE_PROXY_SSL_HEADER", "").strip()
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + NEWSLINE_PROXY_SSL_HEADER.upper().replace("-", "_"), "https")
    if NEWSLINE_PROXY_SSL_HEADER
    else None
)
SILENCED_SYSTEM_CHECKS = []
if NEWSLINE_HTTPS and not SECURE_HSTS_PRELOAD:
    # "Not preloaded" is the default chosen above, not an oversight (NEWSLINE_HSTS_PRELOAD).
    SILENCED_SYSTEM_CHECKS.append("security.W021")
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
# A newsroom login lasts a working day, not Django's default two weeks.
SESSION_COOKIE_AGE = env_int("NEWSLINE_SESSION_SECONDS", 12 * 3600)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# No page is ever shown in a frame: X-Frame-Options for older browsers, and CSP's
# frame-ancestors below for the rest.
X_FRAME_OPTIONS = "DENY"
# A window the site opens, or that opens it, gets no handle on the other (Django's default,
# stated here so every security header is read in this section).
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content Security Policy (django-csp). Reader pages are stored by the page cache and
# replayed to everyone, so they must work without a nonce: a nonce is added to the header
# only on a response whose template used `request.csp_nonce`, which only newsroom pages do
# (the article editor's import map). JSON-LD is a data block, which CSP does not govern.
PROSE_EDITOR_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        # Plus the one <style> the article editor injects (Tiptap's base rules, inside
        # django-prose-editor): allowed by its hash, so no inline style but that one applies.
        # tests/server/test_security_headers.py recomputes it from the installed editor.
        "style-src": [SELF, PROSE_EDITOR_STYLE_HASH],
        # data: for the API docs' icons; blob: for the media library's preview of a file
        # before it is uploaded (newsline/newsroom/static/newsroom/focal_point.js).
        "img-src": [SELF, "data:", "blob:"],
        # The live news line's server-sent events (/live/<edition>/) and the editor's autosave.
        "connect-src": [SELF],
        # The only framed embed: YouTube's no-cookie player in live blog entries
        # (newsline/live/embeds.py); other platforms are plain links.
        "frame-src": ["https://www.youtube-nocookie.com"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features the site never uses are refused to it and to every frame in it
# (django-permissions-policy). YouTube's player keeps fullscreen and picture-in-picture.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "ambient-light-sensor": [],
    "autoplay": [],
    "bluetooth": [],
    "camera": [],
    "display-capture": [],
    "fullscreen": ["self", "https://www.youtube-nocookie.com"],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "idle-detection": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "picture-in-picture": ["self", "https://www.youtube-nocookie.com"],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}
LOGIN_URL = "admin:login"

# --- Site -----------------------------------------------------------------------
NEWSLINE_SITE_NAME = os.environ.get("NEWSLINE_SITE_NAME", "Newsline")
# The public address, for links leaving the site without a request (webhooks).
NEWSLINE_SITE_URL = os.environ.get("NEWSLINE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Newsroom accounts: lockouts, two-factor, password reset by email ----------------
# A password is checked by the ModelBackend only after axes has confirmed that neither the
# account nor the client address is locked out (axes needs the request to know either).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# After this many failed logins an account, and separately a client address, is locked
# out for NEWSLINE_LOGIN_LOCKOUT_SECONDS (a failure while locked out starts it again).
AXES_FAILURE_LIMIT = env_int("NEWSLINE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(seconds=env_int("NEWSLINE_LOGIN_LOCKOUT_SECONDS", 15 * 60))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "newsline.newsroom.lockouts.client_address"
AXES_LOCKOUT_CALLABLE = "newsline.newsroom.lockouts.lockout_response"
AXES_ENABLE_ADMIN = False  # the newsroom registers its own list, for chief editors
# Kept out of the attempts' stored form data (passwords always are).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]
# Chief editors (and superusers) must set up two-factor before anything else.
NEWSLINE_TOTP_REQUIRED_FOR_CHIEFS = env_bool("NEWSLINE_TOTP_REQUIRED_FOR_CHIEFS")
OTP_TOTP_ISSUER = NEWSLINE_SITE_NAME  # the name authenticator apps show
# A reset link works once, for this long.
PASSWORD_RESET_TIMEOUT = env_int("NEWSLINE_PASSWORD_RESET_SECONDS", 3600)
# Reset requests per hour from one client address, and for one email address.
NEWSLINE_PASSWORD_RESETS_PER_HOUR = env_int("NEWSLINE_PASSWORD_RESETS_PER_HOUR", 5)
# Mail (password reset links): printed on the console unless EMAIL_HOST names an SMTP server.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=EMAIL_PORT == 465)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL: set one, not both.")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")

# --- JSON API: requests per minute per address (reads) and per token (writes), body limit,
# and how long shared caches may keep a read.
NEWSLINE_API_RATE_READS_PER_MINUTE = env_int("NEWSLINE_API_RATE_READS_PER_MINUTE", 600)
NEWSLINE_API_RATE_WRITES_PER_MINUTE = env_int("NEWSLINE_API_RATE_WRITES_PER_MINUTE", 60)
NEWSLINE_API_MAX_BODY_BYTES = 1024 * 1024
NEWSLINE_API_MAX_AGE = 30

# --- Webhooks: seconds for a whole delivery, retries with backoff, then disabling.
NEWSLINE_WEBHOOK_TIMEOUT = 5
NEWSLINE_WEBHOOK_RETRY_BASE = 30
NEWSLINE_WEBHOOK_RETRY_CAP = 3600
NEWSLINE_WEBHOOK_MAX_ATTEMPTS = 8
NEWSLINE_WEBHOOK_DISABLE_AFTER = 10
NEWSLINE_NEWS_LINE_LENGTH = 50
NEWSLINE_PAGE_SIZE = 30
# The home page's featured stories are chosen among this many latest stories.
NEWSLINE_FEATURED_WINDOW = 200
# "Read also" picks among this many latest stories of the article's section.
NEWSLINE_RELATED_WINDOW = 100

# --- Logs: errors (with tracebacks) on stderr, from NEWSLINE_LOG_LEVEL up; one access
# line per request on stdout, written by the ASGI front (newsline/server/access_log.py),
# unless NEWSLINE_ACCESS_LOG is off. JSON lines for collectors, or text for a person.
NEWSLINE_LOG_FORMAT = os.environ.get("NEWSLINE_LOG_FORMAT", "json").strip().lower()
if NEWSLINE_LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(
        f"NEWSLINE_LOG_FORMAT must be json or text, not {NEWSLINE_LOG_FORMAT!r}."
    )
NEWSLINE_LOG_LEVEL = os.environ.get("NEWSLINE_LOG_LEVEL", "WARNING").strip().upper()
if NEWSLINE_LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
    raise ImproperlyConfigured(
        f"NEWSLINE_LOG_LEVEL must be a logging level, not {NEWSLINE_LOG_LEVEL!r}."
    )
NEWSLINE_ACCESS_LOG = env_bool("NEWSLINE_ACCESS_LOG", default=True)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "newsline.server.log_format.JsonFormatter"},
        "text": {"()": "newsline.server.log_format.TextFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": NEWSLINE_LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": NEWSLINE_LOG_LEVEL},
}
