from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from oauth2_provider import views as oauth_views

from portal.core import observability
from portal.core import views as core_views

admin.site.site_header = _("GIS portal administration")
admin.site.site_title = _("GIS portal")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", include("portal.core.urls")),
    path("afspraken/", include("agreements.urls")),
    path("feeds/", include("agreements.feeds")),
    path("wegiz-agenda/", include("roadmap.wegiz.urls")),
    path("feeds/", include("roadmap.wegiz.feeds")),
    path("", include("roadmap.portfolio.urls")),
    path("regios/", include("roadmap.regions.urls")),
    path("bouwstenen/", include("roadmap.blocks.urls")),
    path("adoptie/", include("roadmap.adoption.urls")),
    path("consultaties/", include("consultations.urls")),
    path("kamer/", include("parliament.urls")),
    path("feeds/", include("consultations.feeds")),
    path("account/", include("portal.accounts.urls")),
    # Security keys and passkeys as a second factor (registration and verification steps).
    path("account/beveiligingssleutel/", include("django_otp_webauthn.urls")),
    path("activiteit/", include("portal.audit.urls")),
    path("meldingen/", include("portal.notifications.urls")),
    path("zoeken/", include("portal.search.urls")),
    path("dashboards/", include("portal.dashboards.urls")),
    path("open-data/", include("portal.dashboards.opendata_urls")),
    path("taal/", core_views.choose_language, name="set-language"),
    path("healthz", core_views.healthz, name="healthz"),
    path("healthz/live", core_views.healthz_live, name="healthz-live"),
    path("healthz/ready", core_views.healthz_ready, name="healthz-ready"),
    path("metrics", observability.metrics, name="metrics"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("api/v1/", include("portal.api.urls")),
    # Integrator clients get their access tokens here (client credentials; see
    # portal/integrations) and may revoke them.
    path("oauth/token/", oauth_views.TokenView.as_view(), name="oauth-token"),
    path("oauth/revoke/", oauth_views.RevokeTokenView.as_view(), name="oauth-revoke"),
    path("beheer/", admin.site.urls),
]

handler403 = "portal.core.views.error_403"
handler400 = "portal.core.views.error_400"
handler404 = "portal.core.views.error_404"
handler500 = "portal.core.views.error_500"
