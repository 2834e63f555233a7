"""Readable line diffs between two texts."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class DiffLine:
    op: str  # "equal", "insert", "delete"
    text: str


def line_diff(old: str, new: str) -> list[DiffLine]:
    old_lines, new_lines = (old or "").splitlines(), (new or "").splitlines()
    result: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.extend(DiffLine("equal", line) for line in old_lines[i1:i2])
            continue
        if tag in ("replace", "delete"):
            result.extend(DiffLine("delete", line) for line in old_lines[i1:i2])
        if tag in ("replace", "insert"):
            result.extend(DiffLine("insert", line) for line in new_lines[j1:j2])
    return result
