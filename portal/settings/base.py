"""Settings shared by every environment. Environment-specific modules override these."""

from __future__ import annotations

import json
from pathlib import Path

import structlog
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from portal.settings.env import env_bool, env_int, env_list, env_str, origin_of

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "portal.core.staticfiles.PortalStaticFilesConfig",  # django.contrib.staticfiles
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.syndication",
    "django.forms",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "django_structlog",
    "django_prometheus",
    "django_celery_beat",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "oauth2_provider",
    "corsheaders",
    "portal.accounts",
    "portal.core",
    "portal.audit",
    "portal.api",
    "portal.integrations",
    "consultations",
    "portal.notifications",
    "portal.search",
    "portal.dashboards",
    "roadmap",
    "agreements",
    "parliament",
]

MIDDLEWARE = [
    # Request counts and latencies for /metrics (portal/core/metrics.py); closed by the last.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # Probes and the metrics scraper, by pod address (not a host in ALLOWED_HOSTS).
    "portal.core.middleware.ProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # CORS for the API only (CORS_URLS_REGEX): preflights are answered here.
    "corsheaders.middleware.CorsMiddleware",
    "portal.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A request id on every log line of the request and of the tasks it queues.
    "django_structlog.middlewares.RequestMiddleware",
    "portal.core.middleware.RequestIdHeaderMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.accounts.middleware.SessionTimeoutMiddleware",
    "portal.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Anonymous pages revalidate with an ETag from the data version (304 before the view).
    "portal.core.middleware.ConditionalPageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "portal.api.middleware.ApiHeadersMiddleware",
    # Inside the API headers: anonymous API reads revalidate with an ETag (304 early).
    "portal.api.middleware.ConditionalApiMiddleware",
    # Inside the API headers: its 400 (problem+json in the API) carries them too.
    "portal.core.middleware.UnreadableInputMiddleware",
    # Axes last: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "portal.core.context_processors.portal",
            ],
        },
    },
]

# --- database ---------------------------------------------------------------
# Each environment sets DATABASES; PostgreSQL everywhere but `make run`.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- accounts -----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Logging in through an organisation's login service; inert unless configured.
    "portal.accounts.oidc.PortalOIDCBackend",
]

# A second factor (TOTP, with recovery codes) for local accounts of ministry staff and
# administrators; those who log in through a login service rely on its second factor.
# Off for `make run` and the tests (which test it switched on).
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = "GIS-portaal"
# Security keys and passkeys (WebAuthn) as a second factor beside the app, never instead
# of the password; the relying party is the host the browser talks to.
OTP_WEBAUTHN_RP_NAME = "GIS-portaal"
OTP_WEBAUTHN_RP_ID_CALLABLE = "portal.accounts.second_factor.webauthn_rp_id"
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("WEBAUTHN_ALLOWED_ORIGINS", ["http://localhost:8000"])
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False

# --- OpenID Connect (portal/accounts/oidc.py; on when a client id is set) -----------
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_ISSUER = env_str("OIDC_OP_ISSUER", "")
# Endpoints come from the provider's discovery document unless set here.
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_LOGOUT_ENDPOINT = env_str("OIDC_OP_LOGOUT_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True  # for logging out at the provider too
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", 10)
OIDC_LEEWAY_SECONDS = env_int("OIDC_LEEWAY_SECONDS", 30)
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc-callback"
OIDC_REDIRECT_ALLOWED_HOSTS: list[str] = []
# The text of the login button, e.g. "Inloggen met uw VWS-account".
OIDC_LOGIN_LABEL = env_str("OIDC_LOGIN_LABEL", "")
# Claims → organisation and roles. The organisation claim's value is an organisation's
# short name (slug), or mapped to one by OIDC_ORGANISATION_MAP (JSON object); the roles
# claim lists role names, or values mapped to them by OIDC_ROLE_MAP (JSON object).
OIDC_ORGANISATION_CLAIM = env_str("OIDC_ORGANISATION_CLAIM", "organisation")
OIDC_ROLES_CLAIM = env_str("OIDC_ROLES_CLAIM", "roles")
OIDC_ORGANISATION_MAP: dict[str, str] = json.loads(env_str("OIDC_ORGANISATION_MAP", "{}"))
OIDC_ROLE_MAP: dict[str, str] = json.loads(env_str("OIDC_ROLE_MAP", "{}"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# django-axes: lock out an account/IP pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "portal.core.ratelimit.axes_client_ip"

# The client's address (portal.core.ratelimit.client_ip): behind this many proxies that
# append to X-Forwarded-For (an ingress, a load balancer); 0 reads only the peer address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Rate limits of actions on pages, per key: "ip" (client address), "account" (the
# e-mail address typed), "user" (the person logged in). DRF rate syntax: n/s, m, h, d.
RATE_LIMITS = {
    "login": {
        "ip": env_str("RATE_LOGIN_IP", "60/h"),
        "account": env_str("RATE_LOGIN_ACCOUNT", "10/h"),
    },
    "password_reset": {
        "ip": env_str("RATE_RESET_IP", "10/h"),
        "account": env_str("RATE_RESET_ACCOUNT", "3/h"),
    },
    "registration": {"ip": env_str("RATE_REGISTRATION_IP", "10/h")},
    "comment": {
        "ip": env_str("RATE_COMMENT_IP", "120/h"),
        "user": env_str("RATE_COMMENT_USER", "30/h"),
    },
    "proposal": {
        "ip": env_str("RATE_PROPOSAL_IP", "60/h"),
        "user": env_str("RATE_PROPOSAL_USER", "30/h"),
    },
}

# Sessions: an absolute lifetime, and an idle timeout (shorter for ministry staff and
# administrators), enforced by portal.accounts.middleware.SessionTimeoutMiddleware.
SESSION_MAX_AGE_HOURS = env_int("SESSION_MAX_AGE_HOURS", 12)
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 120)
SESSION_IDLE_MINUTES_STAFF = env_int("SESSION_IDLE_MINUTES_STAFF", 30)
SESSION_COOKIE_AGE = SESSION_MAX_AGE_HOURS * 60 * 60

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- internationalisation -----------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
# One date format per language (portal/formats/<language>/formats.py); templates name
# the kind of format ("DATE_FORMAT"), never a pattern of their own.
FORMAT_MODULE_PATH = ["portal.formats"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "nl"
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- static and media ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- security headers ---------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        # Logging out also ends the session at the login service (a form's redirect).
        "form-action": [SELF, *([origin_of(OIDC_OP_ISSUER)] if OIDC_OP_ISSUER else [])],
        "frame-ancestors": [NONE],
    },
}

# --- API ----------------------------------------------------------------------
API_VERSION = "1.0.0"
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Integrator clients: OAuth2 client credentials (portal/integrations).
        "portal.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "portal.api.pagination.PortalPagination",
    "PAGE_SIZE": 25,
    "ORDERING_PARAM": "ordering",
    "DEFAULT_THROTTLE_CLASSES": [
        "portal.api.throttling.AnonymousThrottle",
        "portal.api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_ANON_RATE", "120/minute"),
        "user": env_str("API_USER_RATE", "600/minute"),
    },
    "EXCEPTION_HANDLER": "portal.api.exceptions.problem_exception_handler",
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "GIS-portaal API",
    "DESCRIPTION": (
        "Open read API of the governance and programme-portfolio portal of the Dutch "
        "health information system (GIS): agreements, releases, the Wegiz agenda, "
        "programmes, pilots, regions and consultations.\n\n"
        "Registered integrator clients also write (validation results, adoption figures, "
        "initiatives and progress reports) with an OAuth2 access token (client credentials "
        "at `/oauth/token/`) that holds the operation's scope. A create takes an "
        "`Idempotency-Key`; an update needs the resource's `ETag` in `If-Match`. Errors are "
        "problem details (RFC 9457); reads carry `ETag`, `Last-Modified` and RateLimit "
        "headers."
    ),
    "VERSION": API_VERSION,
    "OAUTH2_FLOWS": ["clientCredentials"],
    "OAUTH2_TOKEN_URL": "/oauth/token/",
    "CONTACT": {
        "name": "GIS-portaal",
        "email": "gis-portaal@example.org",
        "url": "https://gis-portaal.example.org/contact/",
    },
    "LICENSE": {"name": "CC0 1.0", "url": "https://creativecommons.org/publicdomain/zero/1.0/"},
    "SERVERS": [{"url": "https://gis-portaal.example.org/api/v1", "description": "Production"}],
    "TAGS": [
        {"name": "meta", "description": "About the API itself."},
        {"name": "agreements", "description": "The national agreement catalogue."},
        {"name": "releases", "description": "Releases of the agreement system."},
        {"name": "standards", "description": "Standards the catalogue refers to."},
        {"name": "wegiz", "description": "The Wegiz multi-year agenda of data exchanges."},
        {
            "name": "portfolio",
            "description": "Programmes, tranches, milestones, pilots and building blocks.",
        },
        {"name": "regions", "description": "Regions and their public regional initiatives."},
        {
            "name": "adoption",
            "description": "How far the field has adopted exchanges and agreements.",
        },
        {"name": "consultations", "description": "Consultations, drafts and public comments."},
        {
            "name": "parliament",
            "description": "Commitments to parliament, motions, legislation and advice.",
        },
    ],
    "ENUM_NAME_OVERRIDES": {
        "AgreementStatusEnum": "agreements.models.Agreement.Status",
        "ReleaseStatusEnum": "agreements.models.Release.Status",
        "ProgrammeStatusEnum": "roadmap.models.portfolio.Programme.Status",
        "TrancheStatusEnum": "roadmap.models.portfolio.Tranche.Status",
        "DeliverableStatusEnum": "roadmap.models.portfolio.Deliverable.Status",
        "MilestoneStatusEnum": "roadmap.models.portfolio.Milestone.Status",
        "PilotStatusEnum": "roadmap.models.pilots.Pilot.Status",
        "InitiativeStatusEnum": "roadmap.models.regions.Initiative.Status",
    },
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portal.api.schema.add_nl_api_headers",
    ],
    "DISABLE_ERRORS_AND_WARNINGS": False,
}

# --- background work ----------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or "") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 360)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# The beat's schedule lives in the database (django-celery-beat), editable by
# administrators in the admin; its defaults are created by the migration
# portal/core/migrations/0002_default_beat_schedule.py. Nothing is scheduled from here:
# the scheduler would write these over an administrator's changes at every start.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE: dict[str, dict] = {}
# Record each sent task at once (a few writes a minute): the beat's liveness reads them.
CELERY_BEAT_SYNC_EVERY = 1
# The worker logs through LOGGING below (JSON in production), not a format of its own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# How long personal data is kept (days), stated on the privacy page and enforced daily by
# the task `accounts.apply_retention` (portal/accounts/tasks.py).
RETENTION_DAYS = {
    "login_records": env_int("RETENTION_LOGIN_RECORDS_DAYS", 90),
    "unverified_registrations": env_int("RETENTION_UNVERIFIED_DAYS", 7),
    "expired_invitations": env_int("RETENTION_INVITATIONS_DAYS", 30),
    "notifications": env_int("RETENTION_NOTIFICATIONS_DAYS", 365),
    "closed_account_history": env_int("RETENTION_CLOSED_ACCOUNT_DAYS", 30),
}

# --- e-mail -------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "GIS-portaal <noreply@gis-portaal.example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- caching ------------------------------------------------------------------
# Shared across processes in production (Redis); per-process only for `make run`.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- logs -----------------------------------------------------------------------
# One event a line: JSON in production (LOG_FORMAT=json), readable text for `make run`.
# A request's lines carry its request_id (also sent back as the X-Request-ID header),
# and so do the lines of the tasks it queues (django-structlog's Celery receivers).
LOG_FORMAT = env_str("LOG_FORMAT", "console")
if LOG_FORMAT not in {"json", "console"}:
    raise ValueError("LOG_FORMAT must be json or console")
_LOG_CHAIN = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": structlog.stdlib.ProcessorFormatter,
            "processors": [
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                structlog.processors.JSONRenderer(),
            ],
            "foreign_pre_chain": _LOG_CHAIN,
        },
        "console": {
            "()": structlog.stdlib.ProcessorFormatter,
            "processors": [
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                # Plain tracebacks: the default (rich, when installed) prints every
                # frame's local variables, which may hold a password or a person's
                # details, and takes tens of milliseconds for each 403 or 404 logged.
                structlog.dev.ConsoleRenderer(
                    colors=False, exception_formatter=structlog.dev.plain_traceback
                ),
            ],
            "foreign_pre_chain": _LOG_CHAIN,
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
structlog.configure(
    processors=[
        structlog.stdlib.filter_by_level,
        *_LOG_CHAIN,
        structlog.processors.StackInfoRenderer(),
        structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
    ],
    logger_factory=structlog.stdlib.LoggerFactory(),
    wrapper_class=structlog.stdlib.BoundLogger,
    cache_logger_on_first_use=True,
)
DJANGO_STRUCTLOG_CELERY_ENABLED = True
# Addresses are personal data: the logs name the account (its id), not the address.
DJANGO_STRUCTLOG_IP_LOGGING_ENABLED = False
# Behind an ingress that sets X-Request-ID, keep its id (LOG_TRUST_REQUEST_ID=true).
DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID = env_bool("LOG_TRUST_REQUEST_ID", False)

# --- error tracking and metrics (portal/core/observability.py) --------------------
# Errors go to Sentry (or GlitchTip) when SENTRY_DSN is set; no personal data is sent.
SENTRY_DSN = env_str("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = env_str("SENTRY_ENVIRONMENT", "production")
SENTRY_TRACES_SAMPLE_RATE = float(env_str("SENTRY_TRACES_SAMPLE_RATE", "0") or 0)
# Prometheus metrics at /metrics, answered only to requests from these networks that did
# not pass a proxy (the cluster's scraper, not the ingress), or with METRICS_TOKEN.
METRICS_ALLOWED_NETWORKS = env_list(
    "METRICS_ALLOWED_NETWORKS",
    ["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
)
METRICS_TOKEN = env_str("METRICS_TOKEN", "")

PORTAL_CONTACT_EMAIL = env_str("PORTAL_CONTACT_EMAIL", "gis-portaal@example.org")
# The report PDF of a consultation is laid out by Typst in parts of this many comments,
# each in a process of its own (about 40 MB and 150 KB a comment: some 60 MB for 120,
# which keeps a worker with its layout process under 200 MB); a running job whose
# heartbeat is this old lost its worker.
REPORT_PDF_PART = env_int("REPORT_PDF_PART", 120)
# Typst: directories with fonts besides the system's, and the longest one part may take.
PDF_FONT_PATHS = env_list("PDF_FONT_PATHS", [])
PDF_PART_TIMEOUT = env_int("PDF_PART_TIMEOUT", 300)
REPORT_PDF_STALE_SECONDS = env_int("REPORT_PDF_STALE_SECONDS", 300)
# Where the portal is reached from outside: links in e-mail and open-data metadata.
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000")

FORM_RENDERER = "portal.core.forms.PortalFormRenderer"

# Integrators (portal/integrations): OAuth2 client credentials with the scopes each
# client's registration holds; tokens live an hour; secrets are kept hashed.
OAUTH2_PROVIDER = {
    "SCOPES_BACKEND_CLASS": "portal.integrations.oauth.ClientScopes",
    "OAUTH2_VALIDATOR_CLASS": "portal.integrations.oauth.PortalOAuth2Validator",
    "ACCESS_TOKEN_EXPIRE_SECONDS": 3600,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    # The OAuth 2.0 Security BCP (RFC 9700) throughout (only client credentials are used).
    **{
        f"COMPLIANT_BCP_RFC9700_{name}": True
        for name in (
            "ACCESS_TOKEN_TRANSPORT",
            "AUTHZ_RESPONSE_ISS",
            "IMPLICIT_GRANT",
            "PASSWORD_GRANT",
            "PKCE_METHOD",
            "PKCE_REQUIRED",
            "REDIRECT_URI_MATCHING",
            "REDIRECT_URI_SCHEME",
            "REFRESH_TOKEN",
            "TOKEN_STORAGE",
        )
    },
}
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"  # noqa: S105 (a model)
OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL = "oauth2_provider.RefreshToken"  # noqa: S105
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauth2_provider.IDToken"  # noqa: S105
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"
# Event callbacks: https to public addresses only, unless a development or test setup
# receives them on its own machine.
WEBHOOK_ALLOW_HTTP = env_bool("WEBHOOK_ALLOW_HTTP", False)
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False)

# CORS: the API is public and cookie-less from other origins; the site itself is not.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_HEADERS = (
    "accept",
    "accept-crs",
    "authorization",
    "content-type",
    "idempotency-key",
    "if-match",
    "if-none-match",
)
CORS_EXPOSE_HEADERS = [
    "API-Version",
    "ETag",
    "Last-Modified",
    "Location",
    "Link",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "RateLimit-Policy",
    "Retry-After",
    "Idempotent-Replayed",
]
CORS_PREFLIGHT_MAX_AGE = 86400

# Uploads: checked by content (portal/core/uploads.py) and served only through views
# that check permissions; MEDIA_ROOT is never served directly.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
