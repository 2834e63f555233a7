"""The Dutch interface is complete and the compiled catalogues match their sources."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"


def _entries(po: Path):
    text = po.read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    for block in blocks[1:]:  # the first block is the header
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        if not any(line.startswith("msgid") for line in lines):
            continue
        yield block


def test_every_dutch_message_is_translated():
    po = LOCALE / "nl" / "LC_MESSAGES" / "django.po"
    untranslated = []
    for block in _entries(po):
        if "#, fuzzy" in block:
            untranslated.append(block)
            continue
        msgstr_lines = block[block.index("msgstr") :].splitlines()
        values = "".join(
            line.split('"', 1)[1].rsplit('"', 1)[0] for line in msgstr_lines if '"' in line
        )
        if not values:
            untranslated.append(block)
    assert not untranslated, "untranslated or fuzzy:\n\n" + "\n\n".join(untranslated[:10])


@pytest.mark.parametrize("language", ["nl", "en"])
def test_compiled_catalogue_is_up_to_date(language, tmp_path):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt (gettext) is needed: make test installs it"
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    out = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check", "-o", str(out), str(po)], check=True)
    committed = (LOCALE / language / "LC_MESSAGES" / "django.mo").read_bytes()
    assert out.read_bytes() == committed, f"run `make messages` and commit locale/{language}"


def test_no_translatable_word_hides_inside_an_f_string():
    """makemessages (xgettext) cannot see a gettext call inside an f-string: the word drops
    out of the catalogue and shows in English on Dutch pages (it happened to a heading of
    the consultation report PDF)."""
    import ast
    from pathlib import Path

    from django.conf import settings

    names = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext"}
    found = []
    for app in ("portal", "agreements", "roadmap", "consultations", "parliament"):
        for path in Path(settings.BASE_DIR, app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if not isinstance(node, ast.JoinedStr):
                    continue
                for inner in ast.walk(node):
                    if (
                        isinstance(inner, ast.Call)
                        and isinstance(inner.func, ast.Name)
                        and inner.func.id in names
                    ):
                        found.append(f"{path.relative_to(settings.BASE_DIR)}:{inner.lineno}")
    assert found == [], found
