"""Password reset by email, through Django's views, with no answer that tells whether an
address belongs to anyone, and a limit on requests so the form cannot be used to spam."""

import hashlib

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from newsline.newsroom.lockouts import client_address
from newsline.server import ratelimit

_HOUR = 3600


def allow_reset_request(request) -> bool:
    """Count a request against its client address and its email address; False past the limit.

    The same limit applies whether or not the email address belongs to anyone, so a
    refusal says nothing about the address either.
    """
    email = request.POST.get("email", "").strip().lower()
    keys = [f"ip:{client_address(request)}"]
    if email:
        keys.append("email:" + hashlib.sha256(email.encode()).hexdigest())
    allowed = True
    for key in keys:
        count, _left = ratelimit.count(f"newsline:password-reset:{key}", _HOUR)
        # None: the cache is down and cannot count; the form still works meanwhile.
        allowed = allowed and (count is None or count <= settings.NEWSLINE_PASSWORD_RESETS_PER_HOUR)
    return allowed


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's form, which hands the address to the task worker and does nothing else.

    Looking the address up, making the link and sending the mail in the request would make
    the answer for an address with an account slower (by a mail server's round trip, or
    a few milliseconds without one), telling such addresses apart.
    """

    def save(self, *, request, use_https=False, extra_email_context=None, **kwargs):
        send_password_reset_mail.enqueue(
            email=self.cleaned_data["email"],
            domain=request.get_host(),
            use_https=use_https,
            language=get_language(),  # the mail speaks the language of the person asking
        )


@task()
def send_password_reset_mail(*, email: str, domain: str, use_https: bool, language: str) -> None:
    """Mail a reset link to each active account with this address, if there is one."""
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return
    with translation.override(language):
        # Django's own sending: a mail server that fails is logged, not raised.
        form.save(
            domain_override=domain,
            use_https=use_https,
            extra_email_context={"site_name": settings.NEWSLINE_SITE_NAME},
        )


def _admin_look():
    from django.contrib import admin

    return {"site_header": admin.site.site_header, "site_title": admin.site.site_title}


class PasswordResetView(auth_views.PasswordResetView):
    """Django's view, with the admin's templates, answering 429 past the request limit."""

    form_class = QueuedPasswordResetForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **_admin_look()}

    def post(self, request, *args, **kwargs):
        if not allow_reset_request(request):
            context = {**_admin_look(), "title": _("Too many requests")}
            response = TemplateResponse(
                request, "newsroom/password_reset_throttled.html", context, status=429
            )
            response["Retry-After"] = str(_HOUR)
            return response
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **_admin_look()}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **_admin_look()}

    def form_valid(self, form):
        response = super().form_valid(form)
        # Whoever read the account's mail has shown it is theirs: its lockout ends now.
        # (A client address locked by failures against other accounts stays locked.)
        axes_reset(username=form.user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **_admin_look()}
