"""The consultation report PDF: one tagged PDF (PDF/UA-1) however many parts it is laid
out in, with every published comment and answer in order, pages numbered on across the
parts, and people's text (Markdown too) printed, never obeyed by the layout."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re

import pikepdf
import pytest
from django.urls import reverse
from freezegun import freeze_time
from pypdf import PdfReader

from consultations import services
from consultations.models import ReportFile
from tests.factories import CONSULTATION_STANDARD, ConsultationSessionFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC
TYPST_PROBES = [
    '#panic("boem")',
    '#read("/etc/hostname")',
    '") #panic("x") #("',
    '] #import "@preview/x:0.1.0" [',
    "back\\slash \\u{41} $x^2$ <label> @ref *vet* _schuin_ = kop",
]


def _published_report(manager, party, org, *, texts, summary, session_notes=""):
    with freeze_time("2026-10-01"):
        c = services.consultation_create(
            **CONSULTATION_STANDARD,
            actor=manager,
            title="Verslagtest",
            slug="verslagtest",
            subject="document",
            introduction="x",
            opens_at=dt.datetime(2026, 11, 1, 9, tzinfo=UTC),
            closes_at=dt.datetime(2026, 11, 30, 17, tzinfo=UTC),
            draft="## Een\nTekst\n\n## Twee\nMeer tekst",
            questions=["Mist u iets?"],
        )
        c = services.consultation_schedule(actor=manager, consultation=c)
        if session_notes:
            ConsultationSessionFactory(
                consultation=c,
                title="Sessie in Utrecht",
                starts_at=dt.datetime(2026, 11, 12, 10, tzinfo=UTC),
                ends_at=dt.datetime(2026, 11, 12, 12, tzinfo=UTC),
                place="Utrecht",
                notes=session_notes,
            )
    section = services.current_version(c).sections.first()
    with freeze_time("2026-11-10"):
        comments = [
            services.comment_submit(
                actor=party,
                consultation=c,
                organisation=org,
                text=text,
                may_publish=True,
                section=section,
            )
            for text in texts
        ]
        hidden = services.comment_submit(
            actor=party,
            consultation=c,
            organisation=org,
            text="Niet voor publicatie",
            may_publish=False,
            section=section,
        )
    with freeze_time("2026-12-01"):
        for i, comment in enumerate([*comments, hidden]):
            services.answer_comments(
                actor=manager,
                consultation=c,
                comments=[comment],
                disposition="adopted" if i % 2 else "noted",
                reason=f"Antwoord {i:03d}",
            )
    return c, summary


def _publish(c, manager, summary, captured):
    with freeze_time("2026-12-02"), captured(execute=True):
        services.report_publish(actor=manager, consultation=c, summary=summary)
    job = ReportFile.objects.get(consultation=c)
    assert job.status == ReportFile.Status.DONE, job.error
    return job


def _download(client, slug) -> bytes:
    response = client.get(reverse("consultations:report-pdf", args=[slug]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _squeezed(text: str) -> str:
    # Text extraction splits words at kerning ("T weede"): compare without white space.
    return re.sub(r"\s+", "", text)


def _structure(pdf: pikepdf.Pdf) -> dict:
    """Walk the structure tree: element kinds in reading order, parents that do not match,
    and which elements the parent tree names per page."""
    tree = pdf.Root.StructTreeRoot
    order: list[str] = []
    wrong_parent = 0
    reached = set()
    stack = [(tree.K[0], tree)]
    while stack:
        element, parent = stack.pop()
        if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
            continue
        order.append(str(element.S))
        reached.add(element.objgen)
        wrong_parent += element.P.objgen != parent.objgen
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        stack.extend((kid, element) for kid in reversed(kids))
    numbers = tree.ParentTree.Nums
    parent_tree = {int(numbers[i]): numbers[i + 1] for i in range(0, len(numbers), 2)}
    named = {
        e.objgen
        for entry in parent_tree.values()
        for e in entry
        if isinstance(e, pikepdf.Dictionary)
    }
    return {
        "order": order,
        "wrong_parent": wrong_parent,
        "parent_tree": parent_tree,
        "unreached": named - reached,
    }


def test_a_report_laid_out_in_parts_is_one_tagged_pdf_with_every_comment_in_order(
    client,
    programme_manager,
    field_party,
    organisation_a,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.REPORT_PDF_PART = 4  # eleven comments: three parts, joined
    texts = [f"Reactie {i:03d} over bron en doel.\nTweede regel {i:03d}." for i in range(11)]
    c, summary = _published_report(
        programme_manager,
        field_party,
        organisation_a,
        texts=texts,
        summary="## Samenvatting\nDe reacties zijn verwerkt.",
    )
    job = _publish(c, programme_manager, summary, django_capture_on_commit_callbacks)
    body = _download(client, "verslagtest")

    pdf = pikepdf.open(io.BytesIO(body))
    for _obj in pdf.objects:
        pass  # every object read: a broken cross-reference or object shows as a warning
    assert pdf.get_warnings() == []
    root = pdf.Root
    assert bool(root.MarkInfo.Marked) and str(root.Lang) == "nl"
    assert bool(root.ViewerPreferences.DisplayDocTitle)
    xmp = root.Metadata.read_bytes().decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert f"<xmpTPg:NPages>{len(pdf.pages)}</xmpTPg:NPages>" in xmp
    assert job.pages == len(pdf.pages) >= 3

    # One structure tree: one Document, one H1, every element under its real parent,
    # every page's marked content named in the parent tree, and nothing it names lost.
    structure = _structure(pdf)
    assert structure["order"].count("/Document") == 1
    assert structure["order"].count("/H1") == 1
    assert structure["wrong_parent"] == 0
    assert structure["unreached"] == set()
    keys = [int(page.obj.StructParents) for page in pdf.pages]
    assert len(set(keys)) == len(keys) and set(keys) <= set(structure["parent_tree"])
    assert int(root.StructTreeRoot.ParentTreeNextKey) > max(keys)
    # Each comment is a block of paragraphs with the organisation in bold: 11 Strong
    # elements after the summary's headings, in the reading order of the comments.
    assert structure["order"].count("/Strong") >= 11

    reader = PdfReader(io.BytesIO(body))
    assert reader.metadata.title == "Verslag van de consultatie: Verslagtest"
    pages = [page.extract_text() for page in reader.pages]
    text = _squeezed(" ".join(pages))
    positions = [text.index(_squeezed(f"Reactie {i:03d} over bron en doel.")) for i in range(11)]
    assert positions == sorted(positions)
    for i in range(11):
        assert _squeezed(f"Tweede regel {i:03d}.") in text
        assert _squeezed(f"Antwoord {i:03d}") in text
    assert _squeezed("Niet voor publicatie") not in text and "Antwoord011" not in text
    assert "Samenvatting" in pages[0] and "Ministerie van Volksgezondheid" in pages[0]
    # Every heading in the reader's language (Dutch here), none left in English.
    for heading in ["Hoe de reacties zijn verwerkt", "Gepubliceerde reacties en hun antwoorden"]:
        assert _squeezed(heading) in text, heading
    assert "Published" not in text and "comments" not in text
    # Page numbers run on across the parts.
    for number, page in enumerate(pages, start=1):
        assert re.search(rf"\b{number}\s*$", page.strip()), (number, page[-80:])


def test_markdown_and_typst_syntax_in_people_s_text_are_printed_not_obeyed(
    client, programme_manager, field_party, organisation_a, django_capture_on_commit_callbacks
):
    summary = (
        "## Wat we hoorden\n\nVeel steun voor **bron blijft bron** en *één* netwerk.\n\n"
        "#### Te diep genest\n\n- punt een\n- punt twee\n\n1. eerst\n2. dan\n\n"
        "| Thema | Reacties |\n|---|---|\n| Toestemming | 12 |\n\n"
        "> een citaat\n\n`code` en [een link](https://example.org/x)\n\n"
        + "\n\n".join(TYPST_PROBES)
    )
    c, summary = _published_report(
        programme_manager,
        field_party,
        organisation_a,
        texts=[f"{probe} einde" for probe in TYPST_PROBES],
        summary=summary,
        session_notes='Aanwezig: 12. #panic("notities")',
    )
    _publish(c, programme_manager, summary, django_capture_on_commit_callbacks)
    body = _download(client, "verslagtest")
    text = _squeezed(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages))
    for probe in TYPST_PROBES:
        assert text.count(_squeezed(f"{probe} einde")) == 1, probe  # a comment, as written
    # In the summary as Markdown renders it on the page (where "#panic" is a heading
    # Markdown makes and the sanitiser drops): Typst's syntax is printed there too.
    for probe in [
        '") #panic("x") #("',
        '] #import "@preview/x:0.1.0" [',
        r"back\slash \u{41} $x^2$",
    ]:
        assert text.count(_squeezed(probe)) == 2, probe
    for words in ["bron blijft bron", "punt twee", "Toestemming", "een citaat", "een link"]:
        assert _squeezed(words) in text
    assert _squeezed('Aanwezig: 12. #panic("notities")') in text
    # Headings keep their levels without a gap: "####" under "##" becomes a level 3.
    order = _structure(pikepdf.open(io.BytesIO(body)))["order"]
    headings = [kind for kind in order if re.fullmatch(r"/H\d", kind)]
    assert headings[:3] == ["/H1", "/H2", "/H3"]
    assert all(int(b[2]) <= int(a[2]) + 1 for a, b in itertools.pairwise(headings))
    assert "/Table" in order and "/L" in order and "/Link" in order


def test_the_page_count_the_layout_tells_is_the_pdf_s_and_the_join_checks_it(tmp_path):
    """The task continues the page numbers from the count each layout process tells (it
    loads no PDF library itself); the join, which does, refuses a count that differs."""
    from portal.core import tagged_pdf, typeset

    files, total = [], 0
    for pages in (1, 3, 7):
        source = (
            '#set document(title: "Telling")\n#set text(lang: "nl")\n'
            f"#for i in range({pages}) [= Kop #i\n\n#lorem(40)\n\n#pagebreak(weak: true)]\n"
        )
        laid_out = typeset.render(source)
        assert laid_out.pages == len(pikepdf.open(io.BytesIO(laid_out.pdf)).pages) == pages
        path = tmp_path / f"{pages}.pdf"
        path.write_bytes(laid_out.pdf)
        files.append(str(path))
        total += pages
    out = tmp_path / "joined.pdf"
    assert tagged_pdf.join_apart(files, str(out), pages=total)[0] == 11
    assert len(pikepdf.open(out).pages) == 11
    with pytest.raises(tagged_pdf.JoinError, match="11 pages, not the 12"):
        tagged_pdf.join_apart(files, str(out), pages=12)
    with pytest.raises(tagged_pdf.JoinError, match=r"missing\.pdf"):
        tagged_pdf.join_apart([str(tmp_path / "missing.pdf")], str(out))
    with pytest.raises(typeset.LayoutError, match="unknown variable"):
        typeset.render('#set document(title: "x")\n#nothing-here')
