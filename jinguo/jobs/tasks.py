from celery import shared_task

from jinguo.jobs.services import job_run


@shared_task(name="jobs.run_job", ignore_result=True)
def run_job(job_id: int) -> None:
    """Run one job. Queued after commit; acks late, so a lost worker's job is delivered again."""
    job_run(job_id=job_id)
