"""With DEBUG off, a failing view answers the site's 500, logs its traceback, leaks nothing."""

import json
import logging
import sys
from unittest import mock

import pytest
from django.test import Client

from newsline.server.log_format import JsonFormatter
from tests.factories import SectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.server.failing_urls")]

LEAKS = ("Traceback", "SECRET-DETAIL", "RuntimeError", "SECRET_KEY", "DATABASES", "settings")


@pytest.fixture
def client():
    # The test client re-raises a view's exception by default; a browser gets the 500.
    return Client(raise_request_exception=False)


def assert_logged_with_traceback(caplog):
    [record] = [r for r in caplog.records if r.name == "django.request" and r.levelname == "ERROR"]
    assert record.exc_info[0] is RuntimeError and "SECRET-DETAIL" in str(record.exc_info[1])


@pytest.mark.parametrize(
    ("path", "heading"),
    [("/en/failing/", "Something went wrong"), ("/az/failing/", "Nəsə səhv getdi")],
)
def test_a_reader_page_gets_the_sites_500_page_in_its_language(client, caplog, path, heading):
    response = client.get(path)
    assert response.status_code == 500 and response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert f"<h1>{heading}</h1>" in body
    assert not [leak for leak in LEAKS if leak in body]
    assert_logged_with_traceback(caplog)


def test_the_newsroom_gets_the_500_page_too(client, caplog):
    response = client.get("/newsroom/failing/")
    assert response.status_code == 500 and b"Something went wrong" in response.content
    assert not [leak for leak in LEAKS if leak in response.content.decode()]
    assert_logged_with_traceback(caplog)


def test_the_api_answers_its_json_error_shape(client, caplog):
    SectionFactory()
    failure = RuntimeError("the view failed near SECRET-DETAIL")
    with mock.patch("newsline.api.serializers.section", side_effect=failure):
        response = client.get("/api/v1/sections")
    assert response.status_code == 500 and response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["code"] == "server_error" and error["details"] is None
    assert error["message"] == "Something went wrong. Please try again in a minute."
    assert not [leak for leak in LEAKS if leak in response.content.decode()]
    assert_logged_with_traceback(caplog)


def test_the_traceback_reaches_the_error_log_as_one_json_line():
    try:
        raise RuntimeError("the view failed near SECRET-DETAIL")
    except RuntimeError:
        failure = sys.exc_info()
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1,
                               "Internal Server Error: %s", ("/en/",), failure)  # fmt: skip
    text = JsonFormatter().format(record)
    assert "\n" not in text
    line = json.loads(text)
    assert line["level"] == "ERROR" and line["message"] == "Internal Server Error: /en/"
    assert line["exception"].startswith("Traceback") and "SECRET-DETAIL" in line["exception"]
