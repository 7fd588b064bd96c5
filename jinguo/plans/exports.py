"""The task table as a workbook in the plan's own form: 序号, 任务, 责任单位, 责任人, 分管领导, 进度, 状态.

Titles and status words are the format itself, not interface text: the sheet reads like the
document's table whatever language the interface is in.
"""

import datetime
import io
import re
from typing import cast

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jinguo.accounts.models import User
from jinguo.plans.models import Plan
from jinguo.plans.rollups import TableRow, task_table
from jinguo.plans.selectors import task_tree
from jinguo.plans.status import TaskStatus

COLUMNS = ("序号", "任务", "责任单位", "责任人", "分管领导", "进度", "状态")
WIDTHS = (8, 60, 22, 18, 14, 8, 10)
STATUS_NAMES = {
    TaskStatus.NOT_STARTED: "未启动",
    TaskStatus.ON_TRACK: "正常推进",
    TaskStatus.AT_RISK: "进度滞后",
    TaskStatus.OVERDUE: "已逾期",
    TaskStatus.DONE: "已完成",
}
PERCENT_FORMAT = "0%"
# Excel refuses these in a sheet name, and cuts names at 31 characters.
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(plan: Plan) -> str:
    return _SHEET_NAME_FORBIDDEN.sub("", plan.doc_number)[:31] or "任务"


def export_filename(plan: Plan) -> str:
    return f"{plan.doc_number or plan.title}任务分解表.xlsx"


def task_cell(line: TableRow) -> str:
    """Tasks carry their full text (it opens with the title); a category its name, and its text if any."""
    task = line.task
    if task.is_category:
        return f"{task.title}。{task.text}" if task.text else task.title
    return task.text or task.title


def row_values(line: TableRow) -> list[object]:
    """Empty cells stay empty (None), not blank strings; progress is a fraction shown as a percentage."""
    status = None if line.rolls_up else STATUS_NAMES[line.status]
    names = [line.units or None, line.persons or None, line.leaders or None]
    return [line.task.number, task_cell(line), *names, line.progress / 100, status]


def _style(sheet: Worksheet, lines: list[TableRow]) -> None:
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row_number, line in enumerate(lines, start=2):
        for cell in sheet[row_number]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.font = Font(bold=line.task.is_category)
        sheet.cell(row=row_number, column=6).number_format = PERCENT_FORMAT
    sheet.freeze_panes = "A2"


def plan_workbook(*, user: User, plan: Plan, today: datetime.date | None = None) -> bytes:
    """One row per category and task, in the document's order, as the viewer may see them."""
    lines = task_table(task_tree(user=user, plan=plan, today=today))
    workbook = Workbook()
    sheet = cast(Worksheet, workbook.active)  # a new workbook always has its one sheet
    sheet.title = sheet_name(plan)
    sheet.append(list(COLUMNS))
    for line in lines:
        sheet.append(row_values(line))
    _style(sheet, lines)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
