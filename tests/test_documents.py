"""Documents people keep: the meeting pack and the report to parliament are tagged PDFs
(PDF/UA-1) with a title, a language and the ministry's heading. (Printing pages:
tests/e2e/test_reflow.py.)"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

pytestmark = pytest.mark.django_db


def _tagged(pdf: bytes) -> PdfReader:
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root, "not tagged"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "nl"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    return reader


def test_the_meeting_pack_is_a_tagged_pdf_with_title_and_heading(client, programme_manager):
    client.force_login(programme_manager)
    response = client.get(reverse("portfolio:meeting-pdf"), {"date": "2026-10-06"})
    reader = _tagged(response.content)
    assert reader.metadata.title.startswith("Portfolio")
    text = reader.pages[0].extract_text()
    assert "Ministerie van Volksgezondheid, Welzijn en Sport" in text


def test_the_report_to_parliament_is_a_tagged_pdf(client, programme_manager):
    client.force_login(programme_manager)
    response = client.get(reverse("parliament:report-pdf"))
    assert response.status_code == 200
    reader = _tagged(response.content)
    assert reader.metadata.title
