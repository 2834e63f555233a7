"""What the roadmap contributes to search, follow, notifications and impact."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.core.content import Document, Kind, Part, register_kind, register_part
from portal.core.text import join_lines


def _report_is_news(report) -> bool:
    # A progress report is the region's working document until it is submitted.
    from roadmap.models import ProgressReport

    return report.status == ProgressReport.Status.SUBMITTED


def register() -> None:
    register_kind(
        Kind(
            "exchange",
            "roadmap.exchange",
            "wegiz",
            _("Exchanges"),
            search=lambda o: Document(
                f"{o.number}. {o.title}",
                join_lines(
                    o.care_domain,
                    o.commissioner,
                    o.quality_standard,
                    o.information_standard,
                    o.nen_norm,
                    o.description,
                ),
            ),
        )
    )
    register_kind(
        Kind(
            "programme",
            "roadmap.programme",
            "portfolio",
            _("Programmes"),
            search=lambda o: Document(
                o.name, join_lines(o.owner_directorate, o.commissioner, o.goal)
            ),
        )
    )
    register_kind(
        Kind(
            "tranche",
            "roadmap.tranche",
            "portfolio",
            _("Tranches"),
            search=lambda o: Document(o.name, join_lines(o.goal, o.value_for_care_providers)),
        )
    )
    register_kind(
        Kind(
            "milestone",
            "roadmap.milestone",
            "portfolio",
            _("Milestones"),
            search=lambda o: Document(o.title, join_lines(o.owner)),
        )
    )
    register_kind(
        Kind(
            "pilot",
            "roadmap.pilot",
            "pilots",
            _("Pilots"),
            search=lambda o: Document(
                o.title, join_lines(o.summary, o.lessons, o.get_kind_display())
            ),
        )
    )
    register_kind(
        Kind(
            "initiative",
            "roadmap.initiative",
            "regions",
            _("Regional initiatives"),
            search=lambda o: Document(
                o.title, join_lines(o.region.name, o.care_domains, o.purpose, o.own_builds)
            ),
            search_queryset=lambda qs: qs.select_related("region"),
        )
    )
    register_kind(
        Kind(
            "building-block",
            "roadmap.buildingblock",
            "pilots",
            _("Building blocks"),
            search=lambda o: Document(
                o.name, join_lines(o.owner, o.summary, o.get_generic_function_display())
            ),
        )
    )
    register_kind(
        Kind(
            "funding-scheme",
            "roadmap.fundingscheme",
            "regions",
            _("Funding schemes"),
            search=lambda o: Document(o.name, join_lines(o.source, o.description)),
        )
    )
    register_part(Part("roadmap.fundingcall", ("scheme",)))
    register_part(Part("roadmap.adoptionmeasurement", ("exchange", "agreement")))
    register_part(Part("roadmap.adoptiontarget", ("exchange", "agreement")))
    register_part(Part("roadmap.phasechange", ("exchange",)))
    register_part(Part("roadmap.designation", ("exchange",)))
    register_part(Part("roadmap.study", ("exchange",)))
    register_part(Part("roadmap.deliverable", ("programme", "tranche")))
    register_part(Part("roadmap.outcomeassessment", ("pilot",)))
    register_part(Part("roadmap.blueprint", ("pilot",)))
    register_part(Part("roadmap.alignmentreview", ("initiative",)))
    register_part(Part("roadmap.progressreport", ("initiative",), notifies=_report_is_news))
