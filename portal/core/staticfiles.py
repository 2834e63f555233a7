"""Which static files `collectstatic` gathers.

ReDoc, which drf-spectacular-sidecar ships beside Swagger UI, is never served (the API
documentation is our own page, with Swagger UI beside it): leaving out its 15 MB makes
the image smaller and `collectstatic` (which compresses every file) faster.
"""

from django.contrib.staticfiles.apps import StaticFilesConfig


class PortalStaticFilesConfig(StaticFilesConfig):
    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "redoc"]
