"""The article editor's extra views: workflow steps, history, presence, autosave, translate."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from newsline.content import workflow
from newsline.content.editing import (
    StaleEdit,
    autosave_article,
    restore_revision,
    unsaved_autosave,
)
from newsline.content.models import Article, Revision
from newsline.content.revisions import diff
from newsline.content.services import translate_article
from newsline.newsroom import presence
from newsline.newsroom.permissions import Action, can

# Step name → (permission, label, what the button needs)
STEPS = {
    "submit": (Action.SUBMIT, _("Submit for review"), None),
    "return": (Action.RETURN, _("Return to draft"), None),
    "publish": (Action.PUBLISH, _("Publish now"), None),
    "schedule": (Action.SCHEDULE, _("Schedule"), "time"),
    "withdraw": (Action.WITHDRAW, _("Withdraw"), "note"),
    "breaking": (Action.BREAKING, _("Mark as breaking"), "until"),
    "unbreaking": (Action.BREAKING, _("Clear breaking"), None),
}
_AVAILABLE = {
    "draft": {"submit", "publish", "schedule"},
    "review": {"return", "publish", "schedule"},
    "published": {"withdraw", "breaking", "unbreaking", "return", "publish", "schedule"},
    "withdrawn": set(),
}


def available_steps(user, article: Article) -> list[dict]:
    names = set(_AVAILABLE[article.status])
    live = article.status == "published" and article.publish_at and article.publish_at <= _now()
    if article.status == "published":
        names -= {"publish", "schedule", "return"} if live else {"withdraw", "breaking"}
        names -= {"breaking"} if article.is_breaking else {"unbreaking"}
    return [
        {"name": name, "label": label, "needs": needs}
        for name, (action, label, needs) in STEPS.items()
        if name in names and can(user, action, article)
    ]


def editor_context(request, article: Article) -> dict:
    languages = dict(settings.LANGUAGES)
    translations = list(
        Article.objects.filter(translation_group=article.translation_group)
        .exclude(pk=article.pk)
        .only("id", "language")
    )
    for item in translations:
        item.language_name = languages.get(item.language, item.language)
    have = {article.language, *(item.language for item in translations)}
    context = {
        "translations": translations,
        "missing_languages": [(c, n) for c, n in settings.LANGUAGES if c not in have],
        "steps": available_steps(request.user, article),
        "unsaved_autosave": unsaved_autosave(article, request.user),
        "others_editing": presence.touch(article.pk, request.user),
        "heartbeat_seconds": presence.HEARTBEAT_SECONDS,
        "autosave_url": reverse("admin:content_article_autosave", args=[article.pk]),
        "presence_url": reverse("admin:content_article_presence", args=[article.pk]),
    }
    try:
        from newsline.newsroom.previews import preview_url
    except ImportError:
        pass
    else:
        context["preview_url"] = request.build_absolute_uri(preview_url(article))
    return context


class ArticleViews:
    def __init__(self, model_admin):
        self.admin = model_admin

    def _article(self, request, pk) -> Article:
        if not str(pk).isdigit():
            raise Http404
        article = get_object_or_404(Article, pk=pk)
        if not self.admin.has_view_permission(request, article):
            raise PermissionDenied
        return article

    def step(self, request, pk, step):
        """Take a workflow step (POST only); the service checks permission and state."""
        if request.method != "POST" or step not in STEPS:
            raise Http404
        article = self._article(request, pk)
        try:
            message = self._take(step, article, request.POST, request.user)
        except (workflow.WorkflowError, ValueError) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, message)
        return redirect("admin:content_article_change", article.pk)

    def _take(self, step, article, post, user) -> str:
        pk = article.pk
        if step == "submit":
            return workflow.submit_article(article_id=pk, user=user)
        if step == "return":
            return workflow.return_article(article_id=pk, user=user)
        if step == "publish":
            return workflow.publish_article(article_id=pk, user=user)
        if step == "schedule":
            return workflow.publish_article(article_id=pk, user=user, at=_parse(post.get("time")))
        if step == "withdraw":
            note = post.get("note", "")[:300]
            return workflow.withdraw_article(article_id=pk, user=user, note=note)
        until = _parse(post["until"]) if post.get("until") else None
        return workflow.set_breaking(
            article_id=pk, user=user, breaking=step == "breaking", until=until
        )

    def history(self, request, pk):
        """Every revision, a word-level diff between any two, and restore buttons."""
        article = self._article(request, pk)
        revisions = list(article.revisions.select_related("user")[:200])
        by_id = {str(r.pk): r for r in revisions}
        newer = by_id.get(request.GET.get("b")) or (revisions[0] if revisions else None)
        older = by_id.get(request.GET.get("a")) or (revisions[1] if len(revisions) > 1 else None)
        context = {
            **self.admin.admin_site.each_context(request),
            "title": _("History of “%(headline)s”") % {"headline": article.headline},
            "opts": Article._meta,
            "original": article,
            "revisions": revisions,
            "older": older,
            "newer": newer,
            "changes": diff(older.data, newer.data) if older and newer else [],
            "can_restore": can(request.user, Action.RESTORE, article)
            or can(request.user, Action.CORRECT, article),
        }
        return TemplateResponse(request, "admin/content/article/revisions.html", context)

    def restore(self, request, pk, revision):
        if request.method != "POST":
            raise Http404
        article = self._article(request, pk)
        chosen = get_object_or_404(Revision, pk=revision, article=article)
        try:
            restore_revision(revision=chosen, user=request.user, base_version=article.version)
        except StaleEdit as stale:
            messages.error(request, str(stale))
        else:
            messages.success(request, _("Version %(v)s is restored.") % {"v": chosen.version})
        return redirect("admin:content_article_change", article.pk)

    def presence(self, request, pk):
        """Heartbeat: keep the soft lock and learn who else has the article open."""
        if request.method != "POST":
            raise Http404
        article = self._article(request, pk)
        if request.POST.get("leaving"):
            presence.leave(article.pk, request.user)
            return JsonResponse({"others": []})
        return JsonResponse({"others": presence.touch(article.pk, request.user)})

    def autosave(self, request, pk):
        """Keep what is in the form as an autosave revision (the article is unchanged)."""
        if request.method != "POST":
            raise Http404
        article = self._article(request, pk)
        try:
            base = int(request.POST.get("base_version", article.version))
        except ValueError:
            return JsonResponse({"error": _("The form's version is not a number.")}, status=400)
        data = {
            name: request.POST[name][:100_000]
            for name in ("headline", "lead", "body", "slug")
            if name in request.POST
        }
        revision = autosave_article(article_id=article.pk, user=request.user, data=data,
                                    base_version=base)  # fmt: skip
        return JsonResponse({"saved_at": revision.created_at.isoformat()})

    def translate(self, request, pk, language):
        """Open the story's version in `language`, creating a linked draft if there is none."""
        if request.method != "POST" or language not in dict(settings.LANGUAGES):
            raise Http404
        article = self._article(request, pk)
        if not can(request.user, Action.TRANSLATE, article):
            raise PermissionDenied
        draft = translate_article(article=article, language=language, user=request.user)
        messages.success(
            request,
            _("This is the story's %(language)s version.")
            % {"language": dict(settings.LANGUAGES)[language]},
        )
        return redirect("admin:content_article_change", draft.pk)


def _now():
    from django.utils import timezone

    return timezone.now()


def _parse(value: str | None) -> datetime:
    """A time from a datetime-local input, in the site's time zone."""
    try:
        naive = datetime.fromisoformat((value or "").strip())
    except ValueError:
        raise ValueError(_("Give the time as day, month, year, hours and minutes.")) from None
    if naive.tzinfo is not None:
        return naive
    return naive.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
