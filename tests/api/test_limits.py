"""Rate limits: a fixed window per minute, per address for reads and per token for writes."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.cache import cache

from tests.api.conftest import assert_error, bearer, issue_token
from tests.factories import newsroom_user

pytestmark = pytest.mark.django_db
NOW = datetime(2024, 4, 23, 9, 0, 15, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """Count in a cache of this test's own: the default one is shared by every process."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                    "LOCATION": "api-rate-limit-tests"},
    }  # fmt: skip
    cache.clear()


@time_machine.travel(NOW, tick=False)
def test_reads_are_limited_per_address(api, settings):
    settings.NEWSLINE_API_RATE_READS_PER_MINUTE = 2
    assert api.get("/api/v1/sections").status_code == 200
    assert api.get("/api/v1/authors").status_code == 200
    refused = api.get("/api/v1/sections")
    error = assert_error(refused, 429, "rate_limited")
    assert refused["Retry-After"] == "45"
    assert refused["Access-Control-Allow-Origin"] == "*"
    assert error["details"]["limit"] == 2
    other = api.get("/api/v1/sections", REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 200
    with time_machine.travel(datetime(2024, 4, 23, 9, 1, 0, tzinfo=UTC), tick=False):
        assert api.get("/api/v1/sections").status_code == 200  # a new window


@time_machine.travel(NOW, tick=False)
def test_behind_a_trusted_proxy_reads_are_limited_per_reader(api, settings):
    settings.NEWSLINE_API_RATE_READS_PER_MINUTE = 1
    settings.NEWSLINE_TRUSTED_PROXIES = ["10.0.0.9"]
    proxied = {"REMOTE_ADDR": "10.0.0.9"}
    assert (
        api.get("/api/v1/sections", HTTP_X_FORWARDED_FOR="198.51.100.1", **proxied).status_code
        == 200
    )
    assert (
        api.get("/api/v1/sections", HTTP_X_FORWARDED_FOR="198.51.100.1", **proxied).status_code
        == 429
    )
    # Another reader through the same proxy has an allowance of its own.
    assert (
        api.get("/api/v1/sections", HTTP_X_FORWARDED_FOR="198.51.100.2", **proxied).status_code
        == 200
    )


@time_machine.travel(NOW, tick=False)
def test_writes_are_limited_per_token(api, settings):
    settings.NEWSLINE_API_RATE_WRITES_PER_MINUTE = 1
    user = newsroom_user("editor")
    _first, one = issue_token(user, name="one")
    _second, two = issue_token(user, name="two")
    url = "/api/v1/articles/999999/submit"
    assert api.post(url, **bearer(one)).status_code == 404
    assert_error(api.post(url, **bearer(one)), 429, "rate_limited")
    assert api.post(url, **bearer(two)).status_code == 404
