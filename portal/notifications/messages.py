"""What a notification says, in the reader's language at the time of reading."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.apps import apps
from django.utils.translation import gettext as _

from portal.notifications.models import Notification

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
else:
    StrOrPromise = str

# Verbs worth their own words, registered by the domains (`register_verbs` in their
# registration module); everything else is said from the kind of change.
VERBS: dict[str, StrOrPromise] = {}


def register_verbs(verbs: Mapping[str, StrOrPromise]) -> None:
    """What a notification of each dotted verb says after the item's name ("was published")."""
    VERBS.update(verbs)


def _what(n: Notification) -> str:
    if n.verb in VERBS:
        return str(VERBS[n.verb])
    try:
        model = apps.get_model(n.changed_model)
    except (LookupError, ValueError):
        model = None
    from portal.core.content import kinds_by_key

    kind = kinds_by_key().get(n.kind)
    own = model is None or kind is None or model._meta.label_lower == kind.model_label
    if own:
        return {"+": _("was added"), "-": _("was removed")}.get(n.change_type, _("was changed"))
    thing = str(model._meta.verbose_name)
    if n.change_type == "+":
        return _("new: %(thing)s") % {"thing": thing}
    if n.change_type == "-":
        return _("removed: %(thing)s") % {"thing": thing}
    return _("changed: %(thing)s") % {"thing": thing}


def describe(n: Notification) -> str:
    from portal.core.content import kinds_by_key

    kind = kinds_by_key().get(n.kind)
    if kind:
        model = kind.model
    else:  # a hand-over about a record that is not a findable kind (an application)
        try:
            model = apps.get_model(n.changed_model)
        except (LookupError, ValueError):
            model = None
    name = str(model._meta.verbose_name).capitalize() if model else ""
    return _("%(kind)s “%(label)s” %(what)s") % {"kind": name, "label": n.label, "what": _what(n)}
