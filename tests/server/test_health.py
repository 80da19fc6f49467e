"""/healthz and /readyz, answered by the ASGI front."""

from unittest import mock

import httpx

from newsline.server import health


def test_healthz_says_the_process_answers(asgi_live_server):
    response = httpx.get(f"{asgi_live_server.url}/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert response.headers["cache-control"] == "no-store"


def test_readyz_checks_the_database_and_the_cache(asgi_live_server):
    response = httpx.get(f"{asgi_live_server.url}/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True, "cache": True}


def test_readyz_is_503_when_the_database_does_not_answer(asgi_live_server):
    refused = mock.Mock(side_effect=OSError("connection refused"))
    with mock.patch.dict(health.CHECKS, {"database": refused}):
        response = httpx.get(f"{asgi_live_server.url}/readyz")
        alive = httpx.get(f"{asgi_live_server.url}/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable" and response.json()["database"] is False
    assert alive.status_code == 200  # a database outage is not a reason to restart processes


def test_readyz_stays_ready_but_says_so_when_the_cache_does_not_answer(asgi_live_server):
    """The site works without its cache (slower): no reason to take its traffic away."""
    refused = mock.Mock(side_effect=OSError("connection refused"))
    with mock.patch.dict(health.CHECKS, {"cache": refused}):
        response = httpx.get(f"{asgi_live_server.url}/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True, "cache": False}
