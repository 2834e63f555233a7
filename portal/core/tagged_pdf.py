"""Join tagged PDFs (each with one Document element, as Typst writes them) into one tagged
PDF whose structure tree holds every part's elements in order.

General PDF tools join pages but drop or duplicate the structure trees, so the result is
no longer accessible; holding all parts in one qpdf document to merge their trees costs
more memory than the layout itself. This writer streams instead: it reads one part at a
time (pikepdf), renumbers its objects into the output, and keeps only what the joined
document's catalogue needs (the page list, the Document element's children and the
parent tree), so memory stays that of one part.

The first part gives the title, language, outline, role map and XMP metadata (its page
count corrected); later parts' pages continue the page tree and their marked-content
keys (`/StructParents`) are shifted past the earlier parts'.

`join_apart` runs the join in a process of its own (this file as a script, which needs no
Django), so that the process that asked for it never loads the PDF library.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from array import array
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

# An indirect reference outside a literal string. qpdf writes literal strings with their
# parentheses escaped, so a string is matched (and skipped) as one token.
_TOKEN = re.compile(rb"\((?:\\.|[^\\()])*\)|(\d+) (\d+) R")

_CATALOG, _PAGES, _TREE, _DOCUMENT, _METADATA, _INFO = 1, 2, 3, 4, 5, 6


class _Writer:
    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.base = out.tell()
        # Where each object starts, by object number: eight bytes an object (a report of
        # 50,000 comments has about a million), not a dictionary's hundred.
        self.offsets = array("Q")
        out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def _start(self, number: int) -> None:
        if number >= len(self.offsets):  # grown by half at a time, zeros meanwhile
            grow = max(number + 1 - len(self.offsets), len(self.offsets) // 2, 1024)
            self.offsets.frombytes(bytes(8 * grow))
        self.offsets[number] = self.out.tell() - self.base

    def put_spooled(self, number: int, head: bytes, spool: IO[bytes], tail: bytes) -> None:
        """An object whose middle was spooled to a file (long arrays)."""
        self._start(number)
        self.out.write(b"%d 0 obj\n" % number)
        self.out.write(head)
        spool.seek(0)
        shutil.copyfileobj(spool, self.out)
        self.out.write(tail)
        self.out.write(b"\nendobj\n")

    def put(self, number: int, body: bytes, stream: bytes | None = None) -> None:
        self._start(number)
        self.out.write(b"%d 0 obj\n" % number)
        self.out.write(body)
        if stream is not None:
            self.out.write(b"\nstream\n")
            self.out.write(stream)
            self.out.write(b"\nendstream")
        self.out.write(b"\nendobj\n")

    def finish(self, size: int, trailer: bytes) -> None:
        start = self.out.tell() - self.base
        self.out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
        for number in range(1, size):
            self.out.write(b"%010d 00000 n \n" % self.offsets[number])
        self.out.write(
            b"trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (size, trailer, start)
        )


def join(parts: Iterable[Path | str], out: IO[bytes]) -> int:
    """Write the parts as one tagged PDF to `out`; returns the number of pages."""
    # The Document's children and the parent tree grow with the document: spooled to
    # files, so that memory stays that of one part.
    with tempfile.TemporaryFile() as kids, tempfile.TemporaryFile() as parent_tree:
        return _join(parts, out, kids, parent_tree)


def _join(
    parts: Iterable[Path | str], out: IO[bytes], kids: IO[bytes], parent_tree: IO[bytes]
) -> int:
    import pikepdf

    writer = _Writer(out)
    next_number = _INFO + 1
    pages: list[int] = []
    key_offset = 0
    head: dict[str, Any] = {}
    for index, path in enumerate(parts):
        with pikepdf.open(path) as src:
            root = src.Root
            tree = root.StructTreeRoot
            document = tree.K[0] if isinstance(tree.K, pikepdf.Array) else tree.K
            if document.get("/S") != pikepdf.Name.Document:
                raise ValueError(f"{path}: the structure tree does not start with a Document")
            # The part's own catalogue, page tree, structure root, Document element and
            # metadata are replaced by the joined document's.
            mapping = {
                root.objgen: _CATALOG,
                root.Pages.objgen: _PAGES,
                tree.objgen: _TREE,
                document.objgen: _DOCUMENT,
            }
            skip = set(mapping)
            if "/Metadata" in root:
                skip.add(root.Metadata.objgen)
            info = src.trailer.get("/Info")
            if info is not None and info.is_indirect:
                skip.add(info.objgen)
            if index and "/Outlines" in root:
                skip.add(root.Outlines.objgen)
            kept = []
            for obj in src.objects:
                if obj is None or not obj.is_indirect or obj.objgen in skip:
                    continue
                if isinstance(obj, pikepdf.Stream) and obj.get("/Type") in (
                    pikepdf.Name.ObjStm,
                    pikepdf.Name.XRef,
                ):
                    continue
                mapping[obj.objgen] = next_number
                next_number += 1
                kept.append(obj)

            def renumber(match: re.Match[bytes], mapping: dict = mapping) -> bytes:
                if match.group(1) is None:
                    return match.group(0)
                number = mapping.get((int(match.group(1)), int(match.group(2))))
                return b"null" if number is None else b"%d 0 R" % number

            def body(obj: Any, renumber: Any = renumber) -> bytes:
                return _TOKEN.sub(renumber, obj.unparse(resolved=True))

            def write(obj: Any, body: Any = body, mapping: dict = mapping) -> bytes:
                # A reference where the object is one, else the object itself.
                if obj.is_indirect:
                    return b"%d 0 R" % mapping[obj.objgen]
                return body(obj)

            for page in src.pages:
                page.obj.StructParents = int(page.obj.get("/StructParents", 0)) + key_offset
                for annotation in page.obj.get("/Annots", []):
                    if "/StructParent" in annotation:
                        annotation.StructParent = int(annotation.StructParent) + key_offset
                pages.append(mapping[page.obj.objgen])
            for obj in kept:
                if isinstance(obj, pikepdf.Stream):
                    raw = obj.read_raw_bytes()
                    header = pikepdf.Dictionary(
                        {k: v for k, v in obj.stream_dict.items() if k != "/Length"}
                    )
                    header.Length = len(raw)
                    writer.put(mapping[obj.objgen], body(header), raw)
                else:
                    writer.put(mapping[obj.objgen], body(obj))
            children = document.get("/K")
            if isinstance(children, pikepdf.Array):
                for child in children:
                    kids.write(write(child) + b" ")
            elif children is not None:
                kids.write(write(children) + b" ")
            numbers = tree.ParentTree.get("/Nums", pikepdf.Array())
            if "/Kids" in tree.ParentTree:
                raise ValueError(f"{path}: a parent tree with kids is not supported")
            for i in range(0, len(numbers), 2):
                parent_tree.write(b"%d %s " % (int(numbers[i]) + key_offset, write(numbers[i + 1])))
            key_offset += int(tree.get("/ParentTreeNextKey", 0))
            if index == 0:
                head = {
                    "lang": root.get("/Lang"),
                    "xmp": root.Metadata.read_bytes() if "/Metadata" in root else b"",
                    "id": src.trailer.get("/ID"),
                    "role_map": write(tree.RoleMap) if "/RoleMap" in tree else b"<< >>",
                    "outlines": write(root.Outlines) if "/Outlines" in root else None,
                    "info": body(info) if info is not None else b"<< >>",
                    "document": {
                        k: write(v)
                        for k, v in document.items()
                        if k not in ("/K", "/P", "/Type", "/S")
                    },
                }
    if not head:
        raise ValueError("no parts to join")
    count = len(pages)
    xmp = re.sub(
        rb"<xmpTPg:NPages>\d+</xmpTPg:NPages>",
        b"<xmpTPg:NPages>%d</xmpTPg:NPages>" % count,
        head["xmp"],
    )
    writer.put(_METADATA, b"<< /Type /Metadata /Subtype /XML /Length %d >>" % len(xmp), xmp)
    writer.put(_INFO, head["info"])
    writer.put(
        _PAGES,
        b"<< /Type /Pages /Count %d /Kids [%s] >>"
        % (count, b" ".join(b"%d 0 R" % p for p in pages)),
    )
    extra = b"".join(b" %s %s" % (k.encode(), v) for k, v in head["document"].items())
    writer.put_spooled(
        _DOCUMENT,
        b"<< /Type /StructElem /S /Document /P %d 0 R%s /K [" % (_TREE, extra),
        kids,
        b"] >>",
    )
    writer.put_spooled(
        _TREE,
        b"<< /Type /StructTreeRoot /K [%d 0 R] /ParentTree << /Nums [" % _DOCUMENT,
        parent_tree,
        b"] >> /ParentTreeNextKey %d /RoleMap %s >>" % (key_offset, head["role_map"]),
    )
    lang = bytes(head["lang"].unparse()) if head["lang"] is not None else b"(nl)"
    outlines = b" /Outlines %s" % head["outlines"] if head["outlines"] else b""
    writer.put(
        _CATALOG,
        b"<< /Type /Catalog /Pages %d 0 R /Metadata %d 0 R /StructTreeRoot %d 0 R "
        b"/MarkInfo << /Marked true /Suspects false >> /Lang %s "
        b"/ViewerPreferences << /DisplayDocTitle true >> /PageLayout /OneColumn%s >>"
        % (_PAGES, _METADATA, _TREE, lang, outlines),
    )
    trailer = b"/Root %d 0 R /Info %d 0 R" % (_CATALOG, _INFO)
    if head["id"] is not None:
        trailer += b" /ID " + bytes(head["id"].unparse())
    writer.finish(next_number, trailer)
    return count


# The largest join process of this process so far (KB), for the benchmark.
largest_join_kb = 0


class JoinError(Exception):
    """The parts could not be joined; the message says why."""


def join_apart(
    parts: list[str], out: str, *, pages: int | None = None, timeout: float = 600
) -> tuple[int, int]:
    """`join` in a process of its own: the parts (paths) into the file `out`. Returns the
    page count and the process's peak memory (KB, 0 where the system does not tell).
    `pages`, when given, is the count the caller laid out: a join that finds another
    count fails, since the page numbers printed on the pages would be wrong."""
    try:
        done = subprocess.run(  # this very file; the paths are ours
            [sys.executable, "-P", __file__, out, *parts],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise JoinError(f"joining the parts took longer than {error.timeout:.0f} s") from None
    found = re.search(rb"pages=(\d+) peak_kb=(\d+)\s*$", done.stderr)
    if done.returncode != 0 or found is None:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise JoinError(message[-500:] or f"the join ended with {done.returncode}")
    global largest_join_kb
    count, peak = int(found.group(1)), int(found.group(2))
    largest_join_kb = max(largest_join_kb, peak)
    if pages is not None and count != pages:
        raise JoinError(f"the parts hold {count} pages, not the {pages} laid out")
    return count, peak


def _main(argv: list[str]) -> int:
    out, *parts = argv
    with open(out, "wb") as target:
        count = join(parts, target)
    peak = 0
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            peak = next((int(x.split()[1]) for x in status if x.startswith("VmHWM:")), 0)
    except OSError:
        pass
    sys.stderr.write(f"pages={count} peak_kb={peak}\n")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
