"""Who may see a job: its creator, and anyone whose reach covers the job's unit."""

from django.db import models
from django.db.models import Q

from jinguo.access.policies import TreeScopedPolicy
from jinguo.access.roles import Action
from jinguo.access.scopes import granted_paths, path_q
from jinguo.jobs.models import Job


class JobPolicy(TreeScopedPolicy[Job]):
    model = Job

    def base_queryset(self) -> models.QuerySet[Job]:
        return Job.objects.select_related("unit", "created_by", "created_by__person")

    def scope(self, user, action: Action = Action.VIEW) -> models.QuerySet[Job]:  # type: ignore[no-untyped-def]
        if not user.is_authenticated:
            return self.base_queryset().none()
        return self.base_queryset().filter(path_q(granted_paths(user, action), self.unit_path) | Q(created_by=user))

    def can(self, user, action: Action, obj: Job) -> bool:  # type: ignore[no-untyped-def]
        return (user.is_authenticated and obj.created_by_id == user.pk) or super().can(user, action, obj)


jobs = JobPolicy()
