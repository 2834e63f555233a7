"""What every form of the portal shares: the renderer, the date widget, optimistic
locking and the mapping of a service's errors onto the form."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import TransitionNotAllowed

from portal.core.exceptions import ConcurrentEditError, WorkflowError
from portal.core.models import CreateReceipt

# A date field as the browser's date picker, in the ISO format it sends.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PortalFormRenderer(TemplatesSetting):
    """Forms render with the NL Design System form-field pattern and an error summary."""

    form_template_name = "includes/form.html"
    field_template_name = "includes/form_field.html"


class IdempotentForm(forms.Form):
    """A create form: it carries a random key from the moment it is shown, so that sending
    it twice (a double click, a retry, parallel tabs) makes one item (see `run_create`).
    The key is taken out of `cleaned_data` into `idempotency_key`."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["idempotency_key"].initial = uuid.uuid4()
        self.idempotency_key: uuid.UUID | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        self.idempotency_key = data.pop("idempotency_key", None)
        return data


class LockedForm(forms.Form):
    """Carries the version of the item the form was opened on (optimistic locking)."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def add_service_errors(form, error) -> None:
    """Show a service's ValidationError on the form, per field where it names one."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


# A transition of a state machine that the item's current state does not allow.
NOT_NOW = gettext_lazy("This step is not possible in the item's current state.")

# What `run_service` and `run_step` return when the service refused.
REFUSED: Any = object()


def run_service(
    form: forms.BaseForm,
    call: Callable[[], Any],
    *,
    current_lock: Callable[[], int] | None = None,
    lock_field: str = "lock_version",
) -> Any:
    """Run a service for a valid form; a refusal becomes errors on the form, nothing saved.

    - `ValidationError`: per field where it names one, else above the form;
    - `WorkflowError` (a step the item's state does not allow) and `PermissionDenied`:
      above the form;
    - `ConcurrentEditError`: above the form, keeping what was typed; with `current_lock`
      (the item's lock version now) the form's `lock_field` carries that version, so a
      deliberate second save overwrites the other change.

    Returns the service's result, or `REFUSED` (test with `is REFUSED`).
    """
    try:
        return call()
    except ConcurrentEditError as error:
        if current_lock is not None and lock_field in form.fields:
            data = form.data.copy()
            data[lock_field] = str(current_lock())
            form.data = data
            form.full_clean()
        form.add_error(None, str(error.message))
    except ValidationError as error:
        add_service_errors(form, error)
    except WorkflowError as error:
        form.add_error(None, str(error))
    except TransitionNotAllowed:
        form.add_error(None, str(NOT_NOW))
    except PermissionDenied:
        form.add_error(None, _("You may not do this."))
    return REFUSED


def run_create(
    form: forms.BaseForm,
    call: Callable[[], Any],
    *,
    actor: Any,
    current_lock: Callable[[], int] | None = None,
) -> Any:
    """`run_service` for a create form (`IdempotentForm`): the first send with a key makes
    the item and a receipt in one transaction; a later or parallel send with the same key
    waits for the first on the receipt's unique key and returns the item it made, without
    calling the service again. If the first send was refused, nothing was kept and the
    next send is tried afresh."""
    key = getattr(form, "idempotency_key", None)
    if key is None:
        return run_service(form, call, current_lock=current_lock)

    def once() -> Any:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    receipt = CreateReceipt.objects.create(key=key, user=actor)
            except IntegrityError:
                earlier = CreateReceipt.objects.filter(key=key, user=actor).first()
                made = earlier.target if earlier else None
                if made is None:
                    raise ValidationError(SENT_BEFORE) from None
                return made
            result = call()
            if isinstance(result, models.Model) and result.pk is not None:
                receipt.content_type = ContentType.objects.get_for_model(result)
                receipt.object_id = result.pk
                receipt.save(update_fields=["content_type", "object_id"])
            return result

    return run_service(form, once, current_lock=current_lock)


SENT_BEFORE = gettext_lazy(
    "This form was sent before and cannot be sent again. Open the page anew to start over."
)


def posted_lock(request: HttpRequest) -> int:
    """The `lock_version` a step button was sent with; a missing or garbled one is refused
    by the service like a stale one (it cannot match the row's version)."""
    value = request.POST.get("lock_version", "")
    return int(value) if value.isdigit() else -1


def run_step(request: HttpRequest, call: Callable[[], Any], success: str) -> Any:
    """Run a workflow step that has no form of its own (a button): success and refusal
    become messages on the next page. Returns the service's result, or `REFUSED`."""
    try:
        result = call()
    except ConcurrentEditError as error:
        messages.error(request, str(error.message))
    except ValidationError as error:
        messages.error(request, " ".join(str(m) for m in error.messages))
    except WorkflowError as error:
        messages.error(request, str(error))
    except TransitionNotAllowed:
        messages.error(request, str(NOT_NOW))
    except PermissionDenied:
        messages.error(request, _("You may not do this."))
    else:
        messages.success(request, success)
        return result
    return REFUSED
