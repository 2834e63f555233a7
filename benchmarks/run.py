"""Benchmarks at scale: `make bench` (PostgreSQL and Redis from scripts/testenv.py).

Each page is timed in-process (server time, no network) against a floor view that
runs one query, measured in the same run; results go to benchmarks/results/.
"""

from __future__ import annotations

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
from django.test import Client  # noqa: E402

RESULTS = Path(__file__).parent / "results"
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
TARGET_RATIO = 3.0


def timings(client: Client, url: str, n: int) -> list[float]:
    for _ in range(5):  # warm caches and connections
        assert client.get(url).status_code == 200, url
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, url
    return samples


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1], 2),
        "throughput_rps": round(1000 / statistics.mean(ordered), 1),
    }


def measure(client: Client, pages: dict[str, str]) -> dict[str, dict]:
    """Time every page in-process and put each p95 beside the floor's, measured alike."""
    results = {name: summary(timings(client, url, REQUESTS)) for name, url in pages.items()}
    floor = results["floor (one query)"]["p95_ms"]
    for name, row in results.items():
        row["p95_ratio_to_floor"] = round(row["p95_ms"] / floor, 2)
        row["within_target"] = row["p95_ratio_to_floor"] <= TARGET_RATIO or name.startswith("floor")
    return results


def bench_agreements(client: Client) -> dict:
    from agreements.models import Agreement
    from benchmarks import data

    if not Agreement.objects.filter(code__startswith="BENCH-").exists():
        t0 = time.perf_counter()
        data.agreements(5000, 3)
        print(f"generated 5,000 agreements x 3 versions in {time.perf_counter() - t0:.1f}s")
    pages = {
        "floor (one query)": "/bench/floor",
        "catalogue list, page 100": "/afspraken/?page=100",
        "catalogue search": "/afspraken/?q=zorgverlener+toestemming",
        "catalogue filtered, as of a date": "/afspraken/?layer=technisch&asOf=2024-08-01&page=3",
        "agreement detail": "/afspraken/BENCH-02500/",
        "API agreements, page 50": "/api/v1/agreements?page=50",
        "API agreements as of a date": "/api/v1/agreements?asOf=2024-08-01&page=10",
    }
    results = measure(client, pages)
    return {
        "dataset": "5,000 agreements x 3 versions",
        "requests_per_page": REQUESTS,
        "target": f"p95 <= {TARGET_RATIO}x floor",
        "pages": results,
    }


def _deep_cursor(client: Client, hops: int = 20) -> str:
    """The URL of a page deep into the comments, reached by following `next` cursors."""
    url = "/api/v1/consultations/bench/comments?pageSize=200"
    for _ in range(hops):
        url = client.get(url).json()["next"].split("testserver", 1)[1]
    return url


def bench_consultation(client: Client) -> dict:
    import tracemalloc

    from benchmarks import data
    from consultations.models import Consultation

    consultation = Consultation.objects.filter(slug="bench").first()
    if consultation is None:
        t0 = time.perf_counter()
        consultation, _parts = data.consultation_comments(50000, 40)
        print(f"generated 50,000 comments over 40 sections in {time.perf_counter() - t0:.1f}s")
    section = consultation.versions.get().sections.order_by("order").first()
    pages = {
        "floor (one query)": "/bench/floor",
        "consultation page": "/consultaties/bench/",
        "a section's comments, page 10": f"/consultaties/bench/secties/{section.pk}/?page=10",
        "public comments API (cursor page)": _deep_cursor(client),
        "report page (database counts)": "/consultaties/bench/verslag/",
    }
    results = measure(client, pages)
    floor = results["floor (one query)"]["p95_ms"]
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
    results["report CSV, all public comments (streamed once)"] = {
        "p50_ms": round(seconds * 1000, 1),
        "p95_ms": round(seconds * 1000, 1),
        "throughput_rps": 0,
        "p95_ratio_to_floor": round(seconds * 1000 / floor, 1),
        "within_target": None,  # a one-off export, not a page: no ratio target
        "bytes": size,
        "peak_memory_mb": round(peak / 1e6, 1),
    }
    results["report PDF, made by the background task (own process)"] = _report_pdf(
        consultation, floor
    )
    return {
        "dataset": "50,000 comments over 40 sections",
        "requests_per_page": REQUESTS,
        "target": f"p95 <= {TARGET_RATIO}x floor",
        "pages": results,
    }


def _report_pdf(consultation, floor: float) -> dict:
    """Run the report-PDF task in a process of its own, to measure its time and peak memory."""
    import subprocess

    from consultations.models import ReportFile

    job = ReportFile.objects.create(consultation=consultation)
    script = (
        "import resource, time, django; django.setup()\n"
        "from consultations.tasks import generate_report_pdf\n"
        f"t0 = time.perf_counter(); outcome = generate_report_pdf({job.pk})\n"
        "print('RESULT', outcome, time.perf_counter() - t0,"
        " resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
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
    _tag, outcome, seconds, maxrss_kb = line.split()
    job.refresh_from_db()
    assert outcome == "done", out[-2000:]
    assert job.status == "done", job.error
    ms = float(seconds) * 1000
    print(f"report PDF: {job.total_comments:,} comments, {job.pages:,} pages in {ms / 1000:.0f}s")
    return {
        "p50_ms": round(ms, 1),
        "p95_ms": round(ms, 1),
        "throughput_rps": 0,
        "p95_ratio_to_floor": round(ms / floor, 1),
        "within_target": None,  # a background job, not a page: no ratio target
        "bytes": job.size,
        "peak_memory_mb": round(int(maxrss_kb) / 1024, 1),
        "pages": job.pages,
    }


def bench_search(client: Client) -> dict:
    """Site-wide search, dashboards and impact over the data sets generated above."""
    from portal.search.indexing import rebuild

    t0 = time.perf_counter()
    entries = rebuild()
    built = time.perf_counter() - t0
    print(f"search index rebuilt: {entries:,} entries in {built:.1f}s")
    pages = {
        "floor (one query)": "/bench/floor",
        "search, common words (thousands of matches)": "/zoeken/?q=zorgverlener+toestemming",
        "search, a rare word": "/zoeken/?q=BENCH-04999",
        "search, one facet, page 20": "/zoeken/?q=gegevens&soort=agreement&page=20",
        "dashboards (eleven aggregates)": "/dashboards/",
        "impact of an agreement": "/dashboards/impact/afspraak/BENCH-02500/",
    }
    results = measure(client, pages)
    return {
        "dataset": f"{entries:,} search entries (5,000 agreements x 3 versions, with the "
        f"50,000-comment consultation present); index rebuilt in {built:.1f} s",
        "requests_per_page": REQUESTS,
        "target": f"p95 <= {TARGET_RATIO}x floor",
        "pages": results,
    }


LOAD_PAGES = {
    "floor (one query)": "/bench/floor",
    "home": "/",
    "catalogue, page 3": "/afspraken/?page=3",
    "agreement detail": "/afspraken/BENCH-02500/",
    "Wegiz agenda": "/wegiz-agenda/",
    "consultation page": "/consultaties/bench/",
    "search": "/zoeken/?q=toestemming",
    "API agreements": "/api/v1/agreements?page=10",
    "API consultations": "/api/v1/consultations",
    "API exchanges": "/api/v1/exchanges",
}
LOAD_USERS = int(os.environ.get("BENCH_LOAD_USERS", "50"))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "40"))


def bench_load() -> dict:
    """gunicorn on 127.0.0.1 and a bounded locust run of 50 users over the public mix."""
    import csv
    import socket
    import subprocess
    import tempfile

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.settings"}
    workers = str(max(2, (os.cpu_count() or 2) * 2))
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", workers, "--log-level", "warning"],
        cwd=root, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), 0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        with tempfile.TemporaryDirectory() as tmp:
            prefix = str(Path(tmp) / "load")
            pages = "|".join(f"{name}={url}" for name, url in LOAD_PAGES.items())
            subprocess.run(
                [sys.executable, "-m", "locust", "-f", str(root / "benchmarks" / "locustfile.py"),
                 "--headless", "-u", str(LOAD_USERS), "-r", str(LOAD_USERS),
                 "-t", f"{LOAD_SECONDS}s", "--stop-timeout", "10", "--host",
                 f"http://127.0.0.1:{port}", "--csv", prefix, "--only-summary",
                 "--exit-code-on-error", "0", "--loglevel", "WARNING"],
                cwd=root, env={**env, "BENCH_LOAD_PAGES": pages}, check=True,
                timeout=LOAD_SECONDS + 120,
            )  # fmt: skip
            with open(prefix + "_stats.csv", newline="") as handle:
                stats = {row["Name"]: row for row in csv.DictReader(handle)}
    finally:
        server.terminate()
        server.wait(30)
    results = {}
    floor = float(stats["floor (one query)"]["95%"])
    for name in LOAD_PAGES:
        row = stats[name]
        count, failures = int(row["Request Count"]), int(row["Failure Count"])
        p95 = float(row["95%"])
        results[name] = {
            "p50_ms": float(row["50%"]),
            "p95_ms": p95,
            "p99_ms": float(row["99%"]),
            "throughput_rps": round(float(row["Requests/s"]), 1),
            "requests": count,
            "error_rate": round(failures / count, 4) if count else None,
            "p95_ratio_to_floor": round(p95 / floor, 2),
            "within_target": failures == 0
            and (p95 / floor <= TARGET_RATIO or name.startswith("floor")),
        }
    total = stats.get("Aggregated", {})
    return {
        "dataset": f"the data sets above, served by gunicorn ({workers} workers) on 127.0.0.1; "
        f"{LOAD_USERS} concurrent users for {LOAD_SECONDS} s (locust), "
        f"{total.get('Request Count', '?')} requests, {total.get('Failure Count', '?')} errors",
        "requests_per_page": "as many as the run allowed",
        "method": (
            "Over HTTP through gunicorn, every page as often as the run allowed (locust). The "
            "floor is measured in the same mixed run and queues behind the pages: ratios near 1 "
            "mean the server is saturated, not that a page costs what the floor does; the "
            "in-process tables give the cost of one request."
        ),
        "target": f"0 errors; p95 <= {TARGET_RATIO}x floor",
        "pages": results,
    }


def write(name: str, result: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [
        f"# {name}: {result['dataset']}",
        "",
        result.get(
            "method", f"{result['requests_per_page']} requests per page, in-process (server time)."
        )
        + f" Target: {result['target']}.",
        "",
        "| page | p50 ms | p95 ms | p99 ms | req/s | errors | p95 / floor | within target |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for page, row in result["pages"].items():
        verdict = {True: "yes", False: "no", None: "n/a"}[row["within_target"]]
        lines.append(
            f"| {page} | {row['p50_ms']} | {row['p95_ms']} | {row.get('p99_ms', '–')} | "
            f"{row['throughput_rps']} | {row.get('error_rate', '–')} | "
            f"{row['p95_ratio_to_floor']} | {verdict} |"
        )
    for page, row in result["pages"].items():
        if "peak_memory_mb" in row:
            lines += [
                "",
                f"{page}: {row['bytes']:,} bytes in {row['p95_ms']} ms; peak memory "
                f"{row['peak_memory_mb']} MB"
                + (
                    f" (whole process, {row['pages']:,} pages)."
                    if "pages" in row
                    else " (Python allocations while streaming)."
                ),
            ]
    (RESULTS / f"{name}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


def main() -> int:
    call_command("migrate", verbosity=0)
    client = Client()
    write("agreements", bench_agreements(client))
    write("consultation", bench_consultation(client))
    write("search", bench_search(client))
    write("load", bench_load())
    return 0


if __name__ == "__main__":
    sys.exit(main())
