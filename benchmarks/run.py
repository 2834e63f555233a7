"""Benchmarks at scale: `make bench` (PostgreSQL and Redis from scripts/testenv.py).

Method (see benchmarks/README.md):

- The floor is a page: the site's layout (header, navigation, footer) with one query,
  through the whole middleware stack (benchmarks/urls.py). No page can cost less.
- Every page is timed in process (server time, no network), interleaved with the floor
  and the other pages (one request of each in turn), in three repetitions; each
  repetition gives a p95 per page and its ratio to the floor's p95 of that repetition.
  The table reports the median over the repetitions and their spread.
- The same pages are measured twice: with a small data set (1,000 comments, 1,000
  agreements) and a large one (50,000 comments, 5,000 agreements). A page whose cost does
  not grow with the data has a scaling ratio near 1.
- The load run asks for one page at a time at saturation (gunicorn, locust) and reports
  its throughput per core as a ratio to the floor's, not the p95 of a mixed overload.
"""

from __future__ import annotations

import itertools
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

RESULTS = Path(__file__).parent / "results"
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "60"))  # per page and repetition
REPETITIONS = 3
TARGET_RATIO = 5.0  # p95 within 5x the layout floor
TARGET_SCALING = 1.25  # cost at the large data set within 1.25x the small one's
FLOOR = "floor (layout, one query)"
REVALIDATED = "consultation page, revalidated (304)"
# Shown beside the others but outside the verdict: what a ranked search costs the first
# time after the data changed (its rows are then kept until the next change, see
# portal/core/fragments.py). "{n}" makes every request's words new: a word no entry holds,
# excluded, so the matches are the same but nothing kept can serve it.
FIRST_TIME = {
    "catalogue search, first time after a change": "/afspraken/?q=zorgverlener+toestemming+-qz{n}",
    "search, common words, first time after a change": "/zoeken/?q=zorgverlener+toestemming+-qz{n}",
}
SMALL = {"comments": 1000, "agreements": 1000}
LARGE = {"comments": 50000, "agreements": 5000}


def pages() -> dict[str, tuple[str, dict[str, str]]]:
    """The pages measured, the same URLs at both data sizes: name -> (url, headers)."""
    from consultations.models import Section

    section = Section.objects.filter(version__consultation__slug="bench").order_by("order")[0]
    return {
        FLOOR: ("/bench/floor", {}),
        "home": ("/", {}),
        "catalogue, page 10": ("/afspraken/?page=10", {}),
        "catalogue search": ("/afspraken/?q=zorgverlener+toestemming", {}),
        "catalogue as of a date": ("/afspraken/?layer=technisch&asOf=2024-08-01&page=3", {}),
        "agreement detail": ("/afspraken/BENCH-00500/", {}),
        "API agreements, page 10": ("/api/v1/agreements?page=10", {}),
        "consultation page": ("/consultaties/bench/", {}),
        "a section's comments": (f"/consultaties/bench/secties/{section.pk}/", {}),
        "public comments API": ("/api/v1/consultations/bench/comments?pageSize=50", {}),
        "report page": ("/consultaties/bench/verslag/", {}),
        "search, common words": ("/zoeken/?q=zorgverlener+toestemming", {}),
        **{name: (url, {}) for name, url in FIRST_TIME.items()},
        "dashboards": ("/dashboards/", {}),
        "a dashboard chart (comments handled)": ("/dashboards/grafiek/consultation-handling/", {}),
        "impact of an agreement": ("/dashboards/impact/afspraak/BENCH-00500/", {}),
    }


_fresh = itertools.count()


def _get(client: Client, url: str, headers: dict[str, str]):
    if "{n}" in url:
        url = url.replace("{n}", str(next(_fresh)))
    response = client.get(url, headers=headers)
    assert response.status_code in (200, 304), (url, response.status_code)
    if response.streaming:
        for _chunk in response.streaming_content:
            pass
    return response


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def measure(client: Client, targets: dict[str, tuple[str, dict[str, str]]]) -> dict[str, dict]:
    """Interleaved timings: every round asks each page once, the floor included."""
    # A cached page: the consultation page asked again with the ETag it was given (taken
    # afresh before each round: the ETag includes the minute, see ConditionalPageMiddleware).
    revalidate = {"If-None-Match": ""}

    def refresh_etag() -> None:
        etag = _get(client, "/consultaties/bench/", {}).get("ETag")
        assert etag, "the consultation page was not labelled with an ETag"
        revalidate["If-None-Match"] = etag

    refresh_etag()
    targets = {**targets, REVALIDATED: ("/consultaties/bench/", revalidate)}
    queries = {}
    for name, (url, headers) in targets.items():
        for _ in range(3):  # warm caches, connections and the parsed Markdown
            _get(client, url, headers)
        with CaptureQueriesContext(connection) as captured:
            _get(client, url, headers)
        queries[name] = len(captured)
    reps: list[dict[str, list[float]]] = []
    for _rep in range(REPETITIONS):
        samples: dict[str, list[float]] = {name: [] for name in targets}
        for _ in range(REQUESTS):
            refresh_etag()
            for name, (url, headers) in targets.items():
                t0 = time.perf_counter()
                _get(client, url, headers)
                samples[name].append((time.perf_counter() - t0) * 1000)
        reps.append(samples)
    results = {}
    for name in targets:
        p95s = [_p95(rep[name]) for rep in reps]
        ratios = [_p95(rep[name]) / _p95(rep[FLOOR]) for rep in reps]
        everything = [x for rep in reps for x in rep[name]]
        results[name] = {
            "queries": queries[name],
            "p50_ms": round(statistics.median(everything), 2),
            "p95_ms": round(statistics.median(p95s), 2),
            "p95_per_repetition_ms": [round(x, 2) for x in p95s],
            "spread_pct": round(100 * (max(p95s) - min(p95s)) / statistics.median(p95s), 1),
            "ratio_to_floor": round(statistics.median(ratios), 2),
        }
    return results


def grow(target: dict[str, int]) -> None:
    """Bring the data sets up to `target` (they only grow)."""
    from agreements.models import Agreement
    from benchmarks import data
    from consultations.models import Comment, Consultation

    have = Agreement.objects.filter(code__startswith="BENCH-").count()
    if have < target["agreements"]:
        t0 = time.perf_counter()
        data.agreements(target["agreements"] - have, 3, start=have)
        print(
            f"agreements: {have:,} -> {target['agreements']:,} in {time.perf_counter() - t0:.0f}s"
        )
    consultation = Consultation.objects.filter(slug="bench").first()
    t0 = time.perf_counter()
    if consultation is None:
        data.consultation_comments(target["comments"], 40)
    else:
        have = Comment.objects.filter(consultation=consultation).count()
        if have < target["comments"]:
            data.more_comments(consultation, target["comments"] - have)
    print(f"comments: now {target['comments']:,} ({time.perf_counter() - t0:.0f}s)")
    from portal.search.indexing import rebuild

    t0 = time.perf_counter()
    entries = rebuild()
    print(f"search index rebuilt: {entries:,} entries in {time.perf_counter() - t0:.0f}s")


def bench_pages() -> dict:
    client = Client()
    _get(client, "/bench/floor", {})  # a returning visitor: the CSRF cookie is set
    grow(SMALL)
    small = measure(client, pages())
    grow(LARGE)
    large = measure(client, pages())
    rows = {}
    for name, row in large.items():
        scaling = round(row["p95_ms"] / small[name]["p95_ms"], 2)
        rows[name] = {
            **row,
            "small_p95_ms": small[name]["p95_ms"],
            "small_ratio_to_floor": small[name]["ratio_to_floor"],
            "small_queries": small[name]["queries"],
            "scaling_large_to_small": scaling,
            "within_target": None
            if name in FIRST_TIME
            else name == FLOOR
            or (row["ratio_to_floor"] <= TARGET_RATIO and scaling <= TARGET_SCALING),
        }
    return {
        "dataset": "small: 1,000 comments and 1,000 agreements; large: 50,000 comments "
        "(40 sections, one consultation; the section measured holds a tenth of them, a full "
        "page of 50 at both sizes) and 5,000 agreements x 3 versions",
        "method": f"in process, interleaved, {REPETITIONS} repetitions of {REQUESTS} requests "
        "per page; p95 is the median of the repetitions' p95s, spread the range of those "
        "as a share of it; ratio to the layout floor per repetition, median",
        "target": f"p95 <= {TARGET_RATIO}x the layout floor and large/small <= {TARGET_SCALING}",
        "pages": rows,
    }


def bench_exports() -> dict:
    """The report CSV (streamed) and PDF (background task) of the 50,000 comments."""
    import tracemalloc

    from consultations.models import Consultation

    consultation = Consultation.objects.get(slug="bench")
    client = Client()
    t0 = time.perf_counter()
    response = client.get("/consultaties/bench/verslag/reacties.csv")
    size = sum(len(chunk) for chunk in response.streaming_content)
    seconds = time.perf_counter() - t0
    tracemalloc.start()  # measured apart: tracing slows Python down several times
    response = client.get("/consultaties/bench/verslag/reacties.csv")
    for _chunk in response.streaming_content:
        pass
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "report CSV, all public comments (streamed)": {
            "seconds": round(seconds, 1),
            "bytes": size,
            "peak_memory_mb": round(peak / 1e6, 1),
            "memory_measured": "Python allocations while streaming",
        },
        "report PDF, background task (own process)": _report_pdf(consultation),
    }


def _report_pdf(consultation) -> dict:
    """Run the report-PDF task in a process of its own, to measure its time and peak memory."""
    import subprocess

    from consultations.models import ReportFile

    job = ReportFile.objects.create(consultation=consultation)
    # VmHWM is this process's own peak (ru_maxrss would carry the peak of the benchmark
    # process it was forked from); the worker's memory before the task is reported apart.
    script = (
        "import re, time, django; django.setup()\n"
        "from consultations.tasks import generate_report_pdf\n"
        "from portal.core import tagged_pdf, typeset\n"
        "def vm(key):\n"
        "    status = open('/proc/self/status').read()\n"
        "    return re.search(key + r':\\s+(\\d+)', status).group(1)\n"
        "before = vm('VmRSS')\n"
        f"t0 = time.perf_counter(); outcome = generate_report_pdf({job.pk})\n"
        "print('RESULT', outcome, time.perf_counter() - t0, vm('VmHWM'), before,"
        " typeset.largest_layout_kb, tagged_pdf.largest_join_kb)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.settings"},
        cwd=Path(__file__).resolve().parent.parent,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    _tag, outcome, seconds, task_kb, before_kb, layout_kb, join_kb = line.split()
    job.refresh_from_db()
    assert outcome == "done", out[-2000:]
    assert job.status == "done", job.error
    print(f"report PDF: {job.total_comments:,} comments, {job.pages:,} pages in {seconds}s")
    task_mb, before_mb = int(task_kb) / 1024, int(before_kb) / 1024
    layout_mb, join_mb = int(layout_kb) / 1024, int(join_kb) / 1024
    # One layout process runs at a time beside the task, then the join: peaks add up.
    peak = task_mb + max(layout_mb, join_mb)
    return {
        "seconds": round(float(seconds), 1),
        "bytes": job.size,
        "comments": job.total_comments,
        "peak_memory_mb": round(peak, 1),
        "task_process_mb": round(task_mb, 1),
        "worker_before_task_mb": round(before_mb, 1),
        "layout_process_mb": round(layout_mb, 1),
        "join_process_mb": round(join_mb, 1),
        "added_by_task_mb": round(peak - before_mb, 1),
        "memory_measured": (
            f"task process {task_mb:.0f} MB (of which {before_mb:.0f} MB the worker with Django"
            f" loaded, before the task) + largest Typst layout process {layout_mb:.0f} MB"
            f" (one at a time), then the join process {join_mb:.0f} MB; peak resident sets"
            f" (VmHWM); what the task adds to an idle worker: {peak - before_mb:.0f} MB"
        ),
        "pages": job.pages,
        "target": "under 60 s and 200 MB",
        "within_target": float(seconds) < 60 and peak < 200,
    }


LOAD_PAGES = {
    FLOOR: "/bench/floor",
    "home": "/",
    "catalogue, page 10": "/afspraken/?page=10",
    "agreement detail": "/afspraken/BENCH-00500/",
    "Wegiz agenda": "/wegiz-agenda/",
    "consultation page": "/consultaties/bench/",
    "search": "/zoeken/?q=toestemming",
    "API agreements": "/api/v1/agreements?page=10",
    "API consultations": "/api/v1/consultations",
}
LOAD_USERS = int(os.environ.get("BENCH_LOAD_USERS", "16"))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "10"))


def bench_load() -> dict:
    """Each page alone at saturation: gunicorn on 127.0.0.1, locust asking only that page."""
    import csv
    import socket
    import subprocess
    import tempfile

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.settings"}
    cores = os.cpu_count() or 1
    workers = str(max(2, cores * 2))
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", workers, "--log-level", "warning"],
        cwd=root, env={**env, "LOG_LEVEL": "WARNING"},
    )  # fmt: skip
    results = {}
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), 0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        for name, url in LOAD_PAGES.items():
            with tempfile.TemporaryDirectory() as tmp:
                prefix = str(Path(tmp) / "load")
                subprocess.run(
                    [sys.executable, "-m", "locust", "-f", str(root / "benchmarks/locustfile.py"),
                     "--headless", "-u", str(LOAD_USERS), "-r", str(LOAD_USERS),
                     "-t", f"{LOAD_SECONDS}s", "--stop-timeout", "5", "--host",
                     f"http://127.0.0.1:{port}", "--csv", prefix, "--only-summary",
                     "--exit-code-on-error", "0", "--loglevel", "WARNING"],
                    cwd=root, env={**env, "BENCH_LOAD_PAGES": f"{name}={url}"}, check=True,
                    timeout=LOAD_SECONDS + 120, capture_output=True,
                )  # fmt: skip
                with open(prefix + "_stats.csv", newline="") as handle:
                    row = {r["Name"]: r for r in csv.DictReader(handle)}[name]
            count, failures = int(row["Request Count"]), int(row["Failure Count"])
            rps = float(row["Requests/s"])
            results[name] = {
                "requests": count,
                "errors": failures,
                "rps": round(rps, 1),
                "rps_per_core": round(rps / cores, 1),
                "p50_ms": float(row["50%"]),
            }
    finally:
        server.terminate()
        server.wait(30)
    floor = results[FLOOR]["rps"]
    for row in results.values():
        row["throughput_ratio_to_floor"] = round(row["rps"] / floor, 3) if floor else None
    return {
        "dataset": f"the large data set, gunicorn ({workers} workers) on 127.0.0.1, "
        f"{cores} cores; each page alone, {LOAD_USERS} locust users for {LOAD_SECONDS} s "
        "(the load generator shares the cores)",
        "pages": results,
    }


def plot(result: dict) -> None:
    """Cost against data size for the main pages: benchmarks/results/scaling.png."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [SMALL["comments"], LARGE["comments"]]
    fig, ax = plt.subplots(figsize=(9, 5.5), dpi=110)
    for name, row in result["pages"].items():
        if name == REVALIDATED:
            continue
        ax.plot(sizes, [row["small_ratio_to_floor"], row["ratio_to_floor"]], marker="o",
                label=name)  # fmt: skip
    ax.axhline(TARGET_RATIO, color="black", linestyle="--", linewidth=1, label="target (5x)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("comments in the database (agreements: 1,000 and 5,000)")
    ax.set_ylabel("p95 as a multiple of the layout floor")
    ax.set_title("Cost of a page against the size of the data")
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1, 0.5))
    fig.tight_layout()
    fig.savefig(RESULTS / "scaling.png")
    plt.close(fig)


def write(pages_result: dict, exports: dict, load: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    for old in ("agreements", "consultation", "search"):  # the earlier per-area tables
        for ext in ("json", "md"):
            (RESULTS / f"{old}.{ext}").unlink(missing_ok=True)
    (RESULTS / "pages.json").write_text(json.dumps(pages_result, indent=2) + "\n")
    (RESULTS / "exports.json").write_text(json.dumps(exports, indent=2) + "\n")
    (RESULTS / "load.json").write_text(json.dumps(load, indent=2) + "\n")
    verdict = {True: "yes", False: "**no**", None: "(shown, not judged)"}
    lines = [
        "# Pages at two data sizes",
        "",
        f"Data: {pages_result['dataset']}.",
        "",
        f"Method: {pages_result['method']}. Target: {pages_result['target']}.",
        "",
        'Rows marked "first time after a change" show what a ranked search costs before'
        " its rows are kept (once per change of the data and per words asked); they are"
        " shown, not judged.",
        "",
        "| page | queries | p50 ms | p95 ms | spread | × floor | p95 ms at 1k | × floor at 1k "
        "| 50k / 1k | within target |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for page, row in pages_result["pages"].items():
        lines.append(
            f"| {page} | {row['queries']} | {row['p50_ms']} | {row['p95_ms']} | "
            f"{row['spread_pct']} % | {row['ratio_to_floor']} | {row['small_p95_ms']} | "
            f"{row['small_ratio_to_floor']} | {row['scaling_large_to_small']} | "
            f"{verdict[row['within_target']]} |"
        )
    lines += ["", "![cost against data size](scaling.png)", "", "# Exports of 50,000 comments", ""]
    for name, row in exports.items():
        extra = f", {row['pages']:,} pages" if "pages" in row else ""
        target = (
            f"; target {row['target']}: {verdict[row['within_target']]}" if "target" in row else ""
        )
        lines.append(
            f"- {name}: {row['bytes']:,} bytes{extra} in {row['seconds']} s; peak memory "
            f"{row['peak_memory_mb']} MB ({row['memory_measured']}){target}."
        )
    lines += [
        "",
        "# Each page alone at saturation",
        "",
        f"{load['dataset']}.",
        "",
        "| page | requests | errors | req/s | req/s per core | × floor's throughput |",
        "|---|---|---|---|---|---|",
    ]
    for page, row in load["pages"].items():
        lines.append(
            f"| {page} | {row['requests']} | {row['errors']} | {row['rps']} | "
            f"{row['rps_per_core']} | {row['throughput_ratio_to_floor']} |"
        )
    (RESULTS / "README.md").write_text("\n".join(lines) + "\n")
    for old in ("load.md",):
        (RESULTS / old).unlink(missing_ok=True)
    print("\n".join(lines))


def main(parts: list[str]) -> int:
    """`python -m benchmarks.run [pages] [load] [exports]`: all three by default; a part
    not run keeps its last results (benchmarks/results/*.json)."""
    parts = parts or ["pages", "load", "exports"]
    unknown = set(parts) - {"pages", "load", "exports"}
    if unknown:
        raise SystemExit(f"unknown part: {', '.join(sorted(unknown))}")
    call_command("migrate", verbosity=0)
    RESULTS.mkdir(exist_ok=True)

    def kept(name: str) -> dict:
        return json.loads((RESULTS / f"{name}.json").read_text())

    if "pages" in parts:
        pages_result = bench_pages()
        plot(pages_result)
    else:
        pages_result = kept("pages")
        grow(LARGE)
    load = bench_load() if "load" in parts else kept("load")
    exports = bench_exports() if "exports" in parts else kept("exports")
    write(pages_result, exports, load)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
