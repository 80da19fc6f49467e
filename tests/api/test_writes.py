"""Write endpoints: tokens, scopes, the newsroom services behind them, and their errors."""

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from newsline.content.models import Article, Revision
from newsline.content.workflow import publish_article
from tests.api.conftest import assert_error, bearer, issue_token
from tests.factories import ArticleFactory, SectionFactory, TagFactory, newsroom_user

pytestmark = pytest.mark.django_db
NOW = datetime(2024, 4, 23, 9, 0, tzinfo=UTC)


def draft(**kwargs):
    return ArticleFactory(status="draft", publish_at=None, first_published_at=None, **kwargs)


def post(api, url, raw, data=None):
    body = json.dumps(data) if data is not None else ""
    return api.post(url, body, content_type="application/json", **bearer(raw))


def patch(api, url, raw, data):
    return api.patch(url, json.dumps(data), content_type="application/json", **bearer(raw))


def test_create_a_draft(api, write_token, editor):
    section, tag = SectionFactory(), TagFactory()
    data = {"language": "az", "headline": "Yeni xəbər", "body": "<p>ok<script>x</script></p>",
            "section_id": section.id, "tags": [tag.id]}  # fmt: skip
    response = post(api, "/api/v1/articles", write_token[1], data)
    assert response.status_code == 201, response.content
    body = response.json()["article"]
    article = Article.objects.get(pk=body["id"])
    assert (article.status, article.language, article.created_by) == ("draft", "az", editor)
    assert "<script>" not in article.body  # sanitized by the service
    assert body["tags"][0]["id"] == tag.id and body["version"] == 1
    assert article.revisions.get().kind == Revision.Kind.SAVE


def test_update_and_stale_version(api, write_token):
    article = draft()
    response = patch(api, f"/api/v1/articles/{article.id}", write_token[1],
                     {"version": article.version, "headline": "Better"})  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json()["article"]["headline"] == "Better"
    stale = patch(api, f"/api/v1/articles/{article.id}", write_token[1],
                  {"version": article.version, "headline": "Lost?"})  # fmt: skip
    error = assert_error(stale, 409, "stale_version")
    assert error["details"]["version"] == article.version + 1
    assert error["details"]["diff"]  # the headline differs
    assert Revision.objects.filter(article=article, kind=Revision.Kind.REFUSED).exists()


def test_submit_publish_withdraw(api, write_token):
    article = draft()
    url = f"/api/v1/articles/{article.id}"
    assert post(api, f"{url}/submit", write_token[1]).json()["article"]["status"] == "review"
    response = post(api, f"{url}/publish", write_token[1], {})
    assert response.json()["message"] == "The story is published."
    assert api.get(url).status_code == 200
    response = post(api, f"{url}/withdraw", write_token[1], {"note": "legal"})
    assert response.json()["article"]["status"] == "withdrawn"
    assert_error(api.get(url), 404)
    assert_error(post(api, f"{url}/submit", write_token[1]), 409, "workflow")


def test_publish_in_the_future_schedules_and_in_the_past_publishes_now(api, write_token):
    later, earlier = draft(), draft()
    at = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
    response = post(api, f"/api/v1/articles/{later.id}/publish", write_token[1], {"at": at})
    assert "scheduled" in response.json()["message"]
    assert_error(api.get(f"/api/v1/articles/{later.id}"), 404)
    at = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
    response = post(api, f"/api/v1/articles/{earlier.id}/publish", write_token[1], {"at": at})
    assert "published now" in response.json()["message"]


@time_machine.travel(NOW, tick=False)
def test_api_publish_is_a_newsroom_publish(api, write_token, editor):
    by_api, by_newsroom = draft(), draft()
    post(api, f"/api/v1/articles/{by_api.id}/publish", write_token[1])
    publish_article(article_id=by_newsroom.id, user=editor)

    def trace(article):
        article.refresh_from_db()
        revisions = list(article.revisions.values_list("kind", "version", "user", "note"))
        tasks = [
            (t.task_path, t.run_after, t.args_kwargs["kwargs"]["event"],
             t.args_kwargs["kwargs"]["key"] == f"published:{article.id}:{article.version}")
            for t in DBTaskResult.objects.all()
            if t.args_kwargs["kwargs"]["article_id"] == article.id
        ]  # fmt: skip
        return article.status, article.publish_at, article.version, revisions, tasks

    assert trace(by_api) == trace(by_newsroom)
    assert len(trace(by_api)[4]) == 1


def test_tokens_and_scopes(api, editor):
    article = draft()
    url = f"/api/v1/articles/{article.id}/submit"
    assert_error(api.post(url), 401, "unauthenticated")
    assert_error(post(api, url, "nonsense"), 401)
    token, raw = issue_token(editor, "write")
    assert_error(post(api, url, raw[:-1] + "x"), 401)  # right prefix, wrong secret
    _reader, read_only = issue_token(editor, "read", name="reader")
    assert_error(post(api, url, read_only), 403, "insufficient_scope")
    assert post(api, url, raw).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    token.revoked_at = token.last_used_at
    token.save()
    assert_error(post(api, url, raw), 401)


def test_token_acts_with_its_users_roles(api):
    _token, raw = issue_token(newsroom_user("reporter"), "write")
    article = draft()
    assert_error(post(api, f"/api/v1/articles/{article.id}/publish", raw), 403, "forbidden")


@pytest.mark.parametrize(
    "body, status, code",
    [
        ("{not json", 400, None),
        (json.dumps({"language": "en", "headline": "x", "section_id": "one"}), 422, "invalid"),
        (json.dumps({"language": "en", "headline": "x", "section_id": 1, "extra": 1}), 422, None),
        (json.dumps({"language": "en", "headline": "x", "section_id": 999999}), 422, "invalid"),
        (json.dumps({"language": "xx", "headline": "x", "section_id": 1}), 422, "invalid"),
    ],
)
def test_body_errors(api, write_token, body, status, code):
    SectionFactory(id=1)
    response = api.post(
        "/api/v1/articles", body, content_type="application/json", **bearer(write_token[1])
    )
    assert_error(response, status, code)
    assert "Access-Control-Allow-Origin" not in response


def test_oversized_body_is_413(api, write_token):
    body = json.dumps({"language": "en", "headline": "x", "section_id": 1, "body": "a" * 1100000})
    response = api.post(
        "/api/v1/articles", body, content_type="application/json", **bearer(write_token[1])
    )
    assert_error(response, 413, "too_large")


def test_unknown_article_is_404(api, write_token):
    assert_error(post(api, "/api/v1/articles/999999/submit", write_token[1]), 404, "not_found")
    assert_error(patch(api, "/api/v1/articles/999999", write_token[1], {"version": 1}), 404)


def test_nul_in_a_body_is_422(api, write_token):
    section = SectionFactory()
    data = {"language": "en", "headline": "a\x00b", "section_id": section.id}
    assert_error(post(api, "/api/v1/articles", write_token[1], data), 422, "invalid")


def test_null_for_a_required_field_is_422(api, write_token):
    article = draft()
    response = patch(api, f"/api/v1/articles/{article.id}", write_token[1],
                     {"version": article.version, "headline": None})  # fmt: skip
    assert assert_error(response, 422, "invalid")["details"] == ["headline"]
