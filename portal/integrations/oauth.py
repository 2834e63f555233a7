"""django-oauth-toolkit hooks: a client gets exactly the scopes its registration holds,
and a deactivated client (or its account) can neither get a token nor use one."""

from __future__ import annotations

from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.scopes import BaseScopes

from portal.integrations.registry import SCOPES


def _client_of(application):
    client = getattr(application, "api_client", None) if application is not None else None
    if client is None or not client.is_active or not client.account.is_active:
        return None
    return client


class ClientScopes(BaseScopes):
    def get_all_scopes(self):
        return {name: str(scope.description) for name, scope in SCOPES.items()}

    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        client = _client_of(application)
        return list(client.scopes) if client is not None else []

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        return self.get_available_scopes(application, request)


class PortalOAuth2Validator(OAuth2Validator):
    def _load_application(self, client_id, request):
        application = super()._load_application(client_id, request)
        if application is not None and _client_of(application) is None:
            request.client = None
            return None
        return application

    def _create_access_token(self, expires, request, token, source_refresh_token=None):
        # A client-credentials token acts as the client's own account (its role,
        # organisation and regions), so every rule and the audit trail know who wrote.
        if request.grant_type == "client_credentials" and request.client is not None:
            request.user = request.client.user
        return super()._create_access_token(expires, request, token, source_refresh_token)

    def validate_bearer_token(self, token, scopes, request):
        if not super().validate_bearer_token(token, scopes, request):
            return False
        access = getattr(request, "access_token", None)
        return access is None or _client_of(access.application) is not None
