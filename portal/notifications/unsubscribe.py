"""Signed one-click unsubscribe links: they work without logging in, and a link that
was changed by even one character is refused."""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.urls import reverse

SALT = "notifications.unsubscribe"


def make_token(user: Any) -> str:
    # The e-mail address is signed too: a link stops working when the address changes.
    return signing.dumps({"u": user.pk, "e": user.email}, salt=SALT, compress=True)


def read_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    return data["u"], str(data.get("e", ""))


def unsubscribe_url(user: Any) -> str:
    return reverse("notifications:unsubscribe", args=[make_token(user)])
