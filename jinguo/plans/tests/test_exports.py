"""The task table workbook reads like the plan's own table: 序号, 任务, 责任单位, 责任人, 分管领导, 进度, 状态."""

import datetime
import io

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from jinguo.plans.demo import seed_data as seed
from jinguo.plans.exports import export_filename, plan_workbook, sheet_name
from jinguo.plans.models import Plan
from jinguo.plans.tests.test_rollups import DOCUMENT_ORDER

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


def _plan() -> Plan:
    return Plan.objects.get(doc_number="泉妇〔2012〕39号")


def _sheet(world) -> Worksheet:  # type: ignore[no-untyped-def]
    content = plan_workbook(user=world.user("liangyuhua"), plan=_plan(), today=TODAY)
    sheet = load_workbook(io.BytesIO(content)).active
    assert isinstance(sheet, Worksheet)
    return sheet


def _rows(sheet: Worksheet) -> dict[str, tuple[object, ...]]:
    return {str(row[0]): row for row in sheet.iter_rows(min_row=2, values_only=True)}


def test_header_row_and_one_row_per_category_and_task_in_order(world):
    sheet = _sheet(world)

    assert [cell.value for cell in sheet[1]] == ["序号", "任务", "责任单位", "责任人", "分管领导", "进度", "状态"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == DOCUMENT_ORDER
    assert sheet.title == "泉妇〔2012〕39号"
    assert sheet.freeze_panes == "A2"


def test_a_task_row_joins_several_names_in_the_documents_order(world):
    rows = _rows(_sheet(world))

    assert rows["（17）"] == (
        "（17）",
        seed.TASKS[16].text,
        "妇儿工委办、市妇女儿童活动中心",
        "王细妹、李冰芳",
        "苏淑勉、李小玲",
        1,
        "已完成",
    )
    assert rows["（9）"][2:5] == ("机关各部室", "各部室负责人", "各分管领导")
    assert rows["（12）"][5:] == (0.79, "已逾期")
    assert rows["（16）"][5:] == (0.66, "已逾期")


def test_category_rows_carry_their_roll_up_and_no_status(world):
    rows = _rows(_sheet(world))

    assert rows["1."] == ("1.", "好班子", None, None, None, 1, None)
    assert rows["5."][5:] == (0.93, None)
    assert rows["6."] == (
        "6.",
        f"好业绩。{seed.PERFORMANCE_TEXT}",
        "机关各部室",
        "各部室负责人",
        "各分管领导",
        0,
        "已逾期",
    )


def test_progress_is_a_percentage_cell_and_categories_are_bold(world):
    sheet = _sheet(world)

    assert sheet["F2"].number_format == "0%"
    assert sheet["A2"].font.bold and not sheet["A3"].font.bold


def test_sheet_name_and_filename_survive_any_document_number():
    plan = Plan(title="方案", doc_number="泉妇[2013]1号/附件:一览表*")
    assert sheet_name(plan) == "泉妇20131号附件一览表"
    assert sheet_name(Plan(title="方案")) == "任务"
    assert export_filename(Plan(title="方案")) == "方案任务分解表.xlsx"
    assert export_filename(_plan_like()) == "泉妇〔2012〕39号任务分解表.xlsx"


def _plan_like() -> Plan:
    return Plan(title=seed.TITLE, doc_number=seed.DOC_NUMBER)
