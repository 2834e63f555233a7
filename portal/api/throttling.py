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


class AnonymousThrottle(_SettingsRateMixin, AnonRateThrottle):
    pass


class UserThrottle(_SettingsRateMixin, UserRateThrottle):
    pass
