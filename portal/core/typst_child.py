"""Lay out one part of a document with Typst: the source on stdin, the tagged PDF
(PDF/UA-1) on stdout, a reason on stderr. Run by `portal.core.typeset.render` as a process
of its own, so that Typst's memory goes back to the system when the part is done.
Arguments: directories with fonts (the system's are searched as well). The last line on
stderr is the process's peak memory (`peak_kb=…`, where the system tells it)."""

import sys

import typst


def _peak_kb() -> int:
    # VmHWM belongs to this program (ru_maxrss would include the parent it was forked from).
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> int:
    source = sys.stdin.buffer.read()
    try:
        pdf = typst.compile(source, font_paths=sys.argv[1:], pdf_standards=["ua-1"])
    except typst.TypstError as error:
        sys.stderr.write(f"{error}\n")
        return 1
    sys.stdout.buffer.write(pdf)
    sys.stderr.write(f"peak_kb={_peak_kb()}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
