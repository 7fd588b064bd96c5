from celery import shared_task

from jinguo.reporting.expected import ensure_all_expected


@shared_task(name="reporting.ensure_expected", ignore_result=True)
def ensure_expected_task() -> int:
    """Daily (Celery beat): rows for the periods that have started. Idempotent, so safe to run twice."""
    return ensure_all_expected()
