"""Bearer tokens of integrator clients (django-oauth-toolkit), looked at only when a
request carries one: an anonymous read never reaches the token machinery."""

from __future__ import annotations

from drf_spectacular.contrib.django_oauth_toolkit import DjangoOAuthToolkitScheme
from oauth2_provider.contrib.rest_framework import OAuth2Authentication


class BearerTokenAuthentication(OAuth2Authentication):
    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header[:7].lower() != "bearer ":
            return None
        return super().authenticate(request)


class BearerTokenScheme(DjangoOAuthToolkitScheme):
    """The OpenAPI security scheme of the client-credentials flow (scopes per operation)."""

    target_class = "portal.api.authentication.BearerTokenAuthentication"
