"""Property test of the read endpoints against the OpenAPI document, in-process over WSGI."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.api.conftest import issue_token
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    TagFactory,
    newsroom_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def keep_connection():
    """Keep the test's connection open across WSGI requests, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_read_endpoints_conform_to_their_schema(settings, keep_connection):
    # The WSGI calls run in this thread, so they see this test's transaction.
    settings.ALLOWED_HOSTS = ["*"]
    article = ArticleFactory()
    article.tags.add(TagFactory())
    article.authors.add(AuthorFactory())
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.include(method="GET").get_all_operations()]
    assert len(operations) == 6

    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=25, deadline=None, derandomize=True, database=None,
            suppress_health_check=list(HealthCheck),
        )  # fmt: skip
        def check(case):
            # A cursor is opaque: any string fits the schema, only ones we issued are valid,
            # so a random cursor is rightly a 400. Every other check runs.
            response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
            assert response.status_code < 500

        check()


def test_write_endpoints_never_fail_with_a_server_error(settings, keep_connection):
    settings.ALLOWED_HOSTS = ["*"]
    _token, raw = issue_token(newsroom_user("chief editor"), "write")
    section = SectionFactory()
    for _ in range(3):
        ArticleFactory(section=section, status="draft", publish_at=None, first_published_at=None)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [r.ok() for r in schema.include(method=["POST", "PATCH"]).get_all_operations()]
    assert len(operations) == 5

    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=15, deadline=None, derandomize=True, database=None,
            suppress_health_check=list(HealthCheck),
        )  # fmt: skip
        def check(case):
            # Schema-valid ids may name nothing (404, 422); everything else must conform.
            response = case.call_and_validate(
                headers={"Authorization": f"Bearer {raw}"},
                excluded_checks=[positive_data_acceptance],
            )
            assert response.status_code < 500

        check()
