"""Two-factor sign-in for the newsroom: one authenticator app (TOTP) per person, optional
unless NEWSLINE_TOTP_REQUIRED_FOR_CHIEFS asks it of chief editors.

django-otp keeps the devices and checks codes (a code is accepted once: the device
remembers the last time step it accepted, and wrong codes slow further tries down).
"""

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from newsline.newsroom.permissions import Role, roles_of


def confirmed_device(user) -> TOTPDevice | None:
    """The user's authenticator, once its setup has been confirmed with a code."""
    if not getattr(user, "is_authenticated", False):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_two_factor(user) -> bool:
    """Whether signing in as the user takes a code; asked once per request at most."""
    cached = getattr(user, "_newsline_two_factor", None)
    if cached is None:
        cached = user._newsline_two_factor = confirmed_device(user) is not None
    return cached


def must_enroll(user) -> bool:
    """Whether the user has to set up two-factor before using the newsroom."""
    return (
        settings.NEWSLINE_TOTP_REQUIRED_FOR_CHIEFS
        and Role.CHIEF in roles_of(user)
        and not has_two_factor(user)
    )


def pending_device(user) -> TOTPDevice:
    """The authenticator being set up: its secret stays the same until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def confirm_device(*, request, user, code: str) -> bool:
    """Confirm the pending authenticator with a code from it; the session counts as verified."""
    with transaction.atomic():
        device = pending_device(user)
        if not device.verify_token(code.strip()):
            return False
        # One authenticator per person: a new one replaces the old.
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    otp_login(request, device)
    user._newsline_two_factor = True
    return True


def remove_device(*, request, user, code: str) -> bool:
    """Turn two-factor off, proven by a current code from the authenticator."""
    device = confirmed_device(user)
    if device is None or not device.verify_token(code.strip()):
        return False
    TOTPDevice.objects.filter(user=user).delete()
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    user.otp_device = None
    user._newsline_two_factor = False
    return True


def secret_text(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it typed in: base32, in groups of four."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The device's otpauth:// address as an inline SVG QR code, drawn here (no service)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    # Safe to insert as is: only path geometry, whatever the address holds. Presentation
    # attributes only, no style attribute: nothing the page's CSP refuses.
    return mark_safe(image.to_string(encoding="unicode"))
