"""What a notification says, in the reader's language at the time of reading."""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.notifications.models import Notification

# Verbs worth their own words; everything else is said from the kind of change.
VERBS = {
    "agreements.agreement.withdrawn": gettext_lazy("was withdrawn"),
    "agreements.agreement.version_added": gettext_lazy("has a new version"),
    "agreements.agreement.released": gettext_lazy("was taken up in a release"),
    "agreements.release.submitted": gettext_lazy("was submitted for review"),
    "agreements.release.approved": gettext_lazy("was approved by the architecture board"),
    "agreements.release.returned": gettext_lazy("was sent back by the architecture board"),
    "agreements.release.published": gettext_lazy("was published"),
    "agreements.review.recorded": gettext_lazy("was reviewed by the architecture board"),
    "wegiz.phase.moved": gettext_lazy("moved to another phase"),
    "wegiz.phase.recorded": gettext_lazy("moved to another phase"),
    "wegiz.phase.planned": gettext_lazy("has a new planned phase"),
    "wegiz.phase.corrected": gettext_lazy("had its phase history corrected"),
    "wegiz.study.added": gettext_lazy("has a new study"),
    "regions.report.submitted": gettext_lazy("has a new progress report"),
    "regions.review.recorded": gettext_lazy("has a new CDS alignment review"),
    "regions.review.responded": gettext_lazy("has a response to its CDS alignment review"),
    "consultations.consultation.scheduled": gettext_lazy("was scheduled"),
    "consultations.consultation.opened": gettext_lazy("is open for comments"),
    "consultations.version.published": gettext_lazy("has a new draft version"),
    "consultations.report.published": gettext_lazy("has its report published"),
}


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
    name = str(kind.model._meta.verbose_name).capitalize() if kind else ""
    return _("%(kind)s “%(label)s” %(what)s") % {"kind": name, "label": n.label, "what": _what(n)}
