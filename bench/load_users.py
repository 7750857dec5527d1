"""Locust users for bench/bench_load.py: a reader's mix of requests, and the baseline.

Locust imports this file in its own process; bench_load.py writes the URLs to request
into the JSON file named by QMS_LOAD_TARGETS, one list per endpoint class.
"""

import json
import os
import random
from pathlib import Path

from locust import FastHttpUser, constant, task

TARGETS = json.loads(Path(os.environ["QMS_LOAD_TARGETS"]).read_text())
# Production redirects plain HTTP to HTTPS; behind its TLS proxy every request says https.
HEADERS = {"X-Forwarded-Proto": "https"}


def has_results(response):
    """A search API answer that found something."""
    return response.json()["count"] > 0


def is_pdf(response):
    return response.content.startswith(b"%PDF")


class LoadUser(FastHttpUser):
    """A user who sends requests back to back, with no pause between them."""

    abstract = True
    wait_time = constant(0)

    def fetch(self, endpoint_class, check=None):
        """GET a random URL of the class; anything but a 200 that passes check fails."""
        url = random.choice(TARGETS[endpoint_class])
        with self.client.get(
            url, name=endpoint_class, headers=HEADERS, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif check is not None:
                try:
                    if not check(response):
                        response.failure("unexpected content")
                except ValueError as unreadable:
                    # A body the client cannot decode is an error of that request too.
                    response.failure(f"unreadable answer: {unreadable}")


class Reader(LoadUser):
    """Readers browsing the registry, searching it and reading its PDFs; some via the API."""

    @task(8)
    def home(self):
        self.fetch("home")

    @task(10)
    def process_group(self):
        self.fetch("process_group")

    @task(20)
    def document(self):
        self.fetch("document")

    @task(4)
    def master_list(self):
        self.fetch("master_list")

    @task(20)
    def search_page(self):
        self.fetch("search_page")

    @task(12)
    def search_api(self):
        self.fetch("search_api", has_results)

    @task(12)
    def pages_api(self):
        self.fetch("pages_api")

    @task(6)
    def pdf(self):
        self.fetch("pdf", is_pdf)


class Baseline(LoadUser):
    """The same number of users on the cheapest request: a static file."""

    @task
    def static(self):
        self.fetch("baseline")
