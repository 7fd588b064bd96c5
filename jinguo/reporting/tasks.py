from celery import shared_task

from jinguo.reporting.expected import ensure_all_expected
from jinguo.reporting.reminders import send_reminders


@shared_task(name="reporting.ensure_expected", ignore_result=True)
def ensure_expected_task() -> int:
    """Daily (Celery beat): rows for the periods that have started. Idempotent, so safe to run twice."""
    return ensure_all_expected()


@shared_task(name="reporting.send_reminders", ignore_result=True)
def send_reminders_task() -> int:
    """Daily at 08:00 (Celery beat): today's reminders and escalations, each sent once."""
    return send_reminders()
