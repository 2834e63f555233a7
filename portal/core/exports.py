"""Downloads of any filtered list as CSV (streamed), XLSX or JSON."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import tablib
from django.http import Http404, HttpResponse, StreamingHttpResponse

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def _safe_cell(value: Any) -> Any:
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_response(
    *,
    fmt: str,
    filename: str,
    headers: Sequence[str],
    rows: Iterable[Any],
    row: Callable[[Any], Sequence[Any]],
) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    disposition = f'attachment; filename="{filename}.{fmt}"'
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def stream():
            yield "\ufeff"  # so spreadsheet programs read UTF-8
            yield writer.writerow(headers)
            for item in rows:
                yield writer.writerow([_safe_cell(v) for v in row(item)])

        response = StreamingHttpResponse(stream(), content_type=FORMATS[fmt])
    else:
        data = tablib.Dataset(headers=list(headers))
        for item in rows:
            values = row(item)
            data.append([_safe_cell(v) if fmt == "xlsx" else v for v in values])
        body = data.export(fmt)
        response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    return response
