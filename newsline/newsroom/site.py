"""The newsroom's admin site: Django's, with a code at login for those who set up
two-factor, and two-factor setup first for chief editors when the newsroom requires it."""

from functools import update_wrapper

from django.contrib.admin import AdminSite
from django.core.exceptions import BadRequest
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _

from newsline.newsroom.twofactor import has_two_factor, must_enroll

# The pages a chief editor who must set up two-factor may still open.
_BEFORE_ENROLLMENT = frozenset({"two_factor", "logout", "jsi18n"})


class NewsroomSite(AdminSite):
    login_template = "newsroom/login.html"
    index_template = "newsroom/index.html"

    @property
    def login_form(self):
        from newsline.newsroom.login import NewsroomAuthenticationForm  # imports User

        return NewsroomAuthenticationForm

    def has_permission(self, request):
        """Staff, and with two-factor set up, signed in with a code in this session."""
        user = request.user
        if not super().has_permission(request):
            return False
        # django-otp's middleware gives the user is_verified(); a request built without
        # the middleware (as some tests do) counts as not verified.
        verified = getattr(user, "is_verified", None)
        return (verified is not None and verified()) or not has_two_factor(user)

    def admin_view(self, view, cacheable=False):
        def enrolled_first(request, *args, **kwargs):
            # The admin's list filters put these values in queries, and PostgreSQL refuses
            # NUL in text outright: a 400, not a server error.
            if any("\x00" in value for value in request.GET.values()):
                raise BadRequest(_("The address holds a character no text may contain."))
            match = request.resolver_match
            if must_enroll(request.user) and match.url_name not in _BEFORE_ENROLLMENT:
                return redirect("admin:two_factor")
            return view(request, *args, **kwargs)

        return super().admin_view(update_wrapper(enrolled_first, view), cacheable)

    def get_urls(self):
        from newsline.newsroom import twofactor_views

        return [
            path("two-factor/", self.admin_view(twofactor_views.setup), name="two_factor"),
            path(
                "two-factor/remove/",
                self.admin_view(twofactor_views.remove),
                name="two_factor_remove",
            ),
        ] + super().get_urls()
