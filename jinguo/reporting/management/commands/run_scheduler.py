"""The embedded default's scheduler (`make run`): what Celery beat does in production, in a loop.

Each pass creates the expected submissions and sends today's reminders. Both are idempotent, so a
restart, or this running beside a real beat, sends nothing twice.
"""

import logging
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jinguo.reporting.expected import ensure_all_expected
from jinguo.reporting.reminders import send_reminders

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the daily reporting jobs now and then every few minutes (--once: a single pass)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")
        parser.add_argument("--every", type=int, default=15, help="Minutes between passes (default 15).")

    def handle(self, *args: Any, once: bool, every: int, **options: Any) -> None:
        while True:
            self.run_pass()
            if once:
                return
            time.sleep(max(every, 1) * 60)

    def run_pass(self) -> None:
        try:
            expected = ensure_all_expected()
            reminders = send_reminders()
        except Exception:  # keep the loop alive; the next pass retries what failed
            logger.exception("scheduled reporting pass failed")
            return
        self.stdout.write(f"scheduler: {expected} expected submissions created, {reminders} reminders sent")
