"""The newsroom's two-factor pages: set up an authenticator app, or remove it."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsline.newsroom import twofactor


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the app"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def setup(request):
    """Show the QR code and secret of a new authenticator; confirm it with a code from it."""
    user = request.user
    if twofactor.has_two_factor(user):
        return _render(request, "newsroom/two_factor_on.html", _("Two-factor sign-in"), CodeForm())
    device = twofactor.pending_device(user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if twofactor.confirm_device(request=request, user=user, code=form.cleaned_data["code"]):
            messages.success(request, _("Two-factor sign-in is on. Logins now ask for a code."))
            return redirect("admin:index")
        form.add_error("code", _("That code is not valid. Enter the current code from the app."))
    context = {
        "qr_code": twofactor.qr_code_svg(device),
        "secret": twofactor.secret_text(device),
        "required": twofactor.must_enroll(user),
    }
    return _render(
        request, "newsroom/two_factor_setup.html", _("Set up two-factor sign-in"), form, context
    )


def remove(request):
    """Turn two-factor sign-in off, proven by a current code."""
    if request.method != "POST":
        return redirect("admin:two_factor")
    form = CodeForm(request.POST)
    if form.is_valid() and twofactor.remove_device(
        request=request, user=request.user, code=form.cleaned_data["code"]
    ):
        messages.success(request, _("Two-factor sign-in is off."))
        return redirect("admin:two_factor")
    if form.is_valid():
        form.add_error("code", _("That code is not valid. Enter the current code from the app."))
    return _render(request, "newsroom/two_factor_on.html", _("Two-factor sign-in"), form)


def _render(request, template, title, form, context=None):
    context = {**admin.site.each_context(request), "title": title, "form": form, **(context or {})}
    return TemplateResponse(request, template, context)
