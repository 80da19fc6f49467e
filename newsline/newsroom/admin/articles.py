"""Articles in the newsroom: the form saves through the editing services, steps are buttons."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from newsline.content.editing import StaleEdit, create_article, save_article, unsaved_autosave
from newsline.content.models import Article
from newsline.content.uploads import check_image_usable
from newsline.newsroom.admin import article_views, live
from newsline.newsroom.admin.changelist import EstimatedCountPaginator, SortableByChangeList
from newsline.newsroom.admin.choices import (
    IdAutocompleteSelectMultiple,
    IdChoiceField,
    IdMultipleChoiceField,
    ImageSelect,
)
from newsline.newsroom.audit import record_audit
from newsline.newsroom.permissions import Action, can
from newsline.search.services import find_article_ids
from newsline.server.security import with_nonce

CONTENT = ["headline", "slug", "lead", "body", "section", "kind", "tags", "authors", "lead_image",
           "featured_rank"]  # fmt: skip


class ArticleForm(forms.ModelForm):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = ["language", *CONTENT, "translation_group"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base_version"].initial = self.instance.version

    def clean_lead_image(self):
        image = self.cleaned_data.get("lead_image")
        if image is not None:
            check_image_usable(image)
        return image

    def service_data(self) -> dict:
        """The cleaned fields as the editing services take them (ids, not objects)."""
        data = {}
        for name in CONTENT:
            value = self.cleaned_data.get(name)
            if name in ("tags", "authors"):
                data[name] = sorted(item.pk for item in value or [])
            elif name in ("section", "lead_image"):
                data[f"{name}_id"] = value.pk if value else None
            else:
                data[name] = value
        return data


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs["form_class"] = IdChoiceField
        if db_field.name == "lead_image":
            kwargs["widget"] = ImageSelect(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs["form_class"] = IdMultipleChoiceField
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = IdAutocompleteSelectMultiple(db_field, self.admin_site)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    list_display = ["headline", "language", "section", "kind", "status", "publish_at"]
    list_filter = [
        "status",
        "language",
        "section",
        "kind",
        "is_breaking",
        ("publish_at", admin.DateFieldListFilter),
    ]
    # The list stays fast on a million stories: searched through the search index (see
    # get_search_results), counted without COUNT(*) of the table, sorted only by time (an
    # index; any other column sorts every row), no facet counts, and no date hierarchy,
    # whose year and month links read the date of every row.
    search_fields = ["headline"]
    search_help_text = _("Words of the headline, lead or text, or a story's number.")
    paginator = EstimatedCountPaginator
    list_per_page = 50  # rendering a row costs more than finding it: 100 rows took ~250 ms
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    sortable_by = ["publish_at"]
    autocomplete_fields = ["tags", "authors", "lead_image"]
    list_select_related = ["section"]
    readonly_fields = ["status", "publish_at", "first_published_at", "corrected_at", "version"]
    fieldsets = [
        (None, {"fields": ["language", "headline", "slug", "lead", "body", "base_version"]}),
        (_("Placement"), {"fields": ["section", "kind", "tags", "authors", "lead_image",
                                     "featured_rank"]}),
        (_("Publishing"), {"fields": ["status", "publish_at", "first_published_at",
                                      "corrected_at", "version"]}),
        (_("Translations"), {"fields": ["translation_group"], "classes": ["collapse"]}),
    ]  # fmt: skip

    # Permissions come from the one table (newsline.newsroom.permissions).
    def has_add_permission(self, request):
        return can(request.user, Action.CREATE)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return can(request.user, Action.EDIT)
        return can(request.user, Action.EDIT, obj) or can(request.user, Action.CORRECT, obj)

    def has_delete_permission(self, request, obj=None):
        return can(request.user, Action.DELETE)

    def has_view_permission(self, request, obj=None):
        return can(request.user, Action.EDIT)

    def get_changelist(self, request, **kwargs):
        return SortableByChangeList

    def get_search_results(self, request, queryset, search_term):
        # `icontains` over every headline is a full scan: over a second at 1,000,000 stories.
        term = search_term.strip()
        if not term:
            return queryset, False
        ids = find_article_ids(term, candidates=queryset)
        if term.isdecimal() and len(term) < 19:  # a story's number, as in its address
            ids.append(int(term))
        return queryset.filter(pk__in=ids), False

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "language"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        data = form.service_data()
        if not change:
            created = create_article(
                user=request.user, language=obj.language, data=data,
                translation_group=form.cleaned_data.get("translation_group"),
            )  # fmt: skip
            obj.pk, obj._state.adding = created.pk, False
            return
        base = form.cleaned_data.get("base_version") or obj.version
        try:
            save_article(article_id=obj.pk, user=request.user, data=data, base_version=base)
        except StaleEdit as stale:
            request.newsline_stale_edit = stale  # answered by response_change

    def delete_model(self, request, obj):
        record_audit(user=request.user, action="delete", subject=obj.headline, id=obj.pk)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            record_audit(
                user=request.user, action="delete", subject=article.headline, id=article.pk
            )
        super().delete_queryset(request, queryset)

    def save_related(self, request, form, formsets, change):
        """Tags and authors were saved by the editing service with the article."""

    def log_change(self, request, obj, message):
        if getattr(request, "newsline_stale_edit", None) is None:  # a refused save changed nothing
            return super().log_change(request, obj, message)
        return None

    def response_change(self, request, obj):
        stale = getattr(request, "newsline_stale_edit", None)
        if stale is None:
            return super().response_change(request, obj)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Your changes were not saved"),
            "opts": self.opts,
            "original": stale.article,
            "stale": stale,
        }
        return TemplateResponse(request, "admin/content/article/conflict.html", context, status=409)

    def render_change_form(self, request, context, *args, **kwargs):
        # The rich-text editor's import map is an inline script: it runs with the nonce.
        context["media"] = with_nonce(context["media"], request)
        return super().render_change_form(request, context, *args, **kwargs)

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        # "Restore unsaved text": the form opens with the autosave over the stored text,
        # on the version it was typed against, so a save after a newer one is refused.
        if article is not None and request.method == "GET" and "restore_autosave" in request.GET:
            revision = unsaved_autosave(article, request.user)
            if revision:
                for name, value in revision.data.items():
                    if name in ("headline", "slug", "lead", "body", "kind", "featured_rank"):
                        setattr(article, name, value)
                article.version = revision.version
        return article

    def get_urls(self):
        wrap = self.admin_site.admin_view
        views = article_views.ArticleViews(self)
        return [
            path("<int:pk>/translate/<str:language>/", wrap(views.translate),
                 name="content_article_translate"),
            path("<int:pk>/step/<str:step>/", wrap(views.step), name="content_article_step"),
            path("<int:pk>/presence/", wrap(views.presence), name="content_article_presence"),
            path("<int:pk>/autosave/", wrap(views.autosave), name="content_article_autosave"),
            path("<int:pk>/restore/<int:revision>/", wrap(views.restore),
                 name="content_article_restore"),
            *live.LiveViews(self).urls(),
            *super().get_urls(),
        ]  # fmt: skip

    def history_view(self, request, object_id, extra_context=None):
        return article_views.ArticleViews(self).history(request, object_id)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        if article is not None:
            extra_context = (extra_context or {}) | article_views.editor_context(request, article)
            if "restore_autosave" in request.GET:
                messages.info(request, _("Your unsaved text is back in the form; save to keep it."))
        return super().change_view(request, object_id, form_url, extra_context)
