from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from newsline.content.images import make_renditions
from newsline.content.models import Image


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
