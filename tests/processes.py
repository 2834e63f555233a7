"""Starting and stopping the real processes some tests run beside the suite."""

from __future__ import annotations

import subprocess
import sys

# A Celery worker of the portal: one process, no gossip, the default queue.
WORKER = [
    sys.executable, "-m", "celery", "-A", "portal", "--quiet", "worker", "--pool=solo",
    "--concurrency=1", "--loglevel=INFO", "--without-gossip", "--without-mingle",
    "--without-heartbeat", "-Q", "celery",
]  # fmt: skip


def stop(proc: subprocess.Popen, timeout: float = 15) -> None:
    """Ask the process to end; kill it when it does not within `timeout` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
