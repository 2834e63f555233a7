"""The public load mix for `make bench`: main pages and API lists, and the floor view."""

from __future__ import annotations

import os

from locust import HttpUser, between, task

PAGES = [p for p in os.environ.get("BENCH_LOAD_PAGES", "").split("|") if p]


class Visitor(HttpUser):
    wait_time = between(0.05, 0.2)

    @task
    def browse(self) -> None:
        for name_and_url in PAGES:
            name, url = name_and_url.split("=", 1)
            with self.client.get(url, name=name, catch_response=True) as response:
                if response.status_code != 200:
                    response.failure(f"status {response.status_code}")
