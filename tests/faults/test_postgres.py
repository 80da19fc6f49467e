"""PostgreSQL restarted, and stopped for a while, under a running site."""

import pytest
import requests

from tests.faults.services import wait_until


@pytest.fixture(scope="module")
def site(app, postgres):
    """A server that renders every page (no page cache), so each request reaches the database."""
    url = app.serve(NEWSLINE_PAGE_CACHE_SECONDS="0", NEWSLINE_FRAGMENT_CACHE_SECONDS="0")
    yield url
    app.stop_all()


def _get(url: str) -> requests.Response:
    return requests.get(url, timeout=10)


def test_the_first_request_after_a_restart_succeeds(site, app, postgres):
    """A restart between requests kills every open connection; the next request finds its
    connection dead (CONN_HEALTH_CHECKS), opens a new one and answers 200, for readers and
    for API writes alike."""
    paths = ["/en/", app.info["article"], "/en/archive/", "/en/feed/rss/", "/api/v1/articles"]
    for _round in range(2):
        assert [_get(site + path).status_code for path in paths] == [200] * len(paths)
        postgres.restart()
    pk = app.publish(site, "Published right after a database restart")
    assert _get(f"{site}/en/").text.count("Published right after a database restart") >= 1
    assert postgres.query("SELECT status FROM content_article WHERE id = %s", pk) == [
        ("published",)
    ]


def test_during_an_outage_requests_get_a_clean_503_and_readyz_recovers(site, app, postgres):
    """With the database down, pages answer at once with a 503 page that says to retry (no
    traceback, no hang) and /readyz says 503; once it is back both answer 200 again."""
    postgres.stop()
    try:
        for path in ["/en/", app.info["article"], "/en/feed/rss/"]:
            response = _get(site + path)
            assert response.status_code == 503, path
            assert response.headers["Retry-After"] == "30"
            assert "Temporarily unavailable" in response.text
            assert "Traceback" not in response.text and "OperationalError" not in response.text
        api = _get(f"{site}/api/v1/articles")
        assert api.status_code == 503 and api.json()["error"]["code"] == "unavailable"
        assert api.headers["Retry-After"] == "30"
        ready = _get(f"{site}/readyz")
        assert ready.status_code == 503 and ready.json()["database"] is False
        assert _get(f"{site}/healthz").status_code == 200
    finally:
        postgres.start()
    assert _get(f"{site}/en/").status_code == 200
    wait_until(lambda: _get(f"{site}/readyz").status_code == 200, timeout=10, what="readyz")
