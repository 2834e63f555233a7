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
