"""Celery. Environments decide the broker; tasks are queued after commit and safe to run twice."""

import os

from celery.schedules import crontab

CELERY_BROKER_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # Expected report submissions of every period that has started (idempotent).
    "reporting-expected": {"task": "reporting.ensure_expected", "schedule": 6 * 3600},
    # Report reminders and escalations, each sent once (idempotent), at 08:00 in CELERY_TIMEZONE.
    "reporting-reminders": {"task": "reporting.send_reminders", "schedule": crontab(hour=8, minute=0)},
}
