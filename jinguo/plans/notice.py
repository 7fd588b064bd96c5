"""The notice that issues a plan (关于印发《…》的通知) as an official document, with the plan and its
feature projects as attachments: seed 000's 泉妇〔2012〕39号 comes out as published.

The texts are the document's own words (印发给你们, 责任单位 …), not interface text: they are the
format itself, whatever language the interface is in.
"""

import datetime
from collections.abc import Iterator

from django.db.models import Prefetch
from django.utils import timezone

from jinguo.documents.content import Attachment, Block, Heading, OfficialDocument, Paragraph, Table
from jinguo.documents.formatting import chinese_date, chinese_numeral
from jinguo.org.models import Department
from jinguo.plans.models import FeatureProject, Plan, Task
from jinguo.plans.rollups import Names, responsibility_names

FEATURE_TABLE_TITLE = "特色工作一览表"
FEATURE_COLUMNS = ("序号", "特色项目内容", "创建目标", "责任单位", "{issuer}联系部室")
FEATURE_WIDTHS = (1.2, 3.5, 7.2, 3.2, 2.2)  # 责任单位 fits 鲤城区妇联 on one line


def issuer_level_name(unit_name: str) -> str:
    """How the document names its issuer among its units: 泉州市妇联 → 市妇联, 鲤城区妇联 → 区妇联."""
    if unit_name.endswith("妇联") and len(unit_name) > 2:
        return unit_name[-3:]
    return unit_name


def issuer_full_name(unit_name: str) -> str:
    """The full name for the issuer mark: 泉州市妇联 → 泉州市妇女联合会."""
    if unit_name.endswith("妇联"):
        return unit_name.removesuffix("妇联") + "妇女联合会"
    return unit_name


def plan_notice(plan: Plan, *, printed_on: datetime.date | None = None) -> OfficialDocument:
    """The notice issuing `plan`, printed by the issuer's office on `printed_on` (the issue date unless given)."""
    unit = plan.unit
    issued = plan.issue_date or timezone.localdate(plan.created_at)
    attachments = [Attachment(plan.title, tuple(_plan_blocks(plan)))]
    projects = _feature_table(plan)
    if projects is not None:
        attachments.append(Attachment(FEATURE_TABLE_TITLE, (projects,)))
    office = unit.departments.filter(name="办公室").exists()
    return OfficialDocument(
        issuer_mark=f"{issuer_full_name(unit.name)}文件",
        doc_number=plan.doc_number,
        title=f"{unit.name}关于印发《{plan.title}》的通知",
        addressees=plan.addressees,
        body=(Paragraph(f"现将《{plan.title}》印发给你们，请认真组织实施。"),),
        signature_unit=unit.name,
        signature_date=issued,
        attachments=tuple(attachments),
        cc=plan.cc,
        printed_by=f"{unit.name}办公室" if office else unit.name,
        printed_on=printed_on or issued,
    )


def _paragraphs(text: str) -> list[Block]:
    return [Paragraph(line.strip()) for line in text.splitlines() if line.strip()]


def _plan_blocks(plan: Plan) -> Iterator[Block]:
    sections: list[tuple[str, list[Block]]] = [
        ("指导思想", _paragraphs(plan.guiding_text)),
        ("目标任务", _paragraphs(plan.goals)),
        ("活动载体", list(_task_blocks(plan))),
        ("具体安排", list(_phase_blocks(plan))),
        ("工作要求", _paragraphs(plan.requirements)),
    ]
    present = [(heading, blocks) for heading, blocks in sections if blocks]
    for number, (heading, blocks) in enumerate(present, start=1):
        yield Heading(1, f"{chinese_numeral(number)}、{heading}")
        yield from blocks


def _responsibility(names: Names | None) -> str:
    if names is None:
        return ""
    parts = [
        f"{label}：{value}"
        for label, value in (("责任单位", names.units), ("责任人", names.persons), ("分管领导", names.leaders))
        if value
    ]
    return f"（{'；'.join(parts)}）" if parts else ""


def _task_blocks(plan: Plan) -> Iterator[Block]:
    """Categories (1.好班子) as headings, tasks as paragraphs that open with their number, each
    closing with its responsibility as the document writes it."""
    categories = list(
        plan.tasks.filter(parent__isnull=True)
        .order_by("sort_order", "id")
        .prefetch_related(Prefetch("children", queryset=Task.objects.order_by("sort_order", "id")))
    )
    tasks = [child for category in categories for child in category.children.all()]
    names = responsibility_names([task.pk for task in [*categories, *tasks]])
    for category in categories:
        yield Heading(3, f"{category.number}{category.title}")
        if category.text:
            yield Paragraph(category.text + _responsibility(names.get(category.pk)))
        for task in category.children.all():
            yield Paragraph(f"{task.number}{task.text or task.title}{_responsibility(names.get(task.pk))}")


def _phase_blocks(plan: Plan) -> Iterator[Block]:
    for number, phase in enumerate(plan.phases.order_by("sort_order", "start_date"), start=1):
        if phase.end_date:
            dates = f"{chinese_date(phase.start_date)}至{chinese_date(phase.end_date)}"
        else:
            dates = f"{chinese_date(phase.start_date)}开始"
        yield Heading(2, f"（{chinese_numeral(number)}）{phase.name}（{dates}）")
        yield from _paragraphs(phase.description)


def _feature_table(plan: Plan) -> Table | None:
    """Annex 1 of the plan: the city-wide feature projects (not those units declared later)."""
    projects = list(
        FeatureProject.objects.filter(plan=plan, declared_by__isnull=True)
        .order_by("sort_order", "id")
        .prefetch_related(Prefetch("liaison_departments", queryset=Department.objects.order_by("sort_order", "id")))
    )
    if not projects:
        return None
    rows = tuple(
        (
            project.number,
            project.name,
            project.targets,
            project.responsible_label.replace("、", "\n"),
            "\n".join(department.short_name or department.name for department in project.liaison_departments.all()),
        )
        for project in projects
    )
    columns = tuple(column.format(issuer=issuer_level_name(plan.unit.name)) for column in FEATURE_COLUMNS)
    return Table(columns, rows, widths=FEATURE_WIDTHS, centered=(0,))
