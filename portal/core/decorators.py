from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def permission_required(perm: str) -> Callable:
    """Anonymous visitors go to the login page; logged-in people without the right get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _chart_csp():
    from csp.constants import UNSAFE_INLINE
    from csp.decorators import csp_update

    return csp_update({"style-src": [UNSAFE_INLINE]})


# Plotly sets inline styles; only chart pages allow them, and scripts stay our own files.
chart_csp = _chart_csp()
