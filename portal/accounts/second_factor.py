"""A second factor for local accounts: a TOTP app (django-otp) and recovery codes.

Required (`TWO_FACTOR_REQUIRED`, always on in production) for ministry staff and
administrators who log in with a password; after the password they set up an app the
first time, and enter its code every time after. Ten recovery codes, shown once, stand in
for a lost phone. People who log in through an organisation's login service rely on its
second factor. Each set-up, renewal and removal is a history entry of the person.
"""

from __future__ import annotations

import base64
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.core.services import set_reason

OIDC_BACKEND = "portal.accounts.oidc.PortalOIDCBackend"
RECOVERY_CODES = 10
# After a wrong code the next is accepted only after a delay that doubles each time.
THROTTLED = gettext_lazy("Too many wrong codes in a row. Wait a moment and try again.")


def must_use(request: HttpRequest) -> bool:
    """Whether this login must be confirmed with a second factor here."""
    user = request.user
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    if request.session.get(BACKEND_SESSION_KEY) == OIDC_BACKEND:
        return False  # the login service asked its own second factor
    return bool(user.is_staff or user.is_superuser or user.is_portal_staff)


def has_app(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def has_security_key(user: Any) -> bool:
    from django_otp_webauthn.models import WebAuthnCredential

    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def webauthn_rp_id(request: HttpRequest) -> str:
    """The relying party of security keys and passkeys: the host the browser talks to."""
    return request.get_host().split(":")[0]


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        help_text=gettext_lazy("The six digits your app shows now, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split())


def _next(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse(settings.LOGIN_REDIRECT_URL)


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    out = BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]


def _note(user: Any, verb: str) -> None:
    """A history entry of the person (the devices keep secrets, so no history of theirs)."""
    set_reason(user, verb)
    user.save(update_fields=["full_name"])


def _new_recovery_codes(user: Any) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


@login_required
def set_up(request: HttpRequest) -> HttpResponse:
    """Link an authenticator app: scan the code (or type the key), confirm with a code."""
    user = request.user
    if has_app(user):
        return redirect(f"{reverse('accounts:second-factor')}?next={_next(request)}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
            allowed = device.verify_is_allowed()[0]
            if allowed and device.verify_token(form.cleaned_data["code"]):
                device.confirmed = True
                device.save()
                codes = _new_recovery_codes(user)
                _note(user, "accounts.user.second_factor_set_up")
                otp_login(request, device)
                return render(
                    request,
                    "accounts/recovery_codes.html",
                    {"codes": codes, "next": _next(request)},
                )
        form.add_error(
            "code",
            _("This code is not right. Check the time on your phone and try the code shown now.")
            if allowed
            else THROTTLED,
        )
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/second_factor_setup.html",
        {
            "form": form,
            "qr": mark_safe(_qr_svg(device.config_url)),  # noqa: S308  (drawn by qrcode)
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next(request),
        },
    )


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """After the password: the app's code (or a recovery code)."""
    user = request.user
    if not has_app(user):
        return redirect(f"{reverse('accounts:second-factor-setup')}?next={_next(request)}")
    if user.is_verified():
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        matched, throttled = None, False
        with transaction.atomic():
            # Six digits are the app's; anything else is tried as a recovery code, so a
            # mistyped one does not delay the app's codes (nor the other way round).
            model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
            devices = list(model.objects.select_for_update().filter(user=user, confirmed=True))
            for device in devices:
                if not device.verify_is_allowed()[0]:
                    throttled = True
                elif device.verify_token(code):
                    matched = device
                    break
        if matched is not None:
            otp_login(request, matched)
            if isinstance(matched, StaticDevice):
                _note(user, "accounts.user.recovery_code_used")
                messages.warning(
                    request,
                    _(
                        "You used a recovery code; %(n)d are left. Renew them on your "
                        "account page if you lost your phone."
                    )
                    % {"n": matched.token_set.count()},
                )
            return redirect(_next(request))
        if throttled:
            form.add_error("code", _("Too many wrong codes in a row. Wait a minute and try again."))
        else:
            form.add_error("code", _("This code is not right. Try the code your app shows now."))
    return render(
        request,
        "accounts/second_factor.html",
        {"form": form, "next": _next(request), "security_key": has_security_key(user)},
    )


@require_POST
@login_required
def renew_recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working); only after the second factor."""
    user = request.user
    if not (has_app(user) and user.is_verified()):
        return redirect(f"{reverse('accounts:second-factor')}?next={reverse('accounts:profile')}")
    codes = _new_recovery_codes(user)
    _note(user, "accounts.user.recovery_codes_renewed")
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": reverse("accounts:profile")},
    )
