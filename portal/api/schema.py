"""OpenAPI post-processing for the NL API Design Rules."""

from __future__ import annotations

from typing import Any

from django.conf import settings

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "Problem details (RFC 9457).",
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "code": {"type": "string"},
        "invalidParams": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "code": {"type": "string"},
                    "reason": {"type": "string"},
                },
            },
        },
    },
    "required": ["title", "status"],
}

VERSION_HEADER = {
    "description": "The full version of the API (semantic versioning).",
    "schema": {"type": "string", "example": settings.API_VERSION},
}
CORS_HEADER = {
    "description": "The API is public: any origin may read it.",
    "schema": {"type": "string", "example": "*"},
}

RATE_LIMIT_HEADERS = {
    "RateLimit-Limit": {
        "description": "Requests allowed in the current window.",
        "schema": {"type": "integer"},
    },
    "RateLimit-Remaining": {
        "description": "Requests left in the current window.",
        "schema": {"type": "integer"},
    },
    "RateLimit-Reset": {
        "description": "Seconds until a request is allowed again once none are left.",
        "schema": {"type": "integer"},
    },
}

CACHE_HEADERS = {
    "ETag": {
        "description": (
            "On anonymous reads (send it back in If-None-Match: 304 when nothing changed) "
            "and on a resource a client may update (send it in If-Match)."
        ),
        "schema": {"type": "string"},
    },
    "Last-Modified": {
        "description": (
            "On anonymous reads: when the answer may last have changed (If-Modified-Since "
            "gives 304)."
        ),
        "schema": {"type": "string"},
    },
}

STANDARD_ERRORS = {
    "400": "The request is not valid.",
    "404": "Not found.",
    "429": "Too many requests: try again later.",
    "500": "Server error.",
}

WRITE_ERRORS = {
    "401": "No valid access token (OAuth2 client credentials).",
    "403": "The token lacks the scope, or the client may not change this resource.",
    "409": "The resource's state does not allow this.",
}
UPDATE_ERRORS = {
    "412": "The resource changed since the ETag given in If-Match.",
    "428": "If-Match is required.",
}


# Integer bounds that come from the database backend, not from the API's contract.
_BACKEND_BOUNDS = {32767, 2147483647, 9223372036854775807, -2147483648, -9223372036854775808}


NO_NUL = "^[^\\u0000]*$"


def _strip_backend_bounds(node: Any) -> None:
    """The same API on SQLite and PostgreSQL must describe itself the same way."""
    if isinstance(node, dict):
        if node.get("type") == "integer":
            for key in ("maximum", "minimum"):
                if node.get(key) in _BACKEND_BOUNDS:
                    del node[key]
            if node.get("format") == "int64":
                del node["format"]
        for value in node.values():
            _strip_backend_bounds(value)
    elif isinstance(node, list):
        for value in node:
            _strip_backend_bounds(value)


def _security(method: str, operation: dict[str, Any]) -> None:
    """Reads are open to everyone (a session or token only widens what is seen); writes
    need an OAuth2 client-credentials token with the operation's scopes, nothing else."""
    given = operation.get("security") or []
    if method in {"get", "head", "options"}:
        kept = [r for r in given if not (set(r) == {"oauth2"} and not r["oauth2"])]
        operation["security"] = [*kept, {"oauth2": []}, {}] if given else [{}]
        operation["security"] = _unique(operation["security"])
    else:
        operation["security"] = [r for r in given if "oauth2" in r] or given


def _describe(path: str, method: str, operation: dict[str, Any]) -> None:
    """Operations whose view says no more than its summary get the description every
    collection and item of this API shares (NL API rules: every operation described)."""
    if operation.get("description") or method != "get":
        return
    summary = operation.get("summary", "").rstrip(".")
    if path.endswith("}"):
        key = path.rsplit("{", 1)[1].rstrip("}")
        operation["description"] = (
            f"{summary}, by its `{key}`. Answers 404 when there is none, or when it is not "
            "public and the caller may not see it."
        )
    else:
        operation["description"] = (
            f"{summary}: a page of the collection (`page`, `pageSize` up to 100), filtered "
            "and ordered by the parameters below; anonymous callers get what is public."
        )


def _unique(requirements: list[dict]) -> list[dict]:
    seen: list[dict] = []
    for requirement in requirements:
        if requirement not in seen:
            seen.append(requirement)
    return seen


def add_nl_api_headers(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict:
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    problem_content = {
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
    }
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "put", "post", "patch", "delete", "head", "options"}:
                continue
            for param in operation.get("parameters", []):
                schema = param.get("schema", {})
                if (
                    param.get("in") == "query"
                    and schema.get("type") == "string"
                    and not (schema.get("enum") or schema.get("format") or schema.get("pattern"))
                ):
                    # PostgreSQL text cannot hold NUL; such a filter is answered with 400.
                    schema["pattern"] = NO_NUL
            _security(method, operation)
            _describe(path, method, operation)
            responses = operation.setdefault("responses", {})
            for code, description in STANDARD_ERRORS.items():
                responses.setdefault(code, {"description": description})
            if method in {"post", "put", "patch", "delete"}:
                for code, description in WRITE_ERRORS.items():
                    responses.setdefault(code, {"description": description})
                if method != "post":
                    for code, description in UPDATE_ERRORS.items():
                        responses.setdefault(code, {"description": description})
            for code, response in responses.items():
                if code[:1] in {"2", "3"}:
                    headers = response.setdefault("headers", {})
                    headers["API-Version"] = VERSION_HEADER
                    headers["access-control-allow-origin"] = CORS_HEADER
                    if code[:1] == "2":
                        headers.update(RATE_LIMIT_HEADERS)
                    if method == "get" and code == "200":
                        headers.update(CACHE_HEADERS)
                elif code[:1] in {"4", "5"}:
                    response["content"] = problem_content
    _strip_backend_bounds(result.get("components", {}))
    result["info"]["contact"] = settings.SPECTACULAR_SETTINGS["CONTACT"]
    result["info"]["license"] = settings.SPECTACULAR_SETTINGS["LICENSE"]
    return result
