"""Headless Debian Chromium, driven by Playwright, against pytest-django's live server."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="package")
def _allow_orm_beside_playwright():
    """Let test code use the ORM while Playwright's sync API is running.

    The sync API keeps an asyncio loop running in the main thread for as long as the
    browser is open, and Django refuses ORM calls from a thread with a running loop
    (SynchronousOnlyOperation). Our test code never awaits anything, so the check is a
    false alarm here; the variable is set only while this package's browser is open.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# Package scope, not session scope: the browser (and its running event loop) is closed
# after the last browser test, so tests that run later are not affected by it.
@pytest.fixture(scope="package")
def browser(_allow_orm_beside_playwright):
    """One headless Chromium for all browser tests; Playwright never downloads its own."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"Browser tests need Debian's Chromium at {CHROMIUM}; run `make test`, which "
            "installs it (apt-get install chromium). Do not run `playwright install`."
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page_problems() -> list[str]:
    """Console errors, uncaught exceptions and failed requests of the test's page."""
    return []


def watch(page, problems: list[str]) -> None:
    """Note the page's console errors, uncaught exceptions and failed requests."""

    def on_console(message):
        if message.type == "error":
            problems.append(f"console: {message.text} ({message.location.get('url')})")

    def on_response(response):
        if response.status >= 400:
            problems.append(f"HTTP {response.status}: {response.url}")

    def on_request_failed(request):
        # ERR_ABORTED is a request the browser cancelled itself, such as a lazy image
        # still loading when the reader follows a link; anything else is a real failure.
        if request.failure != "net::ERR_ABORTED":
            problems.append(f"failed: {request.url} ({request.failure})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)


# Reader pages open /live/<edition>/, which the ASGI front answers (newsline.asgi) and
# pytest-django's WSGI live server does not. Pages of tests that are not about live updates
# get a stream that says nothing and asks the browser to come back in an hour.
QUIET_LIVE_STREAM = {
    "status": 200,
    "headers": {"Content-Type": "text/event-stream", "Cache-Control": "no-store"},
    "body": "retry: 3600000\n\n",
}


def quiet_live_stream(context) -> None:
    """Answer the context's live stream requests with a stream that sends nothing."""
    streams = re.compile(r"/live/\w+/(\?.*)?$")
    context.route(streams, lambda route: route.fulfill(**QUIET_LIVE_STREAM))


@pytest.fixture
def page(browser, live_server, page_problems):
    """A fresh page whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url)
    quiet_live_stream(context)
    page = context.new_page()
    watch(page, page_problems)
    yield page
    context.close()


@pytest.fixture
def open_page(browser, live_server, page_problems):
    """Open another watched page: in a fresh context (another person), or in `context`.

    A fresh context has its own cookies, so it is a second person at a second computer;
    a page in an existing context is the same person's second tab.
    """
    contexts = []

    def open_page(context=None):
        if context is None:
            context = browser.new_context(base_url=live_server.url)
            quiet_live_stream(context)
            contexts.append(context)
        page = context.new_page()
        watch(page, page_problems)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def newsroom_roles(transactional_db):
    """The newsroom's role groups, which a live-server test's flush empties with the data.

    The migration that creates them runs once per test database; the flush after each
    transactional test recreates permissions (post_migrate) but not the groups.
    """
    from importlib import import_module

    from django.contrib.auth.models import Group, Permission

    roles = import_module("newsline.newsroom.migrations.0001_roles")
    for name, codenames in roles.GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(codename__in=codenames))
