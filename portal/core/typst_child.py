"""Lay out one part of a document with Typst: `typst_child.py SOURCE OUT [FONT_DIR…]`
reads the Typst source from the file SOURCE and writes the tagged PDF (PDF/UA-1) to the
file OUT; a reason on stderr if it cannot. Run by `portal.core.typeset.start` as a process
of its own, so that Typst's memory goes back to the system when the part is done. FONT_DIR:
directories with fonts (the system's are searched as well). The last line on stderr is
`pages=… peak_kb=…`: the part's page count and the process's peak memory (where the
system tells it)."""

import re
import sys

import typst


def peak_kb() -> int:
    # VmHWM belongs to this program (ru_maxrss would include the parent it was forked from).
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _object(pdf: bytes, offsets: dict[int, int], number: int) -> bytes:
    start = offsets[number]
    end = pdf.index(b"endobj", start)
    return pdf[start:end]


def page_count(pdf: bytes) -> int:
    """The pages of a PDF as Typst writes it (one cross-reference table, no object
    streams), read from the trailer's catalogue and its page tree, so that the task need
    not load a PDF library to continue the page numbers. The join checks it again."""
    start = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf).group(1))  # type: ignore[union-attr]
    table = re.match(rb"xref\s+(\d+)\s+(\d+)\s+", pdf[start : start + 64])
    if table is None:
        raise ValueError("no cross-reference table")
    first, count = int(table.group(1)), int(table.group(2))
    entries = start + table.end()
    offsets = {}
    for i in range(count):
        entry = pdf[entries + 20 * i : entries + 20 * i + 18].split()
        if entry[2] == b"n":
            offsets[first + i] = int(entry[0])
    trailer = pdf[entries + 20 * count :]
    root = int(re.search(rb"/Root\s+(\d+)\s+0\s+R", trailer).group(1))  # type: ignore[union-attr]
    catalog = _object(pdf, offsets, root)
    pages = int(re.search(rb"/Pages\s+(\d+)\s+0\s+R", catalog).group(1))  # type: ignore[union-attr]
    tree = _object(pdf, offsets, pages)
    return int(re.search(rb"/Count\s+(\d+)", tree).group(1))  # type: ignore[union-attr]


def main() -> int:
    source_path, out_path, *fonts = sys.argv[1:]
    with open(source_path, "rb") as source_file:
        source = source_file.read()
    try:
        pdf = typst.compile(source, font_paths=fonts, pdf_standards=["ua-1"])
        pages = page_count(pdf)
    except (typst.TypstError, ValueError, AttributeError) as error:
        sys.stderr.write(f"{error}\n")
        return 1
    with open(out_path, "wb") as out:
        out.write(pdf)
    sys.stderr.write(f"pages={pages} peak_kb={peak_kb()}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
