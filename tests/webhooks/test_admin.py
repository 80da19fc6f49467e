"""The webhook admin: chief editors only; the secret on the change page; a read-only log."""

import pytest

from newsline.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.factories import login

pytestmark = pytest.mark.django_db

ENDPOINTS, DELIVERIES = "/newsroom/webhooks/webhookendpoint/", "/newsroom/webhooks/webhookdelivery/"


@pytest.mark.parametrize("role", ["reporter", "editor", None])
def test_only_chief_editors_see_webhooks(client, role):
    login(client, role)
    endpoint = WebhookEndpoint.objects.create(url="https://example.org/hooks")
    for url in [ENDPOINTS, f"{ENDPOINTS}add/", f"{ENDPOINTS}{endpoint.pk}/change/", DELIVERIES]:
        assert client.get(url).status_code == 403, url
    assert b"webhookendpoint" not in client.get("/newsroom/").content


def test_a_chief_editor_adds_an_endpoint_and_sees_its_secret(client):
    login(client, "chief editor")
    response = client.post(
        f"{ENDPOINTS}add/", {"url": "https://example.org/hooks", "events": ["published"]}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["published"] and len(endpoint.secret) == 64
    page = client.get(f"{ENDPOINTS}{endpoint.pk}/change/")
    assert endpoint.secret in page.content.decode()


@pytest.mark.parametrize("url", ["ftp://example.org/x", "file:///etc/passwd", "gopher://x.org"])
def test_non_http_urls_are_refused(client, url):
    login(client, "chief editor")
    response = client.post(f"{ENDPOINTS}add/", {"url": url, "events": ["published"]})
    assert response.status_code == 200 and "url" in response.context["adminform"].form.errors
    assert not WebhookEndpoint.objects.exists()


def test_an_endpoint_needs_a_known_event(client):
    login(client, "chief editor")
    response = client.post(f"{ENDPOINTS}add/", {"url": "https://example.org/", "events": []})
    assert "events" in response.context["adminform"].form.errors


def test_the_re_enable_action_resets_a_disabled_endpoint(client):
    login(client, "chief editor")
    endpoint = WebhookEndpoint.objects.create(
        url="https://example.org/", failure_count=10, disabled_at="2024-04-23T09:00Z"
    )
    response = client.post(
        ENDPOINTS, {"action": "reenable", "_selected_action": [endpoint.pk]}, follow=True
    )
    assert response.status_code == 200
    endpoint.refresh_from_db()
    assert (endpoint.disabled_at, endpoint.failure_count, endpoint.is_active) == (None, 0, True)


def test_deliveries_are_listed_read_only_with_their_status_codes(client):
    login(client, "chief editor")
    endpoint = WebhookEndpoint.objects.create(url="https://example.org/")
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="published", article_id=7, payload={}, status_code=503
    )
    listing = client.get(DELIVERIES)
    assert listing.status_code == 200 and "503" in listing.content.decode()
    assert client.get(f"{DELIVERIES}{delivery.pk}/change/").status_code == 200
    assert client.get(f"{DELIVERIES}add/").status_code == 403
    assert client.post(f"{DELIVERIES}{delivery.pk}/delete/").status_code == 403
