"""JSON endpoints of the campaign plans, scoped as the plan pages are: every queryset starts from the
plans policies' scope; the supervision loop's services do the writes (a refusal is a 403, invalid
input a 400 per field).

Filters and body fields that name a record (`?plan=`, `"task": …`) accept only records the caller
may see: any other id is the same 400 as one that does not exist. Lists run a fixed number of queries
whatever the page size.
"""

from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from jinguo.accounts.models import User
from jinguo.api import plan_serializers as s
from jinguo.api.views import RecordFilter, ScopedViewSet, in_scope
from jinguo.org import policies as org_policies
from jinguo.org.models import Department
from jinguo.plans import policies, rollups, selectors, services
from jinguo.plans.models import (
    Comment,
    CommentKind,
    FeatureProject,
    Plan,
    ProgressUpdate,
    Task,
    TaskResponsibility,
)


def visible(
    scope: Callable[[User], models.QuerySet], model: type[models.Model]
) -> Callable[[Request | None], models.QuerySet]:  # type: ignore[type-arg]
    """A filter's choices from a plans policy's scope (nothing without a request)."""

    def queryset(request: Request | None) -> models.QuerySet:  # type: ignore[type-arg]
        if request is None:
            return model._default_manager.none()
        return scope(request.user)  # type: ignore[arg-type]

    return queryset


class PlanScopedViewSet(ScopedViewSet):
    """Each viewset's `get_queryset` starts from a plans policy's scope (functions of the user, not
    tree-scoped policy objects); serializers get the caller's `Naming`."""

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "names": policies.Naming(self.request.user)}


# --- plans ------------------------------------------------------------------------------------------


class PlanFilter(filters.FilterSet):
    class Meta:
        model = Plan
        fields = ["status"]


@extend_schema(tags=["plans"])
class PlanViewSet(mixins.RetrieveModelMixin, mixins.ListModelMixin, PlanScopedViewSet):
    """Campaign plans (实施方案) issued or addressed within the caller's reach, newest first.

    Each comes with its phases (the one today falls in marked current) and its overall progress:
    the tasks' latest reported percentages, weighted up the task tree, an accepted task counting as done.
    """

    serializer_class = s.PlanOutputSerializer
    filterset_class = PlanFilter
    search_fields = ["title", "doc_number"]
    ordering_fields = ["issue_date", "id"]
    ordering = ["-issue_date", "-id"]

    def get_queryset(self) -> models.QuerySet[Plan]:
        return selectors.plan_list(user=self.request.user).prefetch_related("phases")  # type: ignore[arg-type]

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "progress": getattr(self, "_progress", {})}

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        self._progress = rollups.plan_progress_map(user=self.request.user, plans=page or [])  # type: ignore[arg-type]
        return page

    def get_object(self) -> Plan:
        plan = super().get_object()
        self._progress = rollups.plan_progress_map(user=self.request.user, plans=[plan])  # type: ignore[arg-type]
        return plan


# --- tasks ------------------------------------------------------------------------------------------


def _task_ids(rows: list[rollups.TableRow]) -> list[int]:
    return [row.task.pk for row in rows]


class TaskFilter(filters.FilterSet):
    plan = RecordFilter(queryset=visible(policies.plan_scope, Plan))
    parent = RecordFilter(queryset=visible(policies.task_scope, Task), label="id of the category whose tasks to list")
    mine = filters.BooleanFilter(
        method="filter_mine",
        label="true: the tasks the caller answers for (as responsible person, department or unit); false: the others",
    )
    supervised = filters.BooleanFilter(
        method="filter_supervised", label="true: the tasks the caller supervises as the named leader; false: the others"
    )

    class Meta:
        model = Task
        fields = ["plan", "parent", "is_category"]

    def filter_mine(self, queryset: models.QuerySet, name: str, value: bool) -> models.QuerySet:
        ids = _task_ids(rollups.my_tasks(user=self.request.user))  # type: ignore[union-attr]
        return queryset.filter(pk__in=ids) if value else queryset.exclude(pk__in=ids)

    def filter_supervised(self, queryset: models.QuerySet, name: str, value: bool) -> models.QuerySet:
        ids = _task_ids(rollups.supervised_tasks(user=self.request.user))  # type: ignore[union-attr]
        return queryset.filter(pk__in=ids) if value else queryset.exclude(pk__in=ids)


@extend_schema(tags=["tasks"])
class TaskViewSet(mixins.RetrieveModelMixin, mixins.ListModelMixin, PlanScopedViewSet):
    """Categories and tasks of the plans within the caller's reach, in each plan's document order.

    `status` is derived, never stored: not started, on track, at risk (progress trails the time spent),
    overdue, or done once the supervising leader accepts the task.
    """

    serializer_class = s.TaskOutputSerializer
    filterset_class = TaskFilter
    search_fields = ["title", "number"]
    ordering_fields = ["deadline", "sort_order", "id"]
    ordering = ["-plan__issue_date", "plan_id", "sort_order", "id"]

    def get_queryset(self) -> models.QuerySet[Task]:
        responsibilities = TaskResponsibility.objects.select_related("unit", "department__unit", "person__unit")
        return (
            policies.task_scope(self.request.user)  # type: ignore[arg-type]
            .select_related("plan")
            .annotate(
                latest_percent=selectors.latest_update("task"),
                has_tasks=Exists(Task.objects.filter(parent=OuterRef("pk"))),
            )
            .prefetch_related(Prefetch("responsibilities", queryset=responsibilities))
        )

    @extend_schema(request=None, responses={200: s.TaskOutputSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The supervising leader accepts the task as done; it needs at least one progress update."""
        task = self.get_object()
        services.task_accept(user=request.user, task=task)  # type: ignore[arg-type]
        return Response(self.get_serializer(self.get_queryset().get(pk=task.pk)).data)


# --- progress updates -------------------------------------------------------------------------------


def _visible_updates(user: User) -> models.QuerySet[ProgressUpdate]:
    """Updates are visible where their task or feature project is."""
    visible_subject = Q(task__in=policies.task_scope(user)) | Q(
        feature_project__in=policies.feature_project_scope(user)
    )
    return ProgressUpdate.objects.filter(visible_subject)


class UpdateFilter(filters.FilterSet):
    task = RecordFilter(queryset=visible(policies.task_scope, Task))
    feature_project = RecordFilter(queryset=visible(policies.feature_project_scope, FeatureProject))

    class Meta:
        model = ProgressUpdate
        fields = ["task", "feature_project"]


@extend_schema(tags=["updates"])
class UpdateViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin, PlanScopedViewSet):
    """Progress updates on the tasks and feature projects the caller can see, newest first.

    Reporting needs responsibility for the task or project: the responsible person, staff of a
    responsible department, or a reporting role over a responsible unit. Photos and files go as
    multipart `files`; they are checked before anything is saved.
    """

    serializer_class = s.UpdateOutputSerializer
    filterset_class = UpdateFilter
    parser_classes = [JSONParser, MultiPartParser]
    ordering_fields = ["created_at", "id"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self) -> models.QuerySet[ProgressUpdate]:
        return (
            _visible_updates(self.request.user)  # type: ignore[arg-type]
            .select_related("task__plan", "feature_project__plan", "unit", "author__person__unit")
            .prefetch_related("attachments")
        )

    @extend_schema(request=s.UpdateInputSerializer, responses={201: s.UpdateOutputSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = s.UpdateInputSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        update = services.update_post(
            user=request.user,  # type: ignore[arg-type]
            task=data.get("task"),
            project=data.get("feature_project"),
            text=data["text"],
            percent=data["percent"],
            files=data.get("files", []),
        )
        output = self.get_serializer(self.get_queryset().get(pk=update.pk))
        return Response(output.data, status=status.HTTP_201_CREATED)


# --- comments and instructions ----------------------------------------------------------------------


class CommentFilter(filters.FilterSet):
    task = RecordFilter(queryset=visible(policies.task_scope, Task))
    open = filters.BooleanFilter(
        method="filter_open", label="true: instructions not yet answered; false: everything else"
    )

    class Meta:
        model = Comment
        fields = ["task", "kind"]

    def filter_open(self, queryset: models.QuerySet, name: str, value: bool) -> models.QuerySet:
        is_open = Q(kind=CommentKind.INSTRUCTION, answered_at__isnull=True)
        return queryset.filter(is_open) if value else queryset.exclude(is_open)


@extend_schema(tags=["comments"])
class CommentViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin, PlanScopedViewSet):
    """Leaders' comments (点评) and instructions (批示) on the tasks the caller can see, oldest first.

    Commenting needs a supervising leader of the task or a leader whose reach covers the issuing unit.
    An instruction stays open until the responsible side answers it (`POST …/answer/`).
    """

    serializer_class = s.CommentOutputSerializer
    filterset_class = CommentFilter
    ordering_fields = ["created_at", "id"]
    ordering = ["created_at", "id"]

    def get_queryset(self) -> models.QuerySet[Comment]:
        comments = Comment.objects.filter(task__in=policies.task_scope(self.request.user))  # type: ignore[arg-type]
        if self.action == "answer":
            comments = comments.filter(kind=CommentKind.INSTRUCTION)
        return comments.select_related("task__plan", "author__person__unit", "answered_by__person__unit")

    @extend_schema(request=s.CommentInputSerializer, responses={201: s.CommentOutputSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = s.CommentInputSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        comment = services.comment_post(
            user=request.user,  # type: ignore[arg-type]
            task=data["task"],
            text=data["text"],
            kind=data["kind"],
            update=data.get("update"),
        )
        output = self.get_serializer(self.get_queryset().get(pk=comment.pk))
        return Response(output.data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.AnswerInputSerializer, responses={200: s.CommentOutputSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The responsible side answers an open instruction; a comment that is no instruction is a 404."""
        comment = self.get_object()
        serializer = s.AnswerInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.instruction_answer(user=request.user, comment=comment, answer=serializer.validated_data["answer"])  # type: ignore[arg-type]
        return Response(self.get_serializer(self.get_queryset().get(pk=comment.pk)).data)


# --- feature projects -------------------------------------------------------------------------------


class FeatureProjectFilter(filters.FilterSet):
    plan = RecordFilter(queryset=visible(policies.plan_scope, Plan))
    declared_by = RecordFilter(queryset=in_scope(org_policies.units), label="id of the unit that declared the project")

    class Meta:
        model = FeatureProject
        fields = ["plan", "declared_by", "level"]


@extend_schema(tags=["feature projects"])
class FeatureProjectViewSet(mixins.RetrieveModelMixin, mixins.ListModelMixin, PlanScopedViewSet):
    """Feature projects (特色工作): a plan's own (its annex), visible wherever the plan is, and those a
    unit declares (一县一品牌 …), visible within that unit's reach and to the plan's owners."""

    serializer_class = s.FeatureProjectOutputSerializer
    filterset_class = FeatureProjectFilter
    search_fields = ["name"]
    ordering_fields = ["sort_order", "id"]
    ordering = ["-plan__issue_date", "plan_id", "sort_order", "id"]

    def get_queryset(self) -> models.QuerySet[FeatureProject]:
        departments = Department.objects.select_related("unit")
        return (
            policies.feature_project_scope(self.request.user)  # type: ignore[arg-type]
            .select_related("plan", "declared_by")
            .annotate(latest_percent=selectors.latest_update("feature_project"))
            .prefetch_related(
                "responsible_units",
                Prefetch("responsible_departments", queryset=departments),
                Prefetch("liaison_departments", queryset=departments),
            )
        )
