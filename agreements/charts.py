"""The catalogue's public charts (registered with the dashboards)."""

from __future__ import annotations

from django.db.models import Count
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.models import Agreement, Release
from portal.dashboards.charts import Chart, Table, pivot, register_chart

# --- Catalogue -----------------------------------------------------------------------------


def _agreement_statuses() -> list[tuple[str, str]]:
    return [(v, str(label)) for v, label in Agreement.Status.choices if v != "draft"]


def catalogue_by(field_name: str, heading: str) -> Table:
    statuses = _agreement_statuses()
    rows = list(
        Agreement.objects.published()
        .values(field_name, "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    choices = Agreement._meta.get_field(field_name).choices
    table = Table([heading] + [label for _v, label in statuses])
    wide = pivot(rows, field_name, "status", [v for v, _l in choices], [v for v, _l in statuses])
    table.rows = [[str(label), *row[1:]] for (_v, label), row in zip(choices, wide, strict=True)]
    return table


def catalogue_by_layer() -> Table:
    return catalogue_by("layer", _("Layer"))


def catalogue_by_plateau() -> Table:
    return catalogue_by("plateau", _("Plateau"))


def temporary_expiring() -> Table:
    rows = list(
        Agreement.objects.published()
        .filter(is_temporary=True, valid_until__isnull=False)
        .exclude(status=Agreement.Status.WITHDRAWN)
        .annotate(year=ExtractYear("valid_until"), quarter=ExtractQuarter("valid_until"))
        .values("year", "quarter")
        .annotate(n=Count("pk"))
        .order_by("year", "quarter")
    )
    return Table(
        [_("Quarter"), _("Temporary agreements ending")],
        [[f"{r['year']} Q{r['quarter']}", r["n"]] for r in rows],
    )


def releases_per_year() -> Table:
    rows = list(
        Release.objects.published()
        .filter(published_on__isnull=False)
        .annotate(year=ExtractYear("published_on"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    )
    return Table([_("Year"), _("Releases published")], [[r["year"], r["n"]] for r in rows])


def register() -> None:
    register_chart(
        Chart(
            "catalogue-by-layer",
            gettext_lazy("Agreement catalogue"),
            gettext_lazy("Agreements by layer and status"),
            gettext_lazy("Published agreements per interoperability layer."),
            catalogue_by_layer,
            horizontal=True,
            order=30,
        )
    )
    register_chart(
        Chart(
            "catalogue-by-plateau",
            gettext_lazy("Agreement catalogue"),
            gettext_lazy("Agreements by plateau and status"),
            gettext_lazy("Published agreements per plateau of the roadmap."),
            catalogue_by_plateau,
            order=40,
        )
    )
    register_chart(
        Chart(
            "temporary-agreements-ending",
            gettext_lazy("Agreement catalogue"),
            gettext_lazy("Temporary agreements by the quarter they end"),
            gettext_lazy(
                "Temporary agreements still in the catalogue, by the end of their validity."
            ),
            temporary_expiring,
            order=50,
        )
    )
    register_chart(
        Chart(
            "releases-per-year",
            gettext_lazy("Agreement catalogue"),
            gettext_lazy("Releases published per year"),
            gettext_lazy("Releases of the national agreement system, by year of publication."),
            releases_per_year,
            order=60,
        )
    )
