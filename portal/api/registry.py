"""The collections of the public API. Domain apps register their viewsets here by dotted
path; the viewsets, and the REST framework with them, are imported when the API's URLs
are first built, not when a process starts (a worker or a management command needs none
of them, and each process started paid for them)."""

from __future__ import annotations

from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

_collections: list[tuple[str, str, str]] = []


def register_collection(prefix: str, viewset: str, *, basename: str) -> None:
    """Serve `viewset` (a dotted path) at /api/v1/<prefix>."""
    if router.cache_info().currsize:
        raise ImproperlyConfigured(f"{prefix}: registered after the API's URLs were built")
    _collections.append((prefix, viewset, basename))


@cache
def router():
    """The router of every registered collection, built once."""
    from rest_framework.routers import SimpleRouter

    built = SimpleRouter(trailing_slash=False)
    for prefix, viewset, basename in _collections:
        built.register(prefix, import_string(viewset), basename=basename)
    return built


def api_resources() -> list[tuple[str, str]]:
    """(path, basename) of every registered collection, in registration order."""
    return [(prefix, basename) for prefix, _viewset, basename in _collections]
