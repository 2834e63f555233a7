"""The main navigation: the sections of the portal, in order."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    key: str
    title: Promise
    url_name: str
    summary: Promise

    @property
    def url(self) -> str:
        return reverse(self.url_name)


SECTIONS: tuple[Section, ...] = (
    Section(
        "afspraken",
        _("Agreements"),
        "agreements:list",
        _(
            "The national agreement catalogue (Landelijk afsprakenstelsel), its releases "
            "and compliance."
        ),
    ),
    Section(
        "wegiz",
        _("Wegiz agenda"),
        "wegiz:agenda",
        _("The Wegiz multi-year agenda: data exchanges, phases and designations."),
    ),
    Section(
        "portfolio",
        _("Portfolio"),
        "portfolio:index",
        _("Programmes, tranches, deliverables, milestones and decisions."),
    ),
    Section(
        "pilots",
        _("Pilots"),
        "portfolio:pilots",
        _("Pilots, technical tests and field trials, and what they proved."),
    ),
    Section(
        "regios",
        _("Regions"),
        "regions:register",
        _("Regional initiatives, progress reports, CDS alignment and funding."),
    ),
    Section(
        "consultaties",
        _("Consultations"),
        "consultations:index",
        _("Drafts out for comment, every comment answered, and the reports."),
    ),
    Section(
        "kamer",
        _("Parliament"),
        "parliament:register",
        _("Commitments to parliament and motions: owner, due date and how each was fulfilled."),
    ),
    Section(
        "dashboards",
        _("Dashboards"),
        "dashboards:index",
        _("Figures on the whole system, with the data behind each chart."),
    ),
    Section("api", _("API"), "api:docs", _("The open read API with its OpenAPI description.")),
)
