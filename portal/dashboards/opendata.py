"""The datasets the portal publishes, and their DCAT-AP-NL description for harvesting."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CC0 = "http://creativecommons.org/publicdomain/zero/1.0/deed.nl"
FILE_TYPES = {
    "csv": ("http://publications.europa.eu/resource/authority/file-type/CSV", "text/csv"),
    "xlsx": (
        "http://publications.europa.eu/resource/authority/file-type/XLSX",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "json": ("http://publications.europa.eu/resource/authority/file-type/JSON", "application/json"),
    "atom": (
        "http://publications.europa.eu/resource/authority/file-type/ATOM",
        "application/atom+xml",
    ),
    "api": ("http://publications.europa.eu/resource/authority/file-type/JSON", "application/json"),
}
THEME = "http://standaarden.overheid.nl/owms/terms/Zorg_en_gezondheid"
LANGUAGE = "http://publications.europa.eu/resource/authority/language/NLD"
PUBLIC = "http://publications.europa.eu/resource/authority/access-right/PUBLIC"


@dataclass(frozen=True)
class Dataset:
    key: str
    title: Promise
    description: Promise
    api: str = ""  # collection under /api/v1/
    export: str = ""  # URL name taking fmt
    feed: str = ""  # URL name of the Atom feed
    keywords: tuple[str, ...] = ()


@dataclass
class Distribution:
    label: str
    fmt: str
    url: str


@dataclass
class Published:
    dataset: Dataset
    distributions: list[Distribution] = field(default_factory=list)


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        "agreements",
        _("Agreement catalogue"),
        _("The agreements of the national agreement system: layer, topic, plateau, status."),
        api="agreements",
        export="agreements:export",
        keywords=("afsprakenstelsel", "interoperabiliteit"),
    ),
    Dataset(
        "releases",
        _("Releases of the agreement system"),
        _("Published releases with their release notes and the agreement versions they bundle."),
        api="releases",
        export="agreements:releases-export",
        feed="feed-releases",
        keywords=("afsprakenstelsel", "release"),
    ),
    Dataset(
        "standards",
        _("Standards referred to"),
        _("The standards the agreements refer to, with their maintainer."),
        api="standards",
        keywords=("standaarden",),
    ),
    Dataset(
        "compliance",
        _("Compliance with agreements"),
        _("Which parties were tested against which agreement versions, and the result."),
        export="agreements:compliance-export",
        keywords=("naleving", "NTV"),
    ),
    Dataset(
        "exchanges",
        _("Wegiz multi-year agenda"),
        _("The data exchanges on the Wegiz agenda, their phases and designations."),
        api="exchanges",
        export="wegiz:export",
        feed="feed-wegiz",
        keywords=("Wegiz", "gegevensuitwisseling"),
    ),
    Dataset(
        "programmes",
        _("Programmes"),
        _("The programmes of the portfolio with their goals and deliverables."),
        api="programmes",
        export="portfolio:programmes-export",
        keywords=("portfolio", "programma"),
    ),
    Dataset(
        "tranches",
        _("Tranches"),
        _("Published tranches: goal, value for care providers and period."),
        api="tranches",
        keywords=("portfolio", "tranche"),
    ),
    Dataset(
        "milestones",
        _("Milestones"),
        _("Public milestones of programmes, tranches and exchanges."),
        api="milestones",
        export="portfolio:milestones-export",
        keywords=("portfolio", "mijlpaal"),
    ),
    Dataset(
        "pilots",
        _("Pilots and their outcomes"),
        _("Pilots, technical tests and field trials with their outcome scores."),
        api="pilots",
        keywords=("pilot", "proeftuin"),
    ),
    Dataset(
        "regions",
        _("Regions"),
        _("The regions of the regional register."),
        api="regions",
        keywords=("regio",),
    ),
    Dataset(
        "initiatives",
        _("Regional initiatives"),
        _("The regional register: initiatives, their status and funding."),
        api="initiatives",
        export="regions:export",
        keywords=("regio", "CDS"),
    ),
    Dataset(
        "building-blocks",
        _("National building blocks"),
        _(
            "The national provisions the health information system reuses, with owner, "
            "state, generic function and the agreements that specify them."
        ),
        api="building-blocks",
        export="blocks:export",
        keywords=("bouwsteen", "generieke functie"),
    ),
    Dataset(
        "adoption",
        _("Adoption of exchanges and agreements"),
        _(
            "Dated figures of how far the field has adopted the Wegiz exchanges and the "
            "agreements (care providers connected, vendors validated by the NTV), with their "
            "source, and the targets they are measured against."
        ),
        api="adoption-figures",
        export="adoption:export",
        keywords=("adoptie", "nazorgfase", "NTV"),
    ),
    Dataset(
        "funding",
        _("Funding schemes and decisions"),
        _(
            "Funding schemes with their budget ceiling, calls and deadlines, the amounts "
            "granted and remaining per scheme and region, and every decided application."
        ),
        api="funding-schemes",
        export="regions:schemes-export",
        keywords=("subsidie", "IZA", "transformatiemiddelen"),
    ),
    Dataset(
        "consultations",
        _("Consultations"),
        _("Consultations with their drafts, public comments and reports."),
        api="consultations",
        feed="feed-consultations",
        keywords=("consultatie", "inspraak"),
    ),
    Dataset(
        "commitments",
        _("Commitments to parliament and motions"),
        _(
            "Commitments of the minister to the House and adopted motions: source, owner, "
            "due date, state and the document that fulfilled each."
        ),
        api="commitments",
        export="parliament:export",
        keywords=("Tweede Kamer", "toezegging", "motie"),
    ),
    Dataset(
        "legislation",
        _("Legislation"),
        _(
            "Acts, orders in council and regulations about the health information system, "
            "each procedure step with its planned and actual date."
        ),
        api="legislation",
        export="parliament:track-export",
        keywords=("wetgeving", "AMvB", "Wegiz"),
    ),
    Dataset(
        "advice",
        _("Advice and its follow-up"),
        _(
            "Advisory reports to the ministry with each conclusion and recommendation, the "
            "ministry's disposition, owner, deadline and follow-up."
        ),
        api="advisory-reports",
        export="parliament:follow-up-export",
        keywords=("advies", "AcICT", "aanbeveling"),
    ),
)


def base_url() -> str:
    return settings.PORTAL_BASE_URL.rstrip("/")


def published() -> list[Published]:
    out = []
    for ds in DATASETS:
        p = Published(ds)
        if ds.api:
            p.distributions.append(Distribution("API", "api", f"/api/v1/{ds.api}"))
        if ds.export:
            for fmt in ("csv", "xlsx", "json"):
                p.distributions.append(
                    Distribution(fmt.upper(), fmt, reverse(ds.export, args=[fmt]))
                )
        if ds.feed:
            p.distributions.append(Distribution("Atom", "atom", reverse(ds.feed)))
        out.append(p)
    return out


def chart_dataset() -> Published:
    from portal.dashboards.charts import registered_charts

    ds = Dataset(
        "dashboards",
        _("Figures of the dashboards"),
        _("The data behind every chart of the public dashboards, one CSV file per chart."),
        keywords=("dashboard", "statistiek"),
    )
    return Published(
        ds,
        [
            Distribution(str(c.title), "csv", reverse("dashboards:csv", args=[c.key]))
            for c in registered_charts()
        ],
    )


def catalogue_jsonld() -> dict[str, Any]:
    """A dcat:Catalog in JSON-LD with the properties DCAT-AP-NL requires or recommends."""
    base = base_url()
    publisher = {
        "@type": "foaf:Agent",
        "foaf:name": "Ministerie van Volksgezondheid, Welzijn en Sport",
        "@id": "http://standaarden.overheid.nl/owms/terms/Ministerie_van_Volksgezondheid,_Welzijn_en_Sport",
    }
    contact = {
        "@type": "vcard:Organization",
        "vcard:fn": "GIS-portaal",
        "vcard:hasEmail": f"mailto:{settings.PORTAL_CONTACT_EMAIL}",
    }
    datasets = []
    for p in [*published(), chart_dataset()]:
        ds = p.dataset
        datasets.append(
            {
                "@type": "dcat:Dataset",
                "@id": f"{base}/open-data/#{ds.key}",
                "dct:identifier": f"{base}/open-data/#{ds.key}",
                "dct:title": {"@language": "nl", "@value": _nl(ds.title)},
                "dct:description": {"@language": "nl", "@value": _nl(ds.description)},
                "dcat:keyword": list(ds.keywords),
                "dcat:theme": {"@id": THEME},
                "dct:language": {"@id": LANGUAGE},
                "dct:license": {"@id": CC0},
                "dct:accessRights": {"@id": PUBLIC},
                "dct:publisher": publisher,
                "dcat:contactPoint": contact,
                "dcat:landingPage": {"@id": f"{base}/open-data/#{ds.key}"},
                "dcat:distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "dct:title": d.label,
                        "dcat:accessURL": {"@id": base + d.url},
                        **({} if d.fmt == "api" else {"dcat:downloadURL": {"@id": base + d.url}}),
                        "dct:format": {"@id": FILE_TYPES[d.fmt][0]},
                        "dcat:mediaType": FILE_TYPES[d.fmt][1],
                        "dct:license": {"@id": CC0},
                        **(
                            {"dct:conformsTo": {"@id": f"{base}/api/v1/openapi.json"}}
                            if d.fmt == "api"
                            else {}
                        ),
                    }
                    for d in p.distributions
                ],
            }
        )
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
        },
        "@type": "dcat:Catalog",
        "@id": f"{base}/open-data/",
        "dct:title": {"@language": "nl", "@value": "Open data van het GIS-portaal"},
        "dct:description": {
            "@language": "nl",
            "@value": (
                "Alle datasets die het GIS-portaal openbaar publiceert: API, exports en feeds."
            ),
        },
        "dct:publisher": publisher,
        "dct:language": {"@id": LANGUAGE},
        "dct:license": {"@id": CC0},
        "foaf:homepage": {"@id": f"{base}/"},
        "dcat:dataset": datasets,
    }


def _nl(text: Promise) -> str:
    from django.utils.translation import override

    with override("nl"):
        return str(text)


def jsonld_text() -> str:
    """JSON safe to put inside a <script> element."""
    text = json.dumps(catalogue_jsonld(), ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
