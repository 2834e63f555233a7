"""Writes by integrator clients: an OAuth2 token with the resource's scope, the same
service a page calls (permission, validation, audit, notifications and events follow
from it), `Idempotency-Key` on POST and `If-Match` on updates.

A viewset that takes writes sets `write_scopes` and calls `create_with_key` and
`update_if_match` around its service; service errors become problem details here."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.cache import parse_etags  # type: ignore[attr-defined]
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from oauth2_provider.contrib.rest_framework import TokenHasScope
from rest_framework import exceptions, status
from rest_framework.permissions import SAFE_METHODS
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from portal.core.exceptions import ConcurrentEditError, WorkflowError


class ScopedWrites(TokenHasScope):
    """Reads stay open to everyone; a write needs an OAuth2 access token that holds the
    view's `write_scopes` (a session, or a token without the scope, is refused)."""

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        if request.auth is None or not hasattr(request.auth, "scope"):
            return False
        return super().has_permission(request, view)

    def get_scopes(self, request, view) -> list[str]:
        if request.method in SAFE_METHODS:
            return []
        return list(getattr(view, "write_scopes", []))


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The resource changed since the ETag given in If-Match: read it again."
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = "Send the resource's ETag in If-Match to update it."
    default_code = "precondition_required"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The resource's state does not allow this."
    default_code = "conflict"


class KeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "This Idempotency-Key was used for a different request."
    default_code = "idempotency_key_reused"


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def etag_of(obj: Any) -> str:
    """The strong ETag of a writable resource: its lock version."""
    return f'"{obj.lock_version}"'


def service_call(call: Callable[[], Any], names: dict[str, str] | None = None) -> Any:
    """Run a service; its refusals as API errors (field names as the API spells them)."""
    names = names or {}
    try:
        return call()
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            detail: Any = {
                names.get(field, camel(field)): [str(m) for m in messages]
                for field, messages in error.message_dict.items()
            }
        else:
            detail = [str(m) for m in error.messages]
        raise exceptions.ValidationError(detail) from error
    except ConcurrentEditError as error:
        raise PreconditionFailed from error
    except WorkflowError as error:
        raise Conflict(str(error)) from error


def require_if_match(request: Request, obj: Any) -> int:
    """The lock version the client saw, from `If-Match`; 428 without it, 412 when stale."""
    header = request.headers.get("If-Match", "")
    if not header:
        raise PreconditionRequired
    if header.strip() == "*":
        return obj.lock_version
    if etag_of(obj) not in parse_etags(header):
        raise PreconditionFailed
    return obj.lock_version


_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")


def _fingerprint(request: Request) -> str:
    digest = hashlib.sha256()
    digest.update(request.method.encode() + b" " + request.path.encode() + b"\n")
    digest.update(request.body)
    return digest.hexdigest()


def create_with_key(request: Request, make: Callable[[], Response]) -> Response:
    """Run `make` (a create) once per `Idempotency-Key`: a retry with the same key and the
    same request gets the first answer again (`Idempotent-Replayed: true`) and makes
    nothing; the same key with another request is refused (422). Two sends at once wait
    for each other on the key. A failed create keeps no key."""
    from portal.integrations.models import IdempotentAnswer

    key = request.headers.get("Idempotency-Key")
    if key is None:
        return make()
    if not _KEY.match(key):
        raise exceptions.ValidationError(
            {"Idempotency-Key": ["Use 1 to 255 visible ASCII characters."]}
        )
    fingerprint = _fingerprint(request)
    with transaction.atomic():
        answer, created = IdempotentAnswer.objects.get_or_create(
            account=request.user, key=key, defaults={"fingerprint": fingerprint}
        )
        if not created:
            if answer.fingerprint != fingerprint:
                raise KeyReused
            headers = {"Idempotent-Replayed": "true"}
            if answer.location:
                headers["Location"] = answer.location
            return Response(answer.body, status=answer.status_code, headers=headers)
        response = make()
        answer.status_code = response.status_code
        answer.body = json.loads(JSONRenderer().render(response.data))
        answer.location = response.get("Location", "")
        answer.save(update_fields=["status_code", "body", "location"])
        return response


def created(data: dict, obj: Any) -> Response:
    headers = {"ETag": etag_of(obj)}
    if data.get("url"):
        # A plain str: the serializer's URL is a str subclass that WSGI servers refuse.
        headers["Location"] = str(data["url"])
    return Response(data, status=status.HTTP_201_CREATED, headers=headers)


def updated(data: dict, obj: Any) -> Response:
    return Response(data, headers={"ETag": etag_of(obj)})


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "A key of your own (1–255 visible characters, a UUID is a good choice): a retry "
        "with the same key and body gets the first answer and creates nothing twice."
    ),
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="The ETag of the resource as last read; 412 when it changed since.",
)


# (The mixins below say what they do in comments: a docstring of theirs would become the
# OpenAPI description of every operation of the viewsets that use them.)


class _ServiceWrites:
    # What viewsets that take writes share: each write through the domain's service, its
    # refusals as problem details. `field_names` maps the API's names to the service's
    # keywords; the reverse names the service's errors.

    field_names: dict[str, str] = {}

    def _error_names(self) -> dict[str, str]:
        return {field: api for api, field in self.field_names.items()}

    def _fresh(self, obj: Any) -> Any:
        return self.get_queryset().get(pk=obj.pk)  # type: ignore[attr-defined]


class ServiceUpdates(_ServiceWrites):
    # Reads with the ETag an update must send back; `PATCH` checked against `If-Match`
    # and run through `update_service`.

    change_serializer: type | None = None

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        obj = self.get_object()  # type: ignore[attr-defined]
        data = self.get_serializer(obj).data  # type: ignore[attr-defined]
        return Response(data, headers={"ETag": etag_of(obj)})

    def update_service(self, request: Request, obj: Any, lock_version: int, fields: dict):
        raise NotImplementedError

    def service_update(self, request: Request, lookup: dict, service=None) -> Response:
        obj = get_object_or_404(self.get_queryset(), **lookup)  # type: ignore[attr-defined]
        lock_version = require_if_match(request, obj)
        given = self.change_serializer(data=request.data)  # type: ignore[misc]
        given.is_valid(raise_exception=True)
        fields = {self.field_names.get(k, k): v for k, v in given.validated_data.items()}
        run = service or self.update_service
        saved = service_call(lambda: run(request, obj, lock_version, fields), self._error_names())
        fresh = self._fresh(saved)
        return updated(self.get_serializer(fresh).data, fresh)  # type: ignore[attr-defined]

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        field = self.lookup_field  # type: ignore[attr-defined]
        return self.service_update(request, {field: kwargs[field]})


class ServiceCreates(_ServiceWrites):
    # `POST` run once per `Idempotency-Key` through `create_service`.

    create_serializer: type | None = None

    def create_service(self, request: Request, data: dict) -> Any:
        raise NotImplementedError

    def create(self, request: Request, *args, **kwargs) -> Response:
        given = self.create_serializer(  # type: ignore[misc]
            data=request.data, context={"request": request}
        )
        given.is_valid(raise_exception=True)

        def make() -> Response:
            obj = service_call(
                lambda: self.create_service(request, given.validated_data), self._error_names()
            )
            fresh = self._fresh(obj)
            return created(self.get_serializer(fresh).data, fresh)  # type: ignore[attr-defined]

        return create_with_key(request, make)
