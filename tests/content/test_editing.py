"""No lost edits: revisions on every save, stale saves refused with the text kept, restore."""

import pytest
from django.core.exceptions import PermissionDenied

from newsline.content.editing import (
    StaleEdit,
    autosave_article,
    create_article,
    restore_revision,
    save_article,
    unsaved_autosave,
)
from newsline.content.models import Revision
from newsline.content.revisions import word_diff
from tests.factories import ArticleFactory, SectionFactory, newsroom_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return newsroom_user("editor")


def test_every_save_is_a_revision_and_bumps_the_version(editor):
    section = SectionFactory()
    article = create_article(
        user=editor, language="az", data={"headline": "Əliyev şəhərdə", "section_id": section.pk}
    )
    assert (article.version, article.slug, article.created_by) == (1, "eliyev-seherde", editor)
    save_article(
        article_id=article.pk, user=editor, base_version=1,
        data={"body": "<p onclick='x()'>Mətn</p>", "tags": []},
    )  # fmt: skip
    article.refresh_from_db()
    assert article.version == 2 and article.body == "<p>Mətn</p>"
    assert [r.version for r in article.revisions.all()] == [2, 1]
    assert article.revisions.first().data["body"] == "<p>Mətn</p>"


def test_a_stale_save_is_refused_and_its_text_is_kept(editor):
    other = newsroom_user("editor")
    article = ArticleFactory(status="draft", publish_at=None, headline="Original")
    save_article(article_id=article.pk, user=other, base_version=1, data={"lead": "Their lead"})
    with pytest.raises(StaleEdit) as refused:
        save_article(article_id=article.pk, user=editor, base_version=1, data={"lead": "My lead"})
    article.refresh_from_db()
    assert article.lead == "Their lead" and article.version == 2
    kept = article.revisions.get(kind=Revision.Kind.REFUSED)
    assert kept.data["lead"] == "My lead" and kept.user == editor
    assert "Someone else saved this article" in str(refused.value)
    assert refused.value.changes == [
        ("lead", [("delete", "My"), ("insert", "Their"), ("equal", " lead")])
    ]


def test_saving_a_published_story_records_an_update_for_readers(editor):
    article = ArticleFactory()
    save_article(article_id=article.pk, user=editor, base_version=1, data={"lead": "Corrected"})
    article.refresh_from_db()
    assert article.corrected_at is not None


def test_reporters_cannot_change_published_stories():
    reporter = newsroom_user("reporter")
    article = ArticleFactory(created_by=reporter)
    with pytest.raises(PermissionDenied):
        save_article(article_id=article.pk, user=reporter, base_version=1, data={"lead": "x"})


def test_restore_is_a_new_revision(editor):
    article = ArticleFactory(status="draft", publish_at=None, headline="First")
    save_article(article_id=article.pk, user=editor, base_version=1, data={"headline": "First"})
    save_article(article_id=article.pk, user=editor, base_version=2, data={"headline": "Second"})
    first = article.revisions.get(version=2)
    restore_revision(revision=first, user=editor, base_version=3)
    article.refresh_from_db()
    assert (article.headline, article.version) == ("First", 4)
    assert article.revisions.first().kind == Revision.Kind.RESTORE


def test_autosave_is_offered_back_until_the_next_save(editor):
    article = ArticleFactory(status="draft", publish_at=None)
    autosave_article(
        article_id=article.pk, user=editor, base_version=1, data={"body": "<p>Half</p>"}
    )
    offered = unsaved_autosave(article, editor)
    assert offered.data["body"] == "<p>Half</p>"
    assert unsaved_autosave(article, newsroom_user("editor")) is None
    save_article(article_id=article.pk, user=editor, base_version=1, data={"body": "<p>Done</p>"})
    assert unsaved_autosave(article, editor) is None


def test_word_diff():
    assert word_diff("the quick fox", "the slow fox") == [
        ("equal", "the "), ("delete", "quick"), ("insert", "slow"), ("equal", " fox"),
    ]  # fmt: skip
    assert word_diff("", "new") == [("insert", "new")]
