"""The media library: uploads checked by content, stored without metadata, rendered by a task."""

import errno
import logging

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from newsline.content.images import enqueue_renditions, renditions_current, thumbnail_url
from newsline.content.models import Image
from newsline.content.uploads import ACCEPT_ATTRIBUTE, strip_metadata, validate_image_upload
from newsline.newsroom.permissions import Action, can

log = logging.getLogger(__name__)
_NO_ROOM = _(
    "The server has no room left to store this image; nothing was saved. "
    "Ask an administrator to free space, then upload it again."
)
_NOT_WRITABLE = _(
    "The server cannot store images just now; nothing was saved. "
    "Tell an administrator, then upload it again."
)

_FOCAL_WIDGET = forms.NumberInput(attrs={"min": 0, "max": 1, "step": 0.001})


class ImageForm(forms.ModelForm):
    # A plain FileField: the checks are ours (uploads.py), with messages that say what to do.
    file = forms.FileField(
        label=capfirst(Image._meta.get_field("file").verbose_name),
        help_text=_("JPEG, PNG, WebP or AVIF. Location and camera data are removed on upload."),
        widget=AdminFileWidget(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit", "focal_x", "focal_y"]
        widgets = {"focal_x": _FOCAL_WIDGET, "focal_y": _FOCAL_WIDGET}
        error_messages = {
            "alt_text": {
                "required": _(
                    "Describe what the image shows: readers who cannot see it rely on "
                    "this text, and an image without it cannot be used in an article."
                )
            }
        }

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not isinstance(file, UploadedFile):
            return file  # The stored file, unchanged.
        validate_image_upload(file)
        return strip_metadata(file)

    def clean(self):
        cleaned = super().clean()
        file = cleaned.get("file")
        if isinstance(file, ContentFile) and not self.errors:
            # Stored now, not when the model saves: a disk that is full or read-only is
            # then an error on this form, with the editor's text kept, not a 500.
            cleaned["file"] = self._store(file)
        return cleaned

    def _store(self, file: ContentFile) -> str:
        field = Image._meta.get_field("file")
        name = field.generate_filename(self.instance, file.name)
        try:
            return field.storage.save(name, file, max_length=field.max_length)
        except OSError as error:
            log.error("Could not store an uploaded image: %s", error)
            full = error.errno in (errno.ENOSPC, errno.EDQUOT)
            raise ValidationError({"file": _NO_ROOM if full else _NOT_WRITABLE}) from error


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["preview", "alt_text", "credit", "width", "height", "created_at"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["focal_point_picker", "renditions_status"]
    fieldsets = [
        (None, {"fields": ["file", "alt_text", "caption", "credit"]}),
        (
            _("Focal point"),
            {
                "fields": [("focal_x", "focal_y"), "focal_point_picker"],
                "description": _(
                    "Where the subject is: click it in the picture, or type fractions "
                    "from 0 (left, top) to 1 (right, bottom). Crops keep it in the frame."
                ),
            },
        ),
        (_("Renditions"), {"fields": ["renditions_status"]}),
    ]

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return format_html('<img src="{}" alt="" width="80">', thumbnail_url(obj))

    @admin.display(description=_("picture"))
    def focal_point_picker(self, obj):
        url = obj.rendition_url(960) if obj and obj.file else ""
        # Markup only: focal_point.js (in Media) places the dot, shown once placed, and
        # handles clicks; the Content Security Policy allows no inline script or style.
        return format_html(
            '<div class="newsroom-focal" data-focal-point{}><img src="{}" alt="">'
            "<span hidden></span></div>",
            "" if url else mark_safe(" hidden"),
            url,
        )

    @admin.display(description=_("renditions"))
    def renditions_status(self, obj):
        if obj is None or not obj.pk:
            return _("Made in the background after the image is saved.")
        if not renditions_current(obj):
            return _("Being made in the background; pages show the original meanwhile.")
        return format_html(
            '<img src="{}" alt="" width="320" height="213"><br>{}',
            thumbnail_url(obj),
            _("Ready: the 3:2 thumbnail, cropped around the focal point."),
        )

    # Permissions come from the one table, not from the groups' model permissions (which
    # a changed role in the admin could widen).
    def has_view_permission(self, request, obj=None):
        return can(request.user, Action.UPLOAD_IMAGE)

    def has_add_permission(self, request):
        return can(request.user, Action.UPLOAD_IMAGE)

    def has_change_permission(self, request, obj=None):
        return can(request.user, Action.UPLOAD_IMAGE)

    def has_delete_permission(self, request, obj=None):
        return can(request.user, Action.DELETE)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The admin runs this in the request's transaction: the task row commits with the image.
        enqueue_renditions(obj)

    class Media:
        css = {"all": ["newsroom/focal_point.css"]}
        js = ["newsroom/focal_point.js"]
