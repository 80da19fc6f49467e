from django.contrib import admin

from newsline.content.models import Author, Section, Tag
from newsline.newsroom.permissions import Action, can
from newsline.text import slugify


class TaxonomyAdmin(admin.ModelAdmin):
    """Sections, tags and authors: everyone reads them, editors manage them."""

    def has_view_permission(self, request, obj=None):
        return can(request.user, Action.CREATE)

    def has_add_permission(self, request):
        return can(request.user, Action.MANAGE_TAXONOMY)

    def has_change_permission(self, request, obj=None):
        return can(request.user, Action.MANAGE_TAXONOMY)

    def has_delete_permission(self, request, obj=None):
        return can(request.user, Action.DELETE)


@admin.register(Section)
class SectionAdmin(TaxonomyAdmin):
    list_display = ["name_en", "name_az", "name_ru", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Tag)
class TagAdmin(TaxonomyAdmin):
    list_display = ["name", "language", "slug"]
    list_filter = ["language"]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        obj.slug = obj.slug or slugify(obj.name)
        super().save_model(request, obj, form, change)


@admin.register(Author)
class AuthorAdmin(TaxonomyAdmin):
    list_display = ["display_name", "user", "slug"]
    search_fields = ["display_name"]
    prepopulated_fields = {"slug": ["display_name"]}
    autocomplete_fields = ["photo"]
    raw_id_fields = ["user"]
