from django.contrib import admin

from newsline.content.models import Author, Section, Tag
from newsline.text import slugify


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
