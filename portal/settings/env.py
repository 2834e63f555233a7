"""Read settings from the environment, failing loudly on a bad or missing value."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_MISSING = object()


def env_str(name: str, default: object = _MISSING) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is _MISSING:
            raise ImproperlyConfigured(
                f"The environment variable {name} is required but not set. "
                "See README.md, section 'Production', for what it must contain."
            )
        return default  # type: ignore[return-value]
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"The environment variable {name} must be true or false, not {raw!r}."
    )


def env_int(name: str, default: int | object = _MISSING) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        if default is _MISSING:
            raise ImproperlyConfigured(f"The environment variable {name} is required but not set.")
        return default  # type: ignore[return-value]
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be a whole number, not {raw!r}."
        ) from None


def env_list(name: str, default: list[str] | object = _MISSING) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        if default is _MISSING:
            raise ImproperlyConfigured(
                f"The environment variable {name} is required: a comma-separated list."
            )
        return list(default)  # type: ignore[call-overload]
    return [item.strip() for item in raw.split(",") if item.strip()]


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL (for a Content-Security-Policy source)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
