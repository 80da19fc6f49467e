"""The newsroom's first cut: Django's admin for the content model."""

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from newsline.content.images import make_renditions
from newsline.content.models import Article, Author, Image, Section, Tag
from newsline.text import slugify

admin.site.site_header = _("Newsline newsroom")
admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Stories and sections")


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_az", "name_ru", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "language", "slug"]
    list_filter = ["language"]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        obj.slug = obj.slug or slugify(obj.name)
        super().save_model(request, obj, form, change)


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["display_name", "user", "slug"]
    search_fields = ["display_name"]
    prepopulated_fields = {"slug": ["display_name"]}
    autocomplete_fields = ["photo"]
    raw_id_fields = ["user"]


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["preview", "alt_text", "credit", "width", "height", "created_at"]
    search_fields = ["alt_text", "caption", "credit"]

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return format_html('<img src="{}" alt="" width="80">', obj.rendition_url(160))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "file" in form.changed_data or not obj.renditions:
            make_renditions(obj)


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
        from newsline.content.services import prepare_article

        prepare_article(obj)
        super().save_model(request, obj, form, change)
