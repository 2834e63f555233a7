from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from portal.core.decorators import chart_csp
from portal.core.exports import export_response
from portal.dashboards import impact, opendata
from portal.dashboards.charts import charts_by_key, figure, registered_charts


def _grouped(charts) -> list[tuple[str, list]]:
    groups: list[tuple[str, list]] = []
    for chart in charts:
        name = str(chart.group)
        if not groups or groups[-1][0] != name:
            groups.append((name, []))
        groups[-1][1].append(chart)
    return groups


def index(request: HttpRequest) -> HttpResponse:
    """The overview: every chart by group, with a link to its page and its CSV. Nothing is
    counted here, so the page is usable at once; each chart's page draws it."""
    return render(request, "dashboards/index.html", {"groups": _grouped(registered_charts())})


@chart_csp
def chart_page(request: HttpRequest, key: str) -> HttpResponse:
    """One chart: its figure, the same figures in a table, and the CSV."""
    chart = charts_by_key().get(key)
    if chart is None:
        raise Http404
    table = chart.data()
    block = {
        "chart": chart,
        "table": table,
        "figure": figure(chart, table) if table.rows else None,
        "figure_id": f"figure-{chart.key}",
    }
    siblings = [c for c in registered_charts() if str(c.group) == str(chart.group)]
    return render(request, "dashboards/chart.html", {"b": block, "siblings": siblings})


def chart_csv(request: HttpRequest, key: str) -> HttpResponse:
    chart = charts_by_key().get(key)
    if chart is None:
        raise Http404
    table = chart.data()
    return export_response(
        fmt="csv", filename=chart.key, headers=table.columns, rows=table.rows, row=lambda r: r
    )


def impact_page(request: HttpRequest, subject: str, value: str) -> HttpResponse:
    """The impact of one object the person may see; anything else is not found."""
    spec = impact.subject(subject)
    obj = spec.find(request.user, value) if spec else None
    if obj is None:
        raise Http404
    return render(
        request,
        "dashboards/impact.html",
        {"impact": impact.build(subject, obj, request.user), "kind_title": obj._meta.verbose_name},
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
