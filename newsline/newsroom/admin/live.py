"""A live story's entries in the newsroom: a fast form on top, the entries below.

Every write goes through newsline.live.blog (entries) or newsline.content.workflow
(coverage), which check the permission table; the views only translate HTTP.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsline.content import workflow
from newsline.content.models import Article, Image
from newsline.content.uploads import check_image_usable
from newsline.live import blog
from newsline.live.embeds import MAX_LENGTH, check_embed_url
from newsline.live.models import LiveEntry
from newsline.newsroom.admin.choices import IdChoiceField, ImageSelect
from newsline.newsroom.permissions import Action, can


class EntryForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Text"),
        max_length=blog.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4, "autofocus": True}),
        help_text=gettext_lazy(
            "A blank line starts a new paragraph; bold, italic and links may be written in HTML."
        ),
    )
    image = IdChoiceField(
        Image.objects.all(),
        label=gettext_lazy("Image"),
        required=False,
        widget=ImageSelect(LiveEntry._meta.get_field("image"), admin.site),
    )
    embed_url = forms.CharField(
        label=gettext_lazy("Embed (YouTube, X, Facebook, Instagram or Telegram address)"),
        max_length=MAX_LENGTH,
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    pinned = forms.BooleanField(label=gettext_lazy("Pin above the other entries"), required=False)

    # The services check the same again (they also serve other callers); checking here
    # puts each message next to its field.
    def clean_text(self):
        blog.clean_text(self.cleaned_data["text"])
        return self.cleaned_data["text"]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image is not None:
            check_image_usable(image)
        return image

    def clean_embed_url(self):
        return check_embed_url(self.cleaned_data.get("embed_url", ""))

    def entry_data(self) -> dict:
        image = self.cleaned_data.get("image")
        return {
            "text": self.cleaned_data["text"],
            "image_id": image.pk if image else None,
            "embed_url": self.cleaned_data["embed_url"],
        }


class LiveViews:
    def __init__(self, model_admin):
        self.admin = model_admin

    def urls(self) -> list:
        wrap = self.admin.admin_site.admin_view
        return [
            path("<int:pk>/live/", wrap(self.entries), name="content_article_live"),
            path("<int:pk>/live/<int:entry>/", wrap(self.edit), name="content_article_live_edit"),
            path("<int:pk>/live/<int:entry>/<str:step>/", wrap(self.entry_step),
                 name="content_article_live_step"),
            path("<int:pk>/coverage/<str:step>/", wrap(self.coverage),
                 name="content_article_coverage"),
        ]  # fmt: skip

    def entries(self, request, pk):
        """The entry form (POST posts an entry, then back to an empty form) and the entries."""
        article = self._article(request, pk)
        form = EntryForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            try:
                blog.add_entry(
                    article_id=article.pk, user=request.user,
                    pinned=form.cleaned_data["pinned"], **form.entry_data(),
                )  # fmt: skip
            except (ValidationError, blog.LiveBlogError) as error:
                form.add_error(None, _message(error))
            else:
                messages.success(request, _("The entry is posted."))
                return redirect("admin:content_article_live", article.pk)
        return self._render(request, article, form)

    def edit(self, request, pk, entry):
        """Change an entry's text, image or embed."""
        article = self._article(request, pk)
        # The form is for those who may change entries; others read them on the list.
        if not can(request.user, Action.LIVE_BLOG, article):
            raise PermissionDenied
        item = get_object_or_404(LiveEntry, pk=entry, article=article, removed_at__isnull=True)
        initial = {"text": item.body, "image": item.image_id, "embed_url": item.embed_url}
        form = EntryForm(request.POST if request.method == "POST" else None, initial=initial)
        del form.fields["pinned"]  # pinning has its own button
        if form.is_bound and form.is_valid():
            try:
                blog.edit_entry(entry_id=item.pk, user=request.user, **form.entry_data())
            except (ValidationError, blog.LiveBlogError) as error:
                form.add_error(None, _message(error))
            else:
                messages.success(request, _("The entry is changed."))
                return redirect("admin:content_article_live", article.pk)
        return self._render(request, article, form, editing=item)

    def entry_step(self, request, pk, entry, step):
        """Remove, pin or unpin an entry (POST only)."""
        if request.method != "POST" or step not in ("remove", "pin", "unpin"):
            raise Http404
        article = self._article(request, pk)
        item = get_object_or_404(LiveEntry, pk=entry, article=article)
        try:
            if step == "remove":
                blog.remove_entry(entry_id=item.pk, user=request.user)
                message = _("The entry is removed.")
            else:
                blog.pin_entry(entry_id=item.pk, user=request.user, pinned=step == "pin")
                message = (
                    _("The entry is pinned.") if step == "pin" else _("The entry is unpinned.")
                )
        except blog.LiveBlogError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, message)
        return redirect("admin:content_article_live", article.pk)

    def coverage(self, request, pk, step):
        """Close or reopen the story's live coverage (POST only)."""
        if request.method != "POST" or step not in ("close", "reopen"):
            raise Http404
        article = self._article(request, pk)
        service = workflow.close_coverage if step == "close" else workflow.reopen_coverage
        try:
            messages.success(request, service(article_id=article.pk, user=request.user))
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        return redirect("admin:content_article_live", article.pk)

    def _article(self, request, pk) -> Article:
        article = get_object_or_404(Article, pk=pk)
        if not self.admin.has_view_permission(request, article):
            raise PermissionDenied
        if article.kind != Article.Kind.LIVE:
            raise Http404(_("This is not a live story."))
        return article

    def _render(self, request, article, form, *, editing=None):
        page = blog.live_page(article, request.GET.get("entries"))
        title = _("Live entries of “%(headline)s”") % {"headline": article.headline}
        if editing is not None:
            title = _("Change an entry of “%(headline)s”") % {"headline": article.headline}
        context = {
            **self.admin.admin_site.each_context(request),
            "title": title,
            "opts": Article._meta,
            "original": article,
            "form": form,
            "media": self.admin.media + form.media,
            "editing": editing,
            "page": page,
            "can_post": can(request.user, Action.LIVE_BLOG, article),
        }
        return TemplateResponse(request, "admin/content/article/live.html", context)


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
