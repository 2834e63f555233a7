"""Run a command with a throwaway PostgreSQL cluster and Redis server on loopback.

    python scripts/testenv.py -- pytest ...

Starts both in a fresh folder under .build/, exports DATABASE_URL, REDIS_URL and the
details the fault tests need (TEST_PG_BIN, TEST_PG_DATA, TEST_PG_SOCKET, TEST_PG_PORT,
TEST_REDIS_PORT), runs the command, then stops both and removes the folder, whatever the
command's outcome. PostgreSQL refuses to run as root, so as root the server runs as the
`postgres` system user (created by Debian's postgresql package).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bindir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    preferred = [c for c in candidates if "/15/" in c]
    chosen = (preferred or candidates or [shutil.which("initdb") or ""])[0]
    if not chosen:
        sys.exit("PostgreSQL server binaries not found (apt-get install postgresql).")
    return Path(chosen).parent


def as_pg_user(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


def main(argv: list[str]) -> int:
    if "--" not in argv:
        print(__doc__)
        return 2
    command = argv[argv.index("--") + 1 :]
    build = ROOT / ".build"
    build.mkdir(exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="testenv-", dir=build))
    os.chmod(workdir, 0o755)
    pg_data, pg_sock = workdir / "pg" / "data", workdir / "pg" / "sock"
    pg_sock.mkdir(parents=True)
    if os.geteuid() == 0:
        shutil.chown(workdir / "pg", "postgres", "postgres")
        shutil.chown(pg_sock, "postgres", "postgres")
    bindir = pg_bindir()
    pg_port, redis_port = free_port(), free_port()
    redis = None
    pg_started = False
    try:
        subprocess.run(
            as_pg_user(
                [
                    str(bindir / "initdb"),
                    "-D",
                    str(pg_data),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "-N",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        options = (
            f"-k {pg_sock} -p {pg_port} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300 "
            "-c shared_buffers=256MB"
        )
        subprocess.run(
            as_pg_user(
                [
                    str(bindir / "pg_ctl"),
                    "-D",
                    str(pg_data),
                    "-w",
                    "-l",
                    str(workdir / "pg" / "server.log"),
                    "start",
                    "-o",
                    options,
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        pg_started = True
        subprocess.run(
            [
                str(bindir / "psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(pg_port),
                "-U",
                "postgres",
                "-q",
                "-c",
                "CREATE DATABASE portal",
            ],
            check=True,
        )
        redis_server = shutil.which("redis-server")
        if not redis_server:
            sys.exit("redis-server not found (apt-get install redis-server).")
        redis = subprocess.Popen(
            [
                redis_server,
                "--port",
                str(redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--loglevel",
                "warning",
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(redis_port)
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{pg_port}/portal",
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "TEST_PG_BIN": str(bindir),
            "TEST_PG_DATA": str(pg_data),
            "TEST_PG_SOCKET": str(pg_sock),
            "TEST_PG_PORT": str(pg_port),
            "TEST_REDIS_PORT": str(redis_port),
            "TEST_WORKDIR": str(workdir),
        }
        print(
            f"testenv: PostgreSQL on 127.0.0.1:{pg_port}, Redis on 127.0.0.1:{redis_port}",
            flush=True,
        )
        return subprocess.call(command, env=env)
    finally:
        if redis is not None:
            redis.send_signal(signal.SIGTERM)
            try:
                redis.wait(10)
            except subprocess.TimeoutExpired:
                redis.kill()
        if pg_started:
            subprocess.run(
                as_pg_user(
                    [str(bindir / "pg_ctl"), "-D", str(pg_data), "-m", "fast", "-w", "stop"]
                ),
                stdout=subprocess.DEVNULL,
                check=False,
            )
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
