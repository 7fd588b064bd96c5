from django.db import models

from jinguo.jobs.models import Job
from jinguo.jobs.policies import jobs


def job_list(*, user, kinds: list[str] | None = None) -> models.QuerySet[Job]:  # type: ignore[no-untyped-def]
    """Jobs the viewer may see, newest first, optionally of some kinds only."""
    queryset = jobs.scope(user)
    if kinds is not None:
        queryset = queryset.filter(kind__in=kinds)
    return queryset.order_by("-created_at", "-id")
