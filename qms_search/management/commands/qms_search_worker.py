"""Applies queued search-index updates in a loop (the compose 'worker' service)."""

import time

from django.core.management.base import BaseCommand

from qms_search.indexing import apply_pending


class Command(BaseCommand):
    help = "Apply queued index updates every few seconds; retries while the engine is down."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=5.0)
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")

    def handle(self, *args, interval, once, **options):
        while True:
            done, left = apply_pending()
            if done or left:
                self.stdout.write(f"Applied {done} update(s); {left} waiting.")
            if once:
                return
            time.sleep(interval)
