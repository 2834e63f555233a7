"""The datasets the portal publishes, and their DCAT-AP-NL description for harvesting."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# DCAT-AP-NL 3.0 (Geonovum): EU vocabularies for file types, languages, access rights and
# themes, IANA media types, and TOOI for the publishing ministry.
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
EU = "http://publications.europa.eu/resource/authority"
IANA = "https://www.iana.org/assignments/media-types"
FILE_TYPES = {
    "csv": (f"{EU}/file-type/CSV", "text/csv"),
    "xlsx": (
        f"{EU}/file-type/XLSX",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "json": (f"{EU}/file-type/JSON", "application/json"),
    "atom": (f"{EU}/file-type/ATOM", "application/atom+xml"),
    "api": (f"{EU}/file-type/JSON", "application/json"),
}
THEME = f"{EU}/data-theme/HEAL"  # Gezondheid (EU data themes)
LANGUAGE = f"{EU}/language/NLD"
PUBLIC = f"{EU}/access-right/PUBLIC"
MINISTRY = "https://identifier.overheid.nl/tooi/id/ministerie/mnre1025"  # VWS (TOOI)


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


def _node(iri: str, kind: str) -> dict[str, str]:
    """A reference to `iri`, typed with the class DCAT-AP expects of it (the shapes check
    the class of every value; the vocabularies themselves are not loaded)."""
    return {"@id": iri, "@type": kind}


def _history_model(ds: Dataset):
    """The history model of what a dataset's API collection serves, if any."""
    from portal.api.registry import router

    for prefix, viewset, _basename in router().registry:
        if prefix == ds.api:
            model = (
                getattr(getattr(viewset.serializer_class, "Meta", None), "model", None)
                or getattr(getattr(viewset.filterset_class, "_meta", None), "model", None)
                or getattr(viewset.queryset, "model", None)
            )
            history = getattr(model, "history", None)
            return history.model if history is not None else None
    return None


DATES_CACHE_KEY = "opendata:dataset-dates"
DATES_CACHE_SECONDS = 600


def dataset_dates() -> dict[str, tuple[str, str]]:
    """Per dataset key, when its data was first recorded and last changed (ISO dates), from
    the audit history of the model its API serves: one query over the indexed history
    dates of every dataset, kept ten minutes in the shared cache."""
    from django.core.cache import cache
    from django.db import connection

    cached = cache.get(DATES_CACHE_KEY)
    if cached is not None:
        return cached
    parts, params = [], []
    for ds in DATASETS:
        model = _history_model(ds)
        if model is None:
            continue
        table = connection.ops.quote_name(model._meta.db_table)
        parts.append(f"SELECT %s, MIN(history_date), MAX(history_date) FROM {table}")  # noqa: S608
        params.append(ds.key)
    dates: dict[str, tuple[str, str]] = {}
    if parts:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for key, first, last in cursor.fetchall():
                if first is not None and last is not None:
                    dates[key] = (_day(first), _day(last))
    cache.set(DATES_CACHE_KEY, dates, DATES_CACHE_SECONDS)
    return dates


def _day(value: Any) -> str:
    from django.utils.dateparse import parse_datetime

    moment = parse_datetime(value) if isinstance(value, str) else value
    return moment.date().isoformat()


def _dates(key: str, dates: dict[str, tuple[str, str]]) -> dict[str, Any]:
    if key not in dates:
        return {}
    first, last = dates[key]
    return {
        "dct:issued": {"@value": first, "@type": "xsd:date"},
        "dct:modified": {"@value": last, "@type": "xsd:date"},
    }


def catalogue_jsonld() -> dict[str, Any]:
    """A dcat:Catalog in JSON-LD that conforms to DCAT-AP-NL 3.0 (Geonovum's SHACL shapes,
    checked in tests/test_open_data_dcat.py), with the API as a dcat:DataService."""
    base = base_url()
    publisher = {
        **_node(MINISTRY, "foaf:Agent"),
        "foaf:name": "Ministerie van Volksgezondheid, Welzijn en Sport",
    }
    contact = {
        "@id": f"{base}/contact/#gis-portaal",
        "@type": ["vcard:Kind", "vcard:Organization"],
        "vcard:fn": "GIS-portaal",
        "vcard:hasEmail": {"@id": f"mailto:{settings.PORTAL_CONTACT_EMAIL}"},
        "vcard:hasURL": {"@id": f"{base}/contact/"},
    }
    common = {
        "dct:publisher": publisher,
        "dcat:contactPoint": contact,
        "dcat:theme": {
            **_node(THEME, "skos:Concept"),
            "skos:prefLabel": {"@language": "nl", "@value": "Gezondheid"},
            "skos:inScheme": {"@id": f"{EU}/data-theme"},
        },
        "dct:language": _node(LANGUAGE, "dct:LinguisticSystem"),
        "dct:license": _node(CC0, "dct:LicenseDocument"),
        "dct:accessRights": _node(PUBLIC, "dct:RightsStatement"),
    }
    api_id = f"{base}/api/v1"
    dates = dataset_dates()
    datasets, served = [], []
    for p in [*published(), chart_dataset()]:
        ds = p.dataset
        page = f"{base}/open-data/#{ds.key}"
        dataset_id = f"{base}/open-data/catalogus.jsonld#{ds.key}"
        if ds.api:
            served.append({"@id": dataset_id})
        datasets.append(
            {
                "@type": "dcat:Dataset",
                "@id": dataset_id,
                "dct:identifier": dataset_id,
                "dct:title": {"@language": "nl", "@value": _nl(ds.title)},
                "dct:description": {"@language": "nl", "@value": _nl(ds.description)},
                "dcat:keyword": [{"@language": "nl", "@value": k} for k in ds.keywords],
                **common,
                "dct:creator": publisher,
                "dcat:landingPage": _node(page, "foaf:Document"),
                "foaf:page": _node(f"{base}/open-data/", "foaf:Document"),
                **_dates(ds.key, dates),
                "dcat:distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "@id": f"{dataset_id}-{d.fmt}-{i}",
                        "dct:title": {"@language": "nl", "@value": d.label},
                        "dcat:accessURL": _node(base + d.url, "rdfs:Resource"),
                        **(
                            {"dcat:accessService": {"@id": api_id}}
                            if d.fmt == "api"
                            else {"dcat:downloadURL": _node(base + d.url, "rdfs:Resource")}
                        ),
                        "dct:format": _node(FILE_TYPES[d.fmt][0], "dct:MediaTypeOrExtent"),
                        "dcat:mediaType": _node(f"{IANA}/{FILE_TYPES[d.fmt][1]}", "dct:MediaType"),
                        "dct:license": _node(CC0, "dct:LicenseDocument"),
                        "dct:language": _node(LANGUAGE, "dct:LinguisticSystem"),
                    }
                    for i, d in enumerate(p.distributions, start=1)
                ],
            }
        )
    service = {
        "@type": "dcat:DataService",
        "@id": api_id,
        "dct:identifier": api_id,
        "dct:title": {"@language": "nl", "@value": "API van het GIS-portaal"},
        "dct:description": {
            "@language": "nl",
            "@value": (
                "De open lees-API (NL API Design Rules) met alle openbare gegevens van het "
                "portaal; koppelpartijen schrijven met OAuth2-clientgegevens."
            ),
        },
        **common,
        "dct:creator": publisher,
        "dcat:keyword": [
            {"@language": "nl", "@value": k} for k in ("API", "open data", "afsprakenstelsel")
        ],
        "dcat:endpointURL": _node(f"{api_id}/", "rdfs:Resource"),
        "dcat:endpointDescription": _node(f"{api_id}/openapi.json", "rdfs:Resource"),
        "dct:conformsTo": _node(
            "https://gitdocumentatie.logius.nl/publicatie/api/adr/", "dct:Standard"
        ),
        "foaf:page": _node(f"{api_id}/docs", "foaf:Document"),
        "dcat:servesDataset": served,
    }
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
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
        "dct:creator": publisher,
        "dcat:contactPoint": contact,
        "dct:language": _node(LANGUAGE, "dct:LinguisticSystem"),
        "dct:license": _node(CC0, "dct:LicenseDocument"),
        "foaf:homepage": _node(f"{base}/", "foaf:Document"),
        "dcat:themeTaxonomy": {
            **_node(f"{EU}/data-theme", "skos:ConceptScheme"),
            "dct:title": {"@language": "en", "@value": "Data theme"},
        },
        "dcat:dataset": datasets,
        "dcat:service": [service],
    }


def _nl(text: Promise) -> str:
    from django.utils.translation import override

    with override("nl"):
        return str(text)


def jsonld_text() -> str:
    """JSON safe to put inside a <script> element."""
    text = json.dumps(catalogue_jsonld(), ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
