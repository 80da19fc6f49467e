from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsline.content.models import Article
from newsline.content.services import prepare_article, translate_article


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "language", "headline", "slug", "lead", "body", "section", "kind", "tags", "authors",
            "lead_image", "status", "publish_at", "is_breaking", "featured_rank",
            "translation_group",
        ]  # fmt: skip

    def clean(self):
        data = super().clean()
        # "Published" with no time means now; a future time schedules the story.
        if data.get("status") == Article.Status.PUBLISHED and not data.get("publish_at"):
            data["publish_at"] = timezone.now()
        return data


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = ["headline", "language", "section", "kind", "status", "publish_at"]
    list_filter = [
        "status",
        "language",
        "section",
        "kind",
        ("publish_at", admin.DateFieldListFilter),
    ]
    search_fields = ["headline"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["tags", "authors", "lead_image"]
    list_select_related = ["section"]
    readonly_fields = ["first_published_at", "updated_at", "version"]
    fieldsets = [
        (None, {"fields": ["language", "headline", "slug", "lead", "body"]}),
        (_("Placement"), {"fields": ["section", "kind", "tags", "authors", "lead_image"]}),
        (
            _("Publishing"),
            {"fields": ["status", "publish_at", "is_breaking", "featured_rank",
                        "first_published_at", "updated_at", "version"]},
        ),
        (_("Translations"), {"fields": ["translation_group"], "classes": ["collapse"]}),
    ]  # fmt: skip

    def save_model(self, request, obj, form, change):
        prepare_article(obj)
        super().save_model(request, obj, form, change)

    def get_urls(self):
        translate = self.admin_site.admin_view(self.translate_view)
        return [
            path("<int:pk>/translate/<str:language>/", translate, name="content_article_translate"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        if article is not None:
            languages = dict(settings.LANGUAGES)
            translations = list(
                Article.objects.filter(translation_group=article.translation_group)
                .exclude(pk=article.pk)
                .only("id", "language")
            )
            for item in translations:
                item.language_name = languages.get(item.language, item.language)
            have = {article.language, *(item.language for item in translations)}
            extra_context = (extra_context or {}) | {
                "translations": translations,
                "missing_languages": [(c, n) for c, n in settings.LANGUAGES if c not in have],
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def translate_view(self, request, pk, language):
        """Open the story's version in `language`, creating a linked draft if there is none."""
        if request.method != "POST":
            raise Http404
        if language not in dict(settings.LANGUAGES):
            raise Http404
        if not self.has_add_permission(request):
            raise PermissionDenied
        article = get_object_or_404(Article, pk=pk)
        draft = translate_article(article=article, language=language)
        messages.success(
            request,
            _("This is the story's %(language)s version.")
            % {"language": dict(settings.LANGUAGES)[language]},
        )
        return redirect("admin:content_article_change", draft.pk)
