from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from portal.core.ratelimit import client_ip


class _SettingsRateMixin:
    # DRF binds rates at import time; read them per request so settings can change them.
    def get_rate(self):
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope]

    # The client's address as the rest of the portal reads it: X-Forwarded-For only as
    # far as trusted proxies wrote it (DRF's own reading takes the whole header).
    def get_ident(self, request):
        return client_ip(request)

    def allow_request(self, request, view):
        allowed = super().allow_request(request, view)
        if self.rate is not None and getattr(self, "key", None) is not None:
            # The state of this caller's window, for the RateLimit headers (see
            # portal/api/middleware.py): limit, what is left, seconds until a slot frees.
            used = len(self.history)
            oldest = self.history[-1] if self.history else self.now
            reset = max(int(self.duration - (self.now - oldest)) + 1, 1)
            state = (self.num_requests, max(self.num_requests - used, 0), reset, int(self.duration))
            # Of several throttles on a request, the one closest to refusing speaks.
            known = getattr(request._request, "rate_limit", None)
            if known is None or state[1] < known[1]:
                request._request.rate_limit = state
        return allowed


class AnonymousThrottle(_SettingsRateMixin, AnonRateThrottle):
    pass


class UserThrottle(_SettingsRateMixin, UserRateThrottle):
    pass
