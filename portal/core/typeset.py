"""Long documents laid out by Typst: tagged PDF (PDF/UA-1) fast enough for a report of
tens of thousands of comments.

Typst keeps every laid-out part of a document in memory (about 150 KB per comment), and
the Python binding never lets go of its caches. So a long document is laid out in parts,
each in a short-lived process of its own (`typst_child.py`), and the parts are joined
into one tagged PDF by `portal.core.tagged_pdf.join`. Content never becomes Typst markup:
every text a person wrote reaches Typst as a string literal (`string`), and Markdown
arrives as its sanitised HTML translated element by element (`html_to_typst`).
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

from django.conf import settings

CHILD = Path(__file__).with_name("typst_child.py")

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class LayoutError(Exception):
    """Typst could not lay out a part; the message says why."""


def string(value: object) -> str:
    """A Typst string literal of any text: shown as written, never read as markup."""
    text = _CONTROL.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", " ")
    return f'"{text}"'


@lru_cache(maxsize=1)
def colours() -> dict[str, str]:
    """The design tokens' colours (static/css/tokens.css) as Typst `rgb(...)` values, so a
    document uses the site's palette: `--portal-blue` becomes `colours()["blue"]`."""
    tokens = Path(settings.BASE_DIR, "static", "css", "tokens.css").read_text(encoding="utf-8")
    found = {}
    for name, value in re.findall(r"--portal-([a-z0-9-]+):\s*([^;]+);", tokens):
        hexes = re.findall(r"#[0-9a-fA-F]{6}\b", value)
        if hexes:  # a var(--rhc-…, #fallback) resolves to its fallback
            found[name] = f'rgb("{hexes[-1]}")'
    return found


# The largest layout process of this process so far (KB), for the job's log line and the
# benchmark.
largest_layout_kb = 0


class Layout(NamedTuple):
    pdf: bytes
    pages: int


@lru_cache(maxsize=1)
def _child_environment() -> dict[str, str]:
    """The layout process starts without the site module (-S: some 20 ms and 2 MB less a
    part, hundreds of parts a report) and finds Typst where this interpreter would,
    without this process importing it."""
    spec = importlib.util.find_spec("typst")
    if spec is None or spec.origin is None:
        raise LayoutError("No module named 'typst'")
    return {**os.environ, "PYTHONPATH": str(Path(spec.origin).parent.parent)}


class Running:
    """A part being laid out by its own process (`start`); `pages()` waits for it."""

    def __init__(self, process: subprocess.Popen, out: Path, timeout: float) -> None:
        self.process = process
        self.out = out
        self.timeout = timeout

    def pages(self) -> int:
        """Wait for the part: its page count, its PDF in the file given to `start`."""
        global largest_layout_kb
        try:
            _stdout, stderr = self.process.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
            raise LayoutError(f"Typst took longer than {self.timeout:.0f} s for one part") from None
        told = re.search(rb"pages=(\d+) peak_kb=(\d+)\s*$", stderr)
        if self.process.returncode != 0 or told is None:
            # Typst's reason is a line; a process that failed before it is a traceback,
            # whose reason is its last line.
            message = stderr.decode("utf-8", "replace").strip()
            raise LayoutError(message[-500:] or f"Typst ended with {self.process.returncode}")
        largest_layout_kb = max(largest_layout_kb, int(told.group(2)))
        return int(told.group(1))


def start(source: str, out: Path, *, timeout: float | None = None) -> Running:
    """Start laying out one part as tagged PDF (PDF/UA-1) into the file `out`, in a
    process of its own (its memory is returned when it ends); the caller may prepare the
    next part meanwhile. The source is written beside `out`."""
    source_path = out.with_suffix(".typ")
    source_path.write_text(source, encoding="utf-8")
    fonts = [str(path) for path in settings.PDF_FONT_PATHS]
    process = subprocess.Popen(  # our own script, our own files
        [sys.executable, "-S", "-P", str(CHILD), str(source_path), str(out), *fonts],
        env=_child_environment(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    return Running(process, out, timeout or settings.PDF_PART_TIMEOUT)


def render(source: str, *, timeout: float | None = None) -> Layout:
    """One part laid out, waited for: its PDF and page count."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="typeset-") as folder:
        out = Path(folder, "part.pdf")
        pages = start(source, out, timeout=timeout).pages()
        return Layout(out.read_bytes(), pages)


# Sanitised Markdown (portal.core.markdown.ALLOWED_TAGS) as Typst markup.


class _Translator(HTMLParser):
    def __init__(self, *, first_heading: int) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[str] = []
        self.first_heading = first_heading
        self.last_heading = first_heading - 1
        self.href: list[str] = []
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.header_rows = 0
        self.in_thead = False
        self.raw: list[str] | None = None
        self.raw_block = False

    # Each open element writes a function call with a content block; text goes in as a
    # string literal.
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in {"h2", "h3", "h4"}:
            # PDF/UA: no level skipped, whatever the Markdown says.
            level = min(int(tag[1]) - 2 + self.first_heading, self.last_heading + 1)
            level = max(level, self.first_heading)
            self.last_heading = level
            self._open(tag, f"#heading(level: {level})[")
        elif tag == "p":
            self._open(tag, "#par[")
        elif tag == "strong":
            self._open(tag, "#strong[")
        elif tag == "em":
            self._open(tag, "#emph[")
        elif tag in {"code", "pre"}:
            if self.raw is None:  # <pre><code>: one block
                self.raw = []
                self.raw_block = tag == "pre"
            self.stack.append(tag)
        elif tag == "blockquote":
            self._open(tag, "#quote(block: true)[")
        elif tag == "ul":
            self._open(tag, "#list(")
        elif tag == "ol":
            self._open(tag, "#enum(")
        elif tag == "li":
            self._open(tag, "[")
        elif tag == "a":
            href = attributes.get("href") or ""
            self._open(tag, f"#link({string(href)})[" if href else "[")
        elif tag == "br":
            self._emit("#linebreak()")
        elif tag == "hr":
            self._emit("#line(length: 100%)\n")
        elif tag == "table":
            self.rows, self.header_rows = [], 0
            self.stack.append(tag)
        elif tag == "thead":
            self.in_thead = True
        elif tag == "tr":
            self.rows.append([])
            if self.in_thead:
                self.header_rows += 1
        elif tag in {"th", "td"}:
            self.cell = []
        elif tag == "dl":
            self._open(tag, "#terms(")
        elif tag == "dt":
            self._open(tag, "terms.item([")
        elif tag == "dd":
            self._open(tag, "[")
        else:
            self._open(tag, "")  # abbr, tbody: their text only

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in {"br", "hr"}:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"br", "hr"}:
            return
        if tag == "thead":
            self.in_thead = False
            return
        if tag in {"th", "td"}:
            if self.cell is not None and self.rows:
                self.rows[-1].append("".join(self.cell))
            self.cell = None
            return
        if tag == "tr":
            return
        if tag == "table":
            self._pop("table")
            self._table()
            return
        if tag not in self.stack:
            return
        while self.stack:
            open_tag = self.stack.pop()
            self._emit(self._closer(open_tag))
            if open_tag == tag:
                break
        if tag in {"code", "pre"} and self.raw is not None and tag not in self.stack:
            text, self.raw = "".join(self.raw), None
            if self.raw_block:
                self._emit(f"#raw(block: true, {string(text.rstrip())})\n")
            else:
                self._emit(f"#raw({string(text)})")

    def handle_data(self, data: str) -> None:
        if self.raw is not None:
            self.raw.append(data)
            return
        top = self.stack[-1] if self.stack else ""
        between = top in {"ul", "ol", "dl", "table"} and self.cell is None
        if between or (top == "" and not data.strip()):
            return  # whitespace between block elements
        self._emit(f"#{string(data)}")

    def _open(self, tag: str, text: str) -> None:
        self.stack.append(tag)
        self._emit(text)

    def _pop(self, tag: str) -> None:
        while self.stack and self.stack.pop() != tag:
            pass

    @staticmethod
    def _closer(tag: str) -> str:
        return {
            "h2": "]\n",
            "h3": "]\n",
            "h4": "]\n",
            "p": "]\n",
            "strong": "]",
            "em": "]",
            "blockquote": "]\n",
            "ul": ")\n",
            "ol": ")\n",
            "li": "],",
            "a": "]",
            "dl": ")\n",
            "dt": "], ",
            "dd": "]),",
        }.get(tag, "")

    def _emit(self, text: str) -> None:
        if self.cell is not None:
            self.cell.append(text)
        else:
            self.out.append(text)

    def _table(self) -> None:
        width = max((len(r) for r in self.rows), default=0)
        if not width:
            return
        rows = [r + [""] * (width - len(r)) for r in self.rows]
        cells = lambda row: ", ".join(f"[{c}]" for c in row)  # noqa: E731
        head = rows[: self.header_rows or 1]
        body = rows[len(head) :]
        parts = [f"table.header({', '.join(cells(r) for r in head)})"]
        parts += [cells(r) for r in body]
        self.out.append(f"#table(columns: {width}, {', '.join(parts)})\n")


def html_to_typst(html: str, *, first_heading: int = 2) -> str:
    """Typst markup for HTML that `portal.core.markdown` made (and nh3 sanitised): the
    allowed elements become Typst functions, all text string literals. Headings start at
    `first_heading` and never skip a level."""
    translator = _Translator(first_heading=first_heading)
    translator.feed(html)
    HTMLParser.close(translator)  # the text after the last tag (not a workflow step)
    while translator.stack:
        translator.out.append(translator._closer(translator.stack.pop()))
    return "".join(translator.out)
