"""What consultations contribute to search, follow, notifications and impact."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.core.content import Document, Kind, Part, register_kind, register_part
from portal.core.text import plain


def register() -> None:
    register_kind(
        Kind(
            "consultation",
            "consultations.consultation",
            "consultations",
            _("Consultations"),
            search=lambda o: Document(o.title, plain(o.introduction)),
        )
    )
    register_part(Part("consultations.draftversion", ("consultation",)))
    register_part(Part("consultations.consultationdocument", ("consultation",)))
    register_part(Part("consultations.consultationsession", ("consultation",)))
