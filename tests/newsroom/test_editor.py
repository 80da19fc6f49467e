"""The article editor in the newsroom: steps as buttons, conflicts, history, presence, autosave."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from newsline.content.models import Article, Revision
from tests.factories import ArticleFactory, SectionFactory, login, newsroom_user

pytestmark = pytest.mark.django_db
NOW = datetime(2024, 4, 23, 9, 0, tzinfo=UTC)


def change_url(article, suffix="change/"):
    return f"/newsroom/content/article/{article.pk}/{suffix}"


def form_data(article, **overrides):
    data = {
        "headline": article.headline, "slug": article.slug, "lead": article.lead,
        "body": article.body, "section": article.section_id, "kind": article.kind,
        "translation_group": str(article.translation_group), "base_version": article.version,
    }  # fmt: skip
    return data | overrides


def test_each_role_sees_only_the_steps_it_may_take(client):
    reporter = login(client, "reporter")
    article = ArticleFactory(status="draft", publish_at=None, created_by=reporter)
    page = client.get(change_url(article)).content.decode()
    assert "Submit for review" in page and "Publish now" not in page
    login(client, "editor")
    page = client.get(change_url(article)).content.decode()
    assert "Publish now" in page and "Schedule" in page and "Withdraw" not in page


def test_reporters_may_read_but_not_change_others_articles_or_publish(client):
    article = ArticleFactory(status="draft", publish_at=None, created_by=newsroom_user("reporter"))
    login(client, "reporter")
    assert 'name="_save"' not in client.get(change_url(article)).content.decode()
    assert client.post(change_url(article), form_data(article, lead="x")).status_code == 403
    assert client.post(change_url(article, "autosave/"), {"lead": "x"}).status_code == 403
    assert client.post(change_url(article, "step/publish/")).status_code == 403
    article.refresh_from_db()
    assert article.status == "draft"


@time_machine.travel(NOW, tick=False)
def test_editor_schedules_with_a_local_time_and_gets_told(client):
    login(client, "editor")
    article = ArticleFactory(status="review", publish_at=None)
    response = client.post(change_url(article, "step/schedule/"), {"time": "2024-04-23T15:30"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.publish_at == datetime(2024, 4, 23, 11, 30, tzinfo=UTC)  # 15:30 in Baku
    page = client.get(change_url(article)).content.decode()
    assert "The story is scheduled for 15:30 23.04.2024." in page


@pytest.mark.parametrize("time", ["", "tomorrow", "2024-13-45T99:99", "x" * 5000])
def test_a_bad_schedule_time_is_a_clear_message(client, time):
    login(client, "editor")
    article = ArticleFactory(status="draft", publish_at=None)
    response = client.post(change_url(article, "step/schedule/"), {"time": time}, follow=True)
    assert response.status_code == 200
    assert "Give the time as day, month, year, hours and minutes." in response.content.decode()
    article.refresh_from_db()
    assert article.status == "draft"


def test_unknown_steps_and_gets_are_404(client):
    login(client, "editor")
    article = ArticleFactory()
    assert client.post(change_url(article, "step/explode/")).status_code == 404
    assert client.get(change_url(article, "step/publish/")).status_code == 404
    assert client.get("/newsroom/content/article/abc/history/").status_code in (302, 404)


def test_a_stale_save_is_refused_with_a_diff_and_kept(client):
    login(client, "editor")
    article = ArticleFactory(status="draft", publish_at=None, lead="Old lead")
    opened = form_data(article)
    assert (
        client.post(change_url(article), form_data(article, lead="First lead")).status_code == 302
    )
    response = client.post(change_url(article), opened | {"lead": "Second lead"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this article" in page
    assert "<del>Second</del><ins>First</ins>" in page
    article.refresh_from_db()
    assert article.lead == "First lead"
    assert article.revisions.get(kind=Revision.Kind.REFUSED).data["lead"] == "Second lead"


def test_history_compares_and_restores(client):
    login(client, "editor")
    article = ArticleFactory(status="draft", publish_at=None, headline="Version one")
    client.post(change_url(article), form_data(article, headline="Version one"))
    article.refresh_from_db()
    client.post(change_url(article), form_data(article, headline="Version two"))
    page = client.get(change_url(article, "history/")).content.decode()
    assert "<del>one</del><ins>two</ins>" in page
    first = article.revisions.get(version=2)
    client.post(change_url(article, f"restore/{first.pk}/"))
    article.refresh_from_db()
    assert article.headline == "Version one" and article.version == 4


def test_presence_shows_who_else_has_the_article_open(client, django_user_model):
    article = ArticleFactory()
    first = login(client, "editor")
    first.first_name = "Leyla"
    first.save()
    client.post(change_url(article, "presence/"))
    login(client, "editor")
    assert client.post(change_url(article, "presence/")).json() == {"others": ["Leyla"]}
    client.force_login(first)
    client.post(change_url(article, "presence/"), {"leaving": "1"})
    client.force_login(django_user_model.objects.exclude(pk=first.pk).latest("pk"))
    assert client.post(change_url(article, "presence/")).json() == {"others": []}


def test_presence_expires_without_heartbeats(client):
    article = ArticleFactory()
    with time_machine.travel(NOW, tick=False):
        login(client, "editor")
        client.post(change_url(article, "presence/"))
    with time_machine.travel(NOW + timedelta(minutes=2), tick=False):
        login(client, "editor")
        assert client.post(change_url(article, "presence/")).json() == {"others": []}


def test_autosave_is_offered_back_after_a_crash(client):
    login(client, "editor")
    article = ArticleFactory(status="draft", publish_at=None, lead="Saved lead")
    response = client.post(
        change_url(article, "autosave/"), {"lead": "Typed, never saved", "base_version": 1}
    )
    assert response.status_code == 200
    page = client.get(change_url(article)).content.decode()
    assert "You have unsaved text from" in page and "Restore unsaved text" in page
    restored = client.get(change_url(article) + "?restore_autosave=1").content.decode()
    assert "Typed, never saved" in restored
    article.refresh_from_db()
    assert article.lead == "Saved lead"  # nothing changes until the editor saves


def test_add_page_creates_a_draft_owned_by_the_reporter(client):
    reporter = login(client, "reporter")
    section = SectionFactory()
    response = client.post(
        "/newsroom/content/article/add/",
        {"language": "ru", "headline": "Новости дня", "slug": "", "lead": "", "body": "",
         "section": section.pk, "kind": "news",
         "translation_group": "6f1c2a8e-5d4b-4f3e-9a1b-2c3d4e5f6a7b"},
    )  # fmt: skip
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.created_by, article.status, article.slug) == (reporter, "draft", "novosti-dnya")


@pytest.mark.parametrize(
    ("role", "status"),
    [("reporter", 403), ("editor", 403), ("chief editor", 200)],
)
def test_only_chief_editors_read_the_audit_log_and_nobody_edits_it(client, role, status):
    login(client, role)
    assert client.get("/newsroom/newsroom/auditentry/").status_code == status
    assert client.get("/newsroom/newsroom/auditentry/add/").status_code == 403


@pytest.mark.parametrize(("role", "can_add"), [("reporter", False), ("editor", True)])
def test_sections_are_managed_by_editors(client, role, can_add):
    login(client, role)
    assert client.get("/newsroom/content/section/").status_code == 200
    assert (client.get("/newsroom/content/section/add/").status_code == 200) is can_add


def test_deletes_and_role_changes_are_audited(client):
    from django.contrib.auth.models import Group

    from newsline.newsroom.models import AuditEntry

    chief = login(client, "chief editor")
    article = ArticleFactory(headline="To be deleted")
    client.post(change_url(article, "delete/"), {"post": "yes"})
    assert not Article.objects.filter(pk=article.pk).exists()
    reporter = newsroom_user("reporter", username="leyla")
    response = client.post(
        f"/newsroom/auth/user/{reporter.pk}/change/",
        {"username": "leyla", "is_active": "on", "is_staff": "on",
         "groups": [Group.objects.get(name="editor").pk],
         "date_joined_0": "2024-04-23", "date_joined_1": "09:00:00",
         "initial-date_joined_0": "2024-04-23", "initial-date_joined_1": "09:00:00"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:500]
    entries = list(AuditEntry.objects.order_by("id").values_list("action", "subject", "user"))
    assert entries == [("delete", "To be deleted", chief.pk), ("roles changed", "leyla", chief.pk)]
    change = AuditEntry.objects.get(action="roles changed").details
    assert (change["before"]["groups"], change["after"]["groups"]) == (["reporter"], ["editor"])


@pytest.mark.parametrize(("role", "status"), [("editor", 403), ("chief editor", 200)])
def test_only_chief_editors_manage_users(client, role, status):
    login(client, role)
    assert client.get("/newsroom/auth/user/").status_code == status


def test_a_refused_save_is_not_logged_as_a_change(client):
    from django.contrib.admin.models import LogEntry

    login(client, "editor")
    article = ArticleFactory(status="draft", publish_at=None)
    opened = form_data(article)
    client.post(change_url(article), form_data(article, lead="First"))
    assert client.post(change_url(article), opened | {"lead": "Second"}).status_code == 409
    assert LogEntry.objects.count() == 1


@pytest.mark.parametrize("field", ["lead_image", "section", "tags", "authors"])
@pytest.mark.parametrize("value", ["abc", "-1", "1e9", "9" * 30, "٣"])
def test_a_choice_that_is_not_an_id_is_a_form_error(client, field, value):
    login(client, "editor")
    article = ArticleFactory(status="draft", publish_at=None)
    response = client.post(change_url(article), form_data(article, **{field: value}))
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    article.refresh_from_db()
    assert article.lead_image is None
