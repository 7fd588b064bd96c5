"""Serializers of the campaign plans: output of plans, tasks, updates, comments and feature projects,
input of the supervision loop's writes (the services validate and save them).

A plan names parties across the tree (annex 1 puts 丰泽区妇联 beside 鲤城区妇联). A response names a
unit, department or person — id and name — only where the caller's reach covers it or it belongs to
the issuing unit; otherwise the document's wording (`label`, `responsible_label`) stands alone, as a
county's pages show its own line and not its siblings'.
"""

from collections.abc import Callable
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jinguo.org.models import OrgUnit
from jinguo.plans import policies, selectors
from jinguo.plans.models import (
    Comment,
    CommentKind,
    FeatureProject,
    Phase,
    Plan,
    ProgressUpdate,
    ResponsibilityRole,
    Task,
    TaskResponsibility,
    UpdateAttachment,
)
from jinguo.plans.policies import Naming
from jinguo.plans.status import TaskFacts, TaskStatus, task_status


class PlanRecordSerializer(serializers.ModelSerializer):
    # The views put the caller's `Naming` into the context.
    @property
    def names(self) -> Naming:
        return self.context["names"]


class RecordRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


def _refs(plan: Plan, records: list[Any], named: Callable[[Any, Plan], bool]) -> list[dict[str, Any]]:
    return [{"id": record.pk, "name": record.name} for record in records if named(record, plan)]


# --- plans ------------------------------------------------------------------------------------------


class PhaseOutputSerializer(serializers.ModelSerializer):
    is_current = serializers.SerializerMethodField(help_text=_("Whether today falls within this phase."))

    class Meta:
        model = Phase
        fields = ["id", "name", "start_date", "end_date", "description", "is_current"]

    def get_is_current(self, phase: Phase) -> bool:
        current = self.context.get("current_phase")
        return current is not None and current.pk == phase.pk


class PlanOutputSerializer(serializers.ModelSerializer):
    """A campaign plan: its document's particulars, phases and overall progress."""

    unit_name = serializers.CharField(source="unit.name", read_only=True, help_text=_("The issuing unit's name."))
    phases = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField(
        help_text=_("Overall progress in percent: the tasks' latest reports, weighted up the task tree.")
    )

    class Meta:
        model = Plan
        fields = [
            "id",
            "title",
            "doc_number",
            "unit",
            "unit_name",
            "issue_date",
            "status",
            "addressees",
            "goals",
            "phases",
            "progress",
        ]

    @extend_schema_field(PhaseOutputSerializer(many=True))
    def get_phases(self, plan: Plan) -> list[dict[str, Any]]:
        context = {"current_phase": selectors.current_phase(plan)}
        return PhaseOutputSerializer(plan.phases.all(), many=True, context=context).data  # type: ignore[return-value]

    def get_progress(self, plan: Plan) -> int:
        return self.context.get("progress", {}).get(plan.pk, 0)


# --- tasks ------------------------------------------------------------------------------------------


class ResponsibilityOutputSerializer(serializers.Serializer):
    """One party the document names for a task: a unit or department, a person, or a supervising leader."""

    role = serializers.ChoiceField(choices=ResponsibilityRole.choices, read_only=True)
    label = serializers.CharField(  # type: ignore[assignment]  # a field, not Field.label
        read_only=True, help_text=_("The party as the document writes it.")
    )
    unit = serializers.IntegerField(read_only=True, allow_null=True)
    unit_name = serializers.CharField(read_only=True, allow_null=True)
    department = serializers.IntegerField(read_only=True, allow_null=True)
    department_name = serializers.CharField(read_only=True, allow_null=True)
    person = serializers.IntegerField(read_only=True, allow_null=True)
    person_name = serializers.CharField(read_only=True, allow_null=True)


def _responsibility(names: Naming, row: TaskResponsibility, plan: Plan) -> dict[str, Any]:
    unit = row.unit if names.unit(row.unit, plan) else None
    department = row.department if names.department(row.department, plan) else None
    person = row.person if names.person(row.person, plan) else None
    return {
        "role": row.role,
        "label": row.label,
        "unit": unit.pk if unit else None,
        "unit_name": unit.name if unit else None,
        "department": department.pk if department else None,
        "department_name": department.name if department else None,
        "person": person.pk if person else None,
        "person_name": person.name if person else None,
    }


class TaskOutputSerializer(PlanRecordSerializer):
    """A category (好班子) or a numbered task of a plan, with who answers for it and how it stands.

    A responsibility names its unit, department or person where the caller may see them; `label`
    always gives the party as the document writes it."""

    # The view annotates `latest_percent` and `has_tasks`.
    parent = serializers.IntegerField(  # type: ignore[assignment]  # a field, not Field.parent
        source="parent_id", read_only=True, allow_null=True, help_text=_("The category the task belongs to.")
    )
    responsibilities = serializers.SerializerMethodField()
    latest_percent = serializers.SerializerMethodField(
        help_text=_("The percentage of the newest progress update; null before the first.")
    )
    status = serializers.SerializerMethodField(
        help_text=_("Derived from progress, deadline and acceptance; null for a category that rolls up its tasks.")
    )

    class Meta:
        model = Task
        fields = [
            "id",
            "plan",
            "parent",
            "number",
            "title",
            "text",
            "is_category",
            "deadline",
            "recurrence",
            "expected_outputs",
            "weight",
            "sort_order",
            "responsibilities",
            "latest_percent",
            "status",
            "accepted_at",
        ]

    @extend_schema_field(ResponsibilityOutputSerializer(many=True))
    def get_responsibilities(self, task: Task) -> list[dict[str, Any]]:
        return [_responsibility(self.names, row, task.plan) for row in task.responsibilities.all()]

    def get_latest_percent(self, task: Task) -> int | None:
        return task.latest_percent  # type: ignore[attr-defined]

    @extend_schema_field(serializers.ChoiceField(choices=TaskStatus.choices, allow_null=True))
    def get_status(self, task: Task) -> str | None:
        if task.is_category and task.has_tasks:  # type: ignore[attr-defined]
            return None
        facts = TaskFacts(task.latest_percent, task.accepted_at is not None, task.plan.issue_date, task.deadline)  # type: ignore[attr-defined]
        return task_status(facts, timezone.localdate()).value


# --- progress updates -------------------------------------------------------------------------------


class AttachmentOutputSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(
        help_text=_("Where the file is served, after the same visibility check as the update's.")
    )

    class Meta:
        model = UpdateAttachment
        fields = ["id", "url", "is_photo", "caption"]

    def get_url(self, attachment: UpdateAttachment) -> str:
        path = reverse("plans:attachment", args=[attachment.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


def _subject_plan(update: ProgressUpdate) -> Plan:
    subject = update.task or update.feature_project
    return subject.plan  # type: ignore[union-attr]  # an update has a task or a feature project


class UpdateOutputSerializer(PlanRecordSerializer):
    """A progress report on a task or a feature project, with its photos and files.

    The reporting unit and the author are named where the caller may see them."""

    unit = serializers.SerializerMethodField(help_text=_("The reporting unit's id, where it may be named."))
    unit_name = serializers.SerializerMethodField()
    author_name = serializers.SerializerMethodField()
    attachments = AttachmentOutputSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "task",
            "feature_project",
            "unit",
            "unit_name",
            "author_name",
            "text",
            "percent",
            "created_at",
            "attachments",
        ]

    def _unit(self, update: ProgressUpdate) -> OrgUnit | None:
        return update.unit if self.names.unit(update.unit, _subject_plan(update)) else None

    def get_unit(self, update: ProgressUpdate) -> int | None:
        unit = self._unit(update)
        return unit.pk if unit else None

    def get_unit_name(self, update: ProgressUpdate) -> str | None:
        unit = self._unit(update)
        return unit.name if unit else None

    def get_author_name(self, update: ProgressUpdate) -> str | None:
        return self.names.user_name(update.author, _subject_plan(update))


class UpdateInputSerializer(serializers.Serializer):
    """A progress report on one task or one feature project the caller can see; the service checks
    that the caller answers for it. Files go as multipart `files`."""

    task = serializers.PrimaryKeyRelatedField(queryset=Task.objects.none(), required=False, allow_null=True)
    feature_project = serializers.PrimaryKeyRelatedField(
        queryset=FeatureProject.objects.none(), required=False, allow_null=True
    )
    text = serializers.CharField(help_text=_("What was done."))
    percent = serializers.IntegerField(min_value=0, max_value=100, help_text=_("Progress so far, 0 to 100."))
    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text=_("Photos (JPEG, PNG, WebP, GIF) and PDF, Word, Excel or text files; multipart only."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:  # the schema generator builds the serializer without a caller
            _set_queryset(self, "task", policies.task_scope(request.user))
            _set_queryset(self, "feature_project", policies.feature_project_scope(request.user))

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if (data.get("task") is None) == (data.get("feature_project") is None):
            raise serializers.ValidationError(_("Name either a task or a feature project."))
        return data


def _set_queryset(serializer: serializers.Serializer, name: str, queryset: models.QuerySet) -> None:  # type: ignore[type-arg]
    field: Any = serializer.fields[name]
    field.queryset = queryset


# --- comments and instructions ----------------------------------------------------------------------


class CommentOutputSerializer(PlanRecordSerializer):
    """A leader's comment or instruction on a task (or one of its updates), and the answer to an instruction."""

    author_name = serializers.SerializerMethodField()
    answered_by_name = serializers.SerializerMethodField()
    is_open = serializers.BooleanField(
        source="is_open_instruction", read_only=True, help_text=_("An instruction not yet answered.")
    )

    class Meta:
        model = Comment
        fields = [
            "id",
            "task",
            "update",
            "kind",
            "text",
            "author_name",
            "created_at",
            "is_open",
            "answer",
            "answered_at",
            "answered_by_name",
        ]

    def get_author_name(self, comment: Comment) -> str | None:
        return self.names.user_name(comment.author, comment.task.plan)

    def get_answered_by_name(self, comment: Comment) -> str | None:
        return self.names.user_name(comment.answered_by, comment.task.plan)


class CommentInputSerializer(serializers.Serializer):
    """A comment (点评) or an instruction (批示) on a task, optionally on one of its updates."""

    task = serializers.PrimaryKeyRelatedField(queryset=Task.objects.none())
    update = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]  # a field, not Serializer.update
        queryset=ProgressUpdate.objects.none(),
        required=False,
        allow_null=True,
        help_text=_("An update of the same task that the comment is on."),
    )
    kind = serializers.ChoiceField(choices=CommentKind.choices, default=CommentKind.COMMENT)
    text = serializers.CharField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            tasks = policies.task_scope(request.user)
            _set_queryset(self, "task", tasks)
            _set_queryset(self, "update", ProgressUpdate.objects.filter(task__in=tasks))


class AnswerInputSerializer(serializers.Serializer):
    answer = serializers.CharField(help_text=_("What the responsible side did about the instruction."))


# --- feature projects -------------------------------------------------------------------------------


class FeatureProjectOutputSerializer(PlanRecordSerializer):
    """A feature project with its creation targets and who runs it.

    Responsible units and departments are listed where the caller may see them; `responsible_label`
    gives them all as the document writes them."""

    # The view annotates `latest_percent`.
    declared_by = serializers.SerializerMethodField(help_text=_("The declaring unit's id; null for the plan's own."))
    declared_by_name = serializers.SerializerMethodField()
    responsible_units = serializers.SerializerMethodField()
    responsible_departments = serializers.SerializerMethodField()
    liaison_departments = serializers.SerializerMethodField()
    latest_percent = serializers.SerializerMethodField(
        help_text=_("The percentage of the newest progress update; null before the first.")
    )

    class Meta:
        model = FeatureProject
        fields = [
            "id",
            "plan",
            "number",
            "name",
            "targets",
            "level",
            "declared_by",
            "declared_by_name",
            "responsible_label",
            "responsible_units",
            "responsible_departments",
            "liaison_departments",
            "latest_percent",
        ]

    def _declared_by(self, project: FeatureProject) -> OrgUnit | None:
        return project.declared_by if self.names.unit(project.declared_by, project.plan) else None

    def get_declared_by(self, project: FeatureProject) -> int | None:
        unit = self._declared_by(project)
        return unit.pk if unit else None

    def get_declared_by_name(self, project: FeatureProject) -> str | None:
        unit = self._declared_by(project)
        return unit.name if unit else None

    @extend_schema_field(RecordRefSerializer(many=True))
    def get_responsible_units(self, project: FeatureProject) -> list[dict[str, Any]]:
        return _refs(project.plan, list(project.responsible_units.all()), self.names.unit)

    @extend_schema_field(RecordRefSerializer(many=True))
    def get_responsible_departments(self, project: FeatureProject) -> list[dict[str, Any]]:
        return _refs(project.plan, list(project.responsible_departments.all()), self.names.department)

    @extend_schema_field(RecordRefSerializer(many=True))
    def get_liaison_departments(self, project: FeatureProject) -> list[dict[str, Any]]:
        return _refs(project.plan, list(project.liaison_departments.all()), self.names.department)

    def get_latest_percent(self, project: FeatureProject) -> int | None:
        return project.latest_percent  # type: ignore[attr-defined]
