"""`make image-test`: the image, run as production runs it, against real services.

Run inside scripts/testenv.py (a PostgreSQL and a Redis on loopback). From the image
built by `make image`, with `buildah run --isolation chroot` (which shares this host's
loopback), it starts `migrate` on an empty database, then `web`, `worker` and `beat`,
with uploads in an S3-compatible server on loopback (moto's server), and checks:

- the image runs as a user other than root, has no compiler, and production settings;
- readiness is 200, a public page and an API list answer 200, every log line is JSON;
- a task sent through Redis comes back from the image's worker (a round trip);
- the beat sends what the database schedules, and `liveness beat` and `liveness worker`
  pass in the image;
- a consultation's report PDF is laid out by the image's worker and stored in the bucket;
- /metrics of the web and the worker's metrics port answer.

Exits non-zero with the reason (and the processes' last log lines) on the first failure.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGE = os.environ.get("IMAGE", "localhost/gis-portal:latest")
BUCKET = "gis-portaal-image-test"
BUILDAH_ENV = {
    **os.environ,
    "STORAGE_DRIVER": os.environ.get("STORAGE_DRIVER", "vfs"),
    "BUILDAH_ISOLATION": "chroot",
}

# Run in the image by `manage shell -c`: a reported consultation with answered comments
# (scripts/report_sample.py) whose report PDF the worker lays out, and an entry in the
# beat's schedule that sends a task every second (as an administrator would add it).
SETUP = (
    (ROOT / "scripts" / "report_sample.py").read_text()
    + """
from consultations.tasks import generate_report_pdf
from django_celery_beat.models import IntervalSchedule, PeriodicTask

job = reported_consultation_job("beeld", comments=40)
generate_report_pdf.delay(job.pk)
every = IntervalSchedule.objects.create(every=1, period="seconds")
PeriodicTask.objects.create(
    name="image-test-echo", task="portal.core.echo", args='["beat"]', interval=every
)
print(f"JOB={job.pk}")
"""
)


class Failed(Exception):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what: str, condition, timeout: float = 120.0, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = condition()
        except Exception as exc:  # not up yet
            last = exc
        if last and not isinstance(last, Exception):
            return last
        time.sleep(interval)
    raise Failed(f"timed out waiting for {what} (last: {last!r})")


def buildah(*args: str, check: bool = True, timeout: float = 600) -> str:
    result = subprocess.run(
        ["buildah", *args], env=BUILDAH_ENV, capture_output=True, text=True, timeout=timeout
    )
    if check and result.returncode != 0:
        raise Failed(f"buildah {' '.join(args[:3])} failed: {result.stderr[-2000:]}")
    return result.stdout.strip()


class Site:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.container = ""
        self.procs: dict[str, subprocess.Popen] = {}
        self.logs: dict[str, Path] = {}

    def run_args(self, env: dict[str, str], command: list[str]) -> list[str]:
        flags = []
        for key, value in env.items():
            flags += ["--env", f"{key}={value}"]
        return ["buildah", "run", "--isolation", "chroot", *flags, self.container, "--", *command]

    def run(self, env: dict[str, str], *command: str, timeout: float = 300) -> str:
        result = subprocess.run(
            self.run_args(env, list(command)),
            env=BUILDAH_ENV,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise Failed(
                f"{' '.join(command)} in the image exited {result.returncode}:\n"
                f"{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
            )
        return result.stdout

    def start(self, name: str, env: dict[str, str], *command: str) -> None:
        log = self.workdir / f"{name}.log"
        self.logs[name] = log
        self.procs[name] = subprocess.Popen(
            self.run_args(env, list(command)),
            env=BUILDAH_ENV,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def alive(self, name: str) -> None:
        proc = self.procs[name]
        if proc.poll() is not None:
            raise Failed(f"{name} exited ({proc.returncode})")

    def stop(self) -> None:
        for proc in self.procs.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
        if self.container:
            buildah("rm", self.container, check=False)

    def tail(self) -> str:
        parts = []
        for name, log in self.logs.items():
            lines = log.read_text(errors="replace").splitlines()[-15:] if log.exists() else []
            parts.append(f"--- {name} ---\n" + "\n".join(lines))
        return "\n".join(parts)


def http_get(url: str, headers: dict[str, str] | None = None):
    import requests

    return requests.get(url, headers=headers or {}, timeout=20)


def check_image_config() -> None:
    config = json.loads(buildah("inspect", "--type", "image", IMAGE))
    oci = config.get("OCIv1", {}).get("config", {})
    user = oci.get("User", "")
    if user in {"", "0", "root"}:
        raise Failed(f"the image runs as root (User={user!r})")
    env = oci.get("Env", [])
    if "DJANGO_SETTINGS_MODULE=portal.settings.production" not in env:
        raise Failed(f"the image does not use the production settings: {env}")
    if oci.get("Entrypoint") != ["/app/entrypoint.sh"]:
        raise Failed(f"unexpected entrypoint {oci.get('Entrypoint')}")
    print(f"image-test: {IMAGE} runs as user {user} with the production settings")


def main() -> int:
    import boto3
    import psycopg

    database_url = os.environ["DATABASE_URL"]
    redis_base = os.environ["REDIS_URL"].rsplit("/", 1)[0]
    check_image_config()
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS image_test")
        conn.execute("CREATE DATABASE image_test")
    db_url = database_url.rsplit("/", 1)[0] + "/image_test"

    workdir = Path(tempfile.mkdtemp(prefix="image-test-", dir=ROOT / ".build"))
    moto_port = free_port()
    moto = subprocess.Popen(
        [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(moto_port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    site = Site(workdir)
    started = time.monotonic()
    try:
        s3 = boto3.client(
            "s3",
            endpoint_url=f"http://127.0.0.1:{moto_port}",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",  # noqa: S106  (moto's server accepts any)
            region_name="eu-west-1",
        )
        wait_for("the S3 server", lambda: s3.list_buckets() is not None, 60)
        s3.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )
        web_port, metrics_port = free_port(), free_port()
        env = {
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": db_url,
            "CELERY_BROKER_URL": f"{redis_base}/8",
            "REDIS_CACHE_URL": f"{redis_base}/9",
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{moto_port}",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "eu-west-1",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }
        import redis

        for db in (8, 9):
            redis.Redis.from_url(f"{redis_base}/{db}").flushdb()

        site.container = buildah("from", "--quiet", IMAGE)
        uid = site.run({}, "id", "-u").strip()
        if uid == "0":
            raise Failed("a command in the image runs as root")
        compilers = site.run({}, "sh", "-c", "command -v gcc cc c++ clang || true").strip()
        if compilers:
            raise Failed(f"the image carries a compiler: {compilers}")

        site.run(env, "/app/entrypoint.sh", "migrate", timeout=600)
        print(f"image-test: migrate applied every migration ({time.monotonic() - started:.0f} s)")

        site.start("web", {**env, "WEB_BIND": f"127.0.0.1:{web_port}", "WEB_WORKERS": "2",
                           "PROMETHEUS_MULTIPROC_DIR": "/tmp/prometheus-web"},
                   "/app/entrypoint.sh", "web")  # fmt: skip
        site.start("worker", {**env, "WORKER_CONCURRENCY": "1",
                              "WORKER_METRICS_PORT": str(metrics_port),
                              "WORKER_METRICS_ADDR": "127.0.0.1",
                              "PROMETHEUS_MULTIPROC_DIR": "/tmp/prometheus-worker"},
                   "/app/entrypoint.sh", "worker")  # fmt: skip
        base = f"http://127.0.0.1:{web_port}"

        def ready():
            site.alive("web")
            return http_get(f"{base}/healthz/ready").status_code == 200

        wait_for("readiness 200", ready, 180)
        page = http_get(f"{base}/afspraken/")
        api = http_get(f"{base}/api/v1/agreements")
        if page.status_code != 200 or api.status_code != 200 or "results" not in api.json():
            raise Failed(f"public page {page.status_code}, API list {api.status_code}")
        print("image-test: readiness, a public page and an API list answer 200")

        from celery import Celery

        probe = Celery("image-probe", broker=env["CELERY_BROKER_URL"],
                       backend=env["CELERY_BROKER_URL"], set_as_current=False)  # fmt: skip
        result = probe.send_task("portal.core.echo", args=["beeld"])
        value = result.get(timeout=180)
        if value.get("value") != "beeld":
            raise Failed(f"the task round trip gave {value}")
        print("image-test: a task went through Redis to the image's worker and back")

        out = site.run(env, "/app/entrypoint.sh", "manage", "shell", "-c", SETUP)
        job = int(next(line for line in out.splitlines() if line.startswith("JOB="))[4:])
        site.start("beat", env, "/app/entrypoint.sh", "beat")

        def report_done():
            site.alive("worker")
            with psycopg.connect(db_url) as conn:
                row = conn.execute(
                    "SELECT status, file, error FROM consultations_reportfile WHERE id = %s", [job]
                ).fetchone()
            if row and row[0] == "failed":
                raise Failed(f"the report PDF failed: {row[2]}")
            return row if row and row[0] == "done" else None

        _status, key, _error = wait_for("the report PDF", report_done, 300, 1)
        head = s3.get_object(Bucket=BUCKET, Key=key)["Body"].read(5)
        if head != b"%PDF-":
            raise Failed("the report file in the bucket is not a PDF")
        print(f"image-test: the worker laid out the report PDF, stored in the bucket ({key})")

        def beat_sent():
            site.alive("beat")
            with psycopg.connect(db_url) as conn:
                row = conn.execute(
                    "SELECT total_run_count FROM django_celery_beat_periodictask"
                    " WHERE name = 'image-test-echo'"
                ).fetchone()
            return row and row[0] > 0

        wait_for("the beat to send the scheduled task", beat_sent, 120)
        site.run(env, "/app/entrypoint.sh", "manage", "liveness", "beat")
        # chroot isolation keeps the host's name: the worker is celery@<this host>.
        site.run(env, "/app/entrypoint.sh", "manage", "liveness", "worker", "--timeout", "10")
        print("image-test: the beat sends what the database schedules; liveness passes")

        metrics = http_get(f"{base}/metrics")
        if metrics.status_code != 200 or "django_http_requests_total" not in metrics.text:
            raise Failed(f"/metrics answered {metrics.status_code}")

        def counted():
            text = http_get(f"http://127.0.0.1:{metrics_port}/").text
            return text if "portal_celery_tasks_total{" in text else None

        worker_metrics = wait_for("the worker's metrics", counted, 30)
        if 'task="portal.core.echo"' not in worker_metrics:
            raise Failed("the worker's metrics do not count the echo task")
        for name in ("web", "worker", "beat"):
            for line in site.logs[name].read_text().splitlines():
                if line.strip():
                    try:
                        json.loads(line)
                    except ValueError:
                        raise Failed(f"not a JSON log line from {name}: {line[:200]}") from None
        print(f"image-test: metrics answer, every log line is JSON; passed in "
              f"{time.monotonic() - started:.0f} s")  # fmt: skip
        return 0
    except Failed as failure:
        print(f"image-test: FAILED: {failure}\n{site.tail()}", file=sys.stderr)
        return 1
    finally:
        site.stop()
        moto.terminate()
        with contextlib.suppress(Exception):
            moto.wait(10)


if __name__ == "__main__":
    raise SystemExit(main())
