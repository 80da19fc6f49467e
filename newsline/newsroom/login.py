"""The newsroom's login form: username and password, and a code from the authenticator
app for those who set one up."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from newsline.newsroom.twofactor import confirmed_device


class NewsroomAuthenticationForm(AdminAuthenticationForm):
    otp_token = forms.CharField(
        label=_("Authentication code"),
        required=False,
        max_length=16,
        help_text=_("The six-digit code from your authenticator app, if you set one up."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "code_required": _("Enter the six-digit code from your authenticator app."),
        "invalid_code": _(
            "That code is not valid. Enter the current code from your authenticator app; "
            "each code works once."
        ),
    }

    def clean(self):
        # The password first (axes refuses it while the account or address is locked out).
        cleaned_data = super().clean()
        device = confirmed_device(self.user_cache)
        if device is None:
            return cleaned_data
        code = (cleaned_data.get("otp_token") or "").strip()
        if not code:
            raise ValidationError(self.error_messages["code_required"], code="code_required")
        # django-otp refuses a code already used and slows down repeated wrong codes.
        if not device.verify_token(code):
            raise ValidationError(self.error_messages["invalid_code"], code="invalid_code")
        # django-otp's login signal handler marks the new session as verified by it.
        self.user_cache.otp_device = device
        return cleaned_data
