"""Django's request state in thread-locals: each page still renders in its own edition."""

import threading

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.signals import request_started
from django.urls import base as urls
from django.utils import timezone, translation
from django.utils.translation import trans_real

from newsline.server.thread_locals import use_thread_locals


@pytest.fixture
def thread_locals(monkeypatch):
    # Whatever the process had before is put back after the test.
    for module, name in [
        (trans_real, "_active"),
        (timezone, "_active"),
        (urls, "_prefixes"),
        (urls, "_urlconfs"),
        (caches, "_connections"),
    ]:
        monkeypatch.setattr(module, name, getattr(module, name))
    use_thread_locals()
    yield
    translation.deactivate()


def test_threads_rendering_at_once_each_keep_their_own_language(thread_locals):
    languages = ["en", "az", "ru"] * 4
    together = threading.Barrier(len(languages))
    seen = {}

    def render(number, language):
        translation.activate(language)
        together.wait()  # every thread has activated its language before any reads it
        seen[number] = [translation.get_language() for _ in range(200)]

    threads = [threading.Thread(target=render, args=item) for item in enumerate(languages)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert seen == {number: [language] * 200 for number, language in enumerate(languages)}


@pytest.mark.django_db  # Django's own receivers tidy the database connection
def test_each_request_starts_with_no_language_or_time_zone_of_the_last(thread_locals):
    translation.activate("ru")
    timezone.activate("Asia/Tokyo")

    request_started.send(sender=None)

    assert translation.get_language() == settings.LANGUAGE_CODE
    assert timezone.get_current_timezone_name() == settings.TIME_ZONE
