from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.core import selectors
from portal.core.navigation import SECTIONS


def home(request: HttpRequest) -> HttpResponse:
    todo = {}
    if request.user.is_authenticated:
        from portal.core.todo import todo_for

        todo = todo_for(request.user, timezone.localdate())
    return render(request, "core/home.html", {"sections": SECTIONS, "todo": todo})


def page(request: HttpRequest, template: str) -> HttpResponse:
    return render(request, f"core/{template}.html", {"retention": settings.RETENTION_DAYS})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness for load balancers: 503 when the database is down."""
    database = selectors.database_state()
    broker = selectors.broker_state()
    healthy = bool(database["ok"])
    body = {
        "status": ("ok" if broker["ok"] else "degraded") if healthy else "unavailable",
        "database": database,
        "broker": broker,
    }
    return JsonResponse(body, status=200 if healthy else 503)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        from portal.api.exceptions import problem_response

        return problem_response(request, 404, "Not found", "No resource exists at this address.")
    return render(request, "404.html", status=404)


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A request the site cannot read (an impossible date, a NUL byte): said plainly."""
    detail = str(exception) if exception and str(exception) else ""
    if request.path.startswith("/api/"):
        from portal.api.exceptions import problem_response

        return problem_response(
            request, 400, "Bad request", detail or "The request could not be read."
        )
    return render(request, "400.html", {"detail": detail}, status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        from portal.api.exceptions import problem_response

        return problem_response(request, 403, "Forbidden", "You may not do this.")
    return render(request, "403.html", status=403)


def error_500(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        from portal.api.exceptions import problem_response

        return problem_response(request, 500, "Server error", "Something went wrong on our side.")
    # No request context: the database may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())


@never_cache
@require_GET
def healthz_live(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. Touches nothing else, so that a database or Redis
    outage does not make every pod restart."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def healthz_ready(request: HttpRequest) -> JsonResponse:
    """Readiness: the database and the broker (Redis) answer; 503 takes the pod out of
    the load balancer until they do."""
    database = selectors.database_state()
    broker = selectors.broker_state()
    ready = bool(database["ok"]) and bool(broker["ok"])
    body = {"status": "ok" if ready else "unavailable", "database": database, "broker": broker}
    return JsonResponse(body, status=200 if ready else 503)


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers that ask for /favicon.ico get the site's icon (linked from every page)."""
    from django.shortcuts import redirect
    from django.templatetags.static import static

    return redirect(static("img/favicon.svg"), permanent=True)


def choose_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch (a POST form; a GET only redirects back); for a person
    logged in the choice is also kept on the account, so that e-mail reaches them in it."""
    from django.views.i18n import set_language

    response = set_language(request)
    chosen = request.POST.get("language", "")
    user = request.user
    if (
        request.method == "POST"
        and user.is_authenticated
        and chosen in dict(settings.LANGUAGES)
        and getattr(user, "language", chosen) != chosen
    ):
        user.language = chosen
        user.save(update_fields=["language"])
    return response
