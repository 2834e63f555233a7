from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from portal.core.content import kinds_by_key
from portal.core.decorators import chart_csp
from portal.core.exports import export_response
from portal.dashboards import impact, opendata
from portal.dashboards.charts import CHARTS, charts_by_key, figure


@chart_csp
def index(request: HttpRequest) -> HttpResponse:
    blocks = []
    for chart in CHARTS:
        table = chart.data()
        blocks.append(
            {
                "chart": chart,
                "table": table,
                "figure": figure(chart, table) if table.rows else None,
                "figure_id": f"figure-{chart.key}",
            }
        )
    groups: list[tuple[str, list[dict]]] = []
    for block in blocks:
        name = str(block["chart"].group)
        if not groups or groups[-1][0] != name:
            groups.append((name, []))
        groups[-1][1].append(block)
    return render(request, "dashboards/index.html", {"groups": groups})


def chart_csv(request: HttpRequest, key: str) -> HttpResponse:
    chart = charts_by_key().get(key)
    if chart is None:
        raise Http404
    table = chart.data()
    return export_response(
        fmt="csv", filename=chart.key, headers=table.columns, rows=table.rows, row=lambda r: r
    )


def _impact_page(request: HttpRequest, key: str, build, **lookup) -> HttpResponse:
    """The impact of one visible object of kind `key`; anything else is not found."""
    kind = kinds_by_key()[key]
    subject = kind.visible(request.user).filter(**lookup).first()
    if subject is None:
        raise Http404
    return render(
        request,
        "dashboards/impact.html",
        {"impact": build(subject, request.user), "kind_title": subject._meta.verbose_name},
    )


def impact_agreement(request: HttpRequest, code: str) -> HttpResponse:
    return _impact_page(request, "agreement", impact.for_agreement, code=code)


def impact_exchange(request: HttpRequest, number: int) -> HttpResponse:
    return _impact_page(request, "exchange", impact.for_exchange, number=number)


def impact_programme(request: HttpRequest, slug: str) -> HttpResponse:
    return _impact_page(request, "programme", impact.for_programme, slug=slug)


def impact_standard(request: HttpRequest, code: str) -> HttpResponse:
    from agreements.models import Standard

    standard = Standard.objects.select_related("maintainer").filter(code=code).first()
    if standard is None:
        raise Http404
    return render(
        request,
        "dashboards/impact.html",
        {
            "impact": impact.for_standard(standard, request.user),
            "kind_title": standard._meta.verbose_name,
            "standard": standard,
        },
    )


def open_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "dashboards/open_data.html",
        {
            "datasets": [*opendata.published(), opendata.chart_dataset()],
            "jsonld": opendata.jsonld_text(),
            "licence": opendata.CC0,
        },
    )


def open_data_jsonld(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(opendata.jsonld_text(), content_type="application/ld+json")
    response["Access-Control-Allow-Origin"] = "*"
    return response
