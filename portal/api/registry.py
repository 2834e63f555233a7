"""The collections of the public API. Domain apps register their viewsets here."""

from __future__ import annotations

from rest_framework.routers import SimpleRouter

router = SimpleRouter(trailing_slash=False)


def api_resources() -> list[tuple[str, str]]:
    """(path, basename) of every registered collection, in registration order."""
    return [(prefix, basename) for prefix, _viewset, basename in router.registry]
