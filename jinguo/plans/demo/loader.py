"""Load seed 000's plan into the demo world: categories, tasks with resolved responsibility,
phases, annex 1's feature projects, each county's declared brand, and generated progress
through 2013 (most tasks accepted, some overdue, some instructions unanswered). Idempotent."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from jinguo.accounts.models import User
from jinguo.org.models import OrgUnit
from jinguo.plans import services
from jinguo.plans.demo import seed_data as seed
from jinguo.plans.demo.reviews import load_review_demo
from jinguo.plans.models import (
    Comment,
    CommentKind,
    FeatureLevel,
    FeatureProject,
    Phase,
    Plan,
    PlanParticipant,
    PlanStatus,
    ProgressUpdate,
    ResponsibilityRole,
    Task,
    TaskResponsibility,
    refresh_project_progress,
)
from jinguo.plans.responsibility import Resolution, ResponsibilityResolver

# Annex 1 names two responsible bodies differently from the rest of the document.
UNIT_ALIASES = {"台商投资区妇委会": "台商投资区妇工委", "市直系统有关妇委会": "市直机关妇工委"}
# Tasks left open in the demo: (12) and (16) are overdue; (13) carries an unanswered instruction.
OPEN_TASKS = (12, 16)
UNANSWERED_INSTRUCTION_TASK = 13


def load_plan_world() -> Plan:
    city = OrgUnit.objects.get(name=seed.ISSUING_UNIT)
    plan = Plan.objects.filter(unit=city, doc_number=seed.DOC_NUMBER).first()
    if plan is not None:
        return plan
    plan = Plan.objects.create(
        unit=city,
        title=seed.TITLE,
        doc_number=seed.DOC_NUMBER,
        issue_date=datetime.date.fromisoformat(seed.ISSUE_DATE),
        addressees=seed.ADDRESSEES,
        cc=seed.CC,
        guiding_text=seed.GUIDING_TEXT,
        goals=seed.GOALS,
        status=PlanStatus.ACTIVE,
    )
    participants = OrgUnit.objects.filter(path__startswith=city.path, depth=city.depth + 1)
    PlanParticipant.objects.bulk_create([PlanParticipant(plan=plan, unit=unit) for unit in participants])
    _load_phases(plan)
    tasks = _load_tasks(plan, ResponsibilityResolver(city))
    _load_feature_projects(plan, city)
    _generate_progress(plan, tasks)
    _generate_project_progress(plan)
    load_review_demo(plan)
    return plan


def _load_phases(plan: Plan) -> None:
    Phase.objects.bulk_create(
        [
            Phase(
                plan=plan,
                name=phase.name,
                start_date=datetime.date.fromisoformat(phase.start),
                end_date=datetime.date.fromisoformat(phase.end) if phase.end else None,
                description=phase.description,
                sort_order=order,
            )
            for order, phase in enumerate(seed.PHASES)
        ]
    )


def _responsibilities(task: Task, resolution: Resolution) -> list[TaskResponsibility]:
    if resolution.problems:
        raise ValueError(f"seed 000 task {task}: {resolution.problems}")
    rows = [
        TaskResponsibility(
            task=task,
            role=ResponsibilityRole.LEAD_UNIT if order == 0 else ResponsibilityRole.CO_UNIT,
            unit=party.unit,
            department=party.department,
            label=party.label,
            sort_order=order,
        )
        for order, party in enumerate(resolution.units)
    ]
    # Several units named together all lead (妇儿工委办、市妇女儿童活动中心): the document ranks none.
    if len({party.label for party in resolution.units}) > 1 or resolution.units[0].label == "机关各部室":
        for row in rows:
            row.role = ResponsibilityRole.LEAD_UNIT
    for role, parties in (
        (ResponsibilityRole.PERSON, resolution.persons),
        (ResponsibilityRole.LEADER, resolution.leaders),
    ):
        rows += [
            TaskResponsibility(task=task, role=role, person=party.person, label=party.label, sort_order=order)
            for order, party in enumerate(parties)
        ]
    return rows


def _load_tasks(plan: Plan, resolver: ResponsibilityResolver) -> dict[int, Task]:
    deadline = datetime.date.fromisoformat(seed.PHASES[1].end or seed.PHASES[1].start)
    categories: dict[str, Task] = {}
    rows: list[TaskResponsibility] = []
    for order, category in enumerate(seed.CATEGORIES):
        categories[category.name] = node = Task.objects.create(
            plan=plan,
            number=f"{category.number}.",
            title=category.name,
            text=category.text,
            is_category=True,
            sort_order=order * 100,
            deadline=deadline if category.units else None,
        )
        if category.units:
            rows += _responsibilities(
                node, resolver.resolve(units=category.units, persons=category.persons, leaders=category.leaders)
            )
    tasks: dict[int, Task] = {}
    for task_seed in seed.TASKS:
        parent = categories[task_seed.category]
        tasks[task_seed.number] = task = Task.objects.create(
            plan=plan,
            parent=parent,
            number=f"（{task_seed.number}）",
            title=task_seed.title,
            text=task_seed.text,
            sort_order=parent.sort_order + task_seed.number,
            deadline=deadline,
            weight=Decimal(1),
        )
        rows += _responsibilities(
            task, resolver.resolve(units=task_seed.units, persons=task_seed.persons, leaders=task_seed.leaders)
        )
    TaskResponsibility.objects.bulk_create(rows)
    return tasks


def _resolve_body(city: OrgUnit, name: str) -> tuple[OrgUnit | None, object | None]:
    """Annex 1's 责任单位 are lower units first, and the city's own institutions otherwise."""
    name = UNIT_ALIASES.get(name, name)
    unit = OrgUnit.objects.filter(path__startswith=city.path, depth__gt=city.depth, name=name).first()
    if unit is not None:
        return unit, None
    return None, city.departments.get(name=name)


def _load_feature_projects(plan: Plan, city: OrgUnit) -> None:
    led_by: dict[int, list[FeatureProject]] = {}
    for project_seed in seed.FEATURE_PROJECTS:
        project = FeatureProject.objects.create(
            plan=plan,
            number=str(project_seed.number),
            name=project_seed.name,
            targets=project_seed.targets,
            sort_order=project_seed.number,
            responsible_label="、".join(project_seed.responsible),
        )
        for name in project_seed.responsible:
            unit, department = _resolve_body(city, name)
            if unit is not None:
                project.responsible_units.add(unit)
                led_by.setdefault(unit.pk, []).append(project)
            else:
                project.responsible_departments.add(department)  # type: ignore[arg-type]
        project.liaison_departments.set(city.departments.filter(short_name__in=project_seed.liaison_departments))
    _declare_brands(plan, city, led_by)


def _declare_brands(plan: Plan, city: OrgUnit, led_by: dict[int, list[FeatureProject]]) -> None:
    """一县一品牌: each county-level unit declares its brand, grown from the annex-1 project it leads."""
    for unit in OrgUnit.objects.filter(path__startswith=city.path, depth=city.depth + 1).order_by("sort_order"):
        projects = led_by.get(unit.pk, [])
        if not projects:
            continue
        level = FeatureLevel.SYSTEM_HIGHLIGHT if unit.name == "市直机关妇工委" else FeatureLevel.COUNTY_BRAND
        brand = FeatureProject.objects.create(
            plan=plan,
            name=f"{unit.short_name}·{projects[0].name}",
            targets=projects[0].targets,
            level=level,
            declared_by=unit,
            sort_order=100 + unit.sort_order,
        )
        brand.responsible_units.add(unit)


def _generate_progress(plan: Plan, tasks: dict[int, Task]) -> None:
    """Monthly updates from 2012-10 to 2013-07; acceptance in 2013-08 except for the open tasks."""
    rng = random.Random(seed.DOC_NUMBER)
    for number, task in tasks.items():
        author = _author_of(task)
        if author is None:
            continue
        months = [datetime.date(2012, 10, 1) + datetime.timedelta(days=30 * i) for i in range(10)]
        final = rng.randint(55, 80) if number in OPEN_TASKS else 100
        for index, day in enumerate(months):
            percent = min(final, round(final * (index + 1) / len(months)))
            update = ProgressUpdate.objects.create(
                task=task,
                unit=task.plan.unit,
                author=author,
                percent=percent,
                text=f"{task.title}：{day:%Y年%m月}推进情况。",
            )
            ProgressUpdate.objects.filter(pk=update.pk).update(created_at=_at(day))
        leader = _leader_of(task)
        if number not in OPEN_TASKS and leader is not None:
            Task.objects.filter(pk=task.pk).update(accepted_at=_at(datetime.date(2013, 8, 20)), accepted_by=leader)
        if number == UNANSWERED_INSTRUCTION_TASK and leader is not None:
            # Through the service, as a leader would: the people responsible are notified.
            services.comment_post(
                user=leader,
                task=task,
                kind=CommentKind.INSTRUCTION,
                text="请抓紧推进“女四官”联络联谊，9月底前报送进展。",
            )
        elif leader is not None:
            Comment.objects.create(task=task, kind=CommentKind.COMMENT, author=leader, text="工作扎实，成效明显。")


def _generate_project_progress(plan: Plan) -> None:
    """Quarterly reports on every feature project, by the chair of the unit that runs it."""
    rng = random.Random(f"{seed.DOC_NUMBER}-projects")
    quarters = [datetime.date(2012, 12, 28), datetime.date(2013, 3, 28), datetime.date(2013, 6, 28)]
    for project in plan.feature_projects.prefetch_related("responsible_units"):
        unit = project.declared_by or next(iter(project.responsible_units.all()), None)
        author = User.objects.filter(grants__unit=unit, grants__role="unit_admin").order_by("pk").first()
        if unit is None or author is None:
            continue
        final = rng.randint(45, 100)
        for index, day in enumerate(quarters):
            update = ProgressUpdate.objects.create(
                feature_project=project,
                unit=unit,
                author=author,
                percent=round(final * (index + 1) / len(quarters)),
                text=f"{project.name}：{day:%Y年%m月}季度创建进展。",
            )
            ProgressUpdate.objects.filter(pk=update.pk).update(created_at=_at(day))
    refresh_project_progress(plan.feature_projects.all())  # the updates were backdated


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def _user_for(task: Task, role: str) -> User | None:
    """The login of the first person the task names in `role`."""
    responsibility = task.responsibilities.filter(role=role, person__isnull=False).first()
    return User.objects.filter(person=responsibility.person).first() if responsibility else None


def _author_of(task: Task) -> User | None:
    return _user_for(task, ResponsibilityRole.PERSON)


def _leader_of(task: Task) -> User | None:
    return _user_for(task, ResponsibilityRole.LEADER)
