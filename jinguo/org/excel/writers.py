"""Writing workbooks: empty import templates, the errors list of a refused import, and exports."""

import io
from collections.abc import Iterable, Sequence
from typing import cast

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jinguo.org.excel.columns import ERROR_COLUMNS, Column
from jinguo.org.excel.references import RowError

# Columns Excel must keep as text: typed as numbers it drops leading zeros and rounds 18 digits.
TEXT_FIELDS = frozenset({"id_number", "mobile", "division_code", "parent", "unit"})
WIDE_FIELDS = {"name": 28, "parent": 24, "unit": 24, "id_number": 22, "title": 28, "division_code": 16}


def _bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_workbook(columns: Sequence[Column]) -> bytes:
    """The header row in bold, with text-formatted columns where Excel would mangle numbers."""
    workbook = Workbook()
    sheet = cast(Worksheet, workbook.active)  # a new workbook always has its one sheet
    sheet.append([column.title for column in columns])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[letter].width = WIDE_FIELDS.get(column.field, 12)
        if column.field in TEXT_FIELDS:
            sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"
    return _bytes(workbook)


def errors_workbook(errors: Iterable[RowError]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for letter, width in zip("ABC", (8, 16, 80), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append(list(ERROR_COLUMNS))
    for error in errors:
        sheet.append([error.row, error.column, error.reason])
    return _bytes(workbook)


def rows_workbook(columns: Sequence[Column], rows: Iterable[Sequence[object]]) -> bytes:
    """An export, in write-only mode: rows go straight to the file, not into a grid of cell objects."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDE_FIELDS.get(column.field, 12)
    sheet.append([column.title for column in columns])
    for row in rows:
        sheet.append(list(row))
    return _bytes(workbook)
