"""Reading an uploaded spreadsheet (.xlsx, .xls, or .csv in UTF-8 or GB18030) into numbered rows.

The format is told by the file's first bytes, not its name: a renamed file is read for what it is.
Row numbers are the ones the user sees in Excel (the header is row 1).
"""

import codecs
import csv
import datetime
import io
import zipfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

import openpyxl
import xlrd
from django.conf import settings
from django.utils.translation import gettext as _

from jinguo.org.excel.columns import Column

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
TEXT_SUFFIXES = frozenset({".csv", ".txt"})
# A register larger than this is split by the user; it also bounds memory and time per job.
MAX_ROWS = 100_000
# An .xlsx unpacks to several times its size; far beyond that it is a zip bomb, not a register.
MAX_UNPACKED_BYTES = 400 * 1024 * 1024


class SpreadsheetError(Exception):
    """The file as a whole cannot be used; `message` says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Row:
    number: int  # as Excel shows it
    values: dict[str, str]  # column field → cell text


def size_limit_message() -> str:
    megabytes = settings.JINGUO_IMPORT_MAX_BYTES // (1024 * 1024)
    return _("The file is larger than the %(limit)d MB limit. Split it into smaller files.") % {"limit": megabytes}


def read_bytes(upload: IO[bytes], *, size: int | None) -> bytes:
    """The whole upload, refused before reading if it is over the size limit."""
    limit = settings.JINGUO_IMPORT_MAX_BYTES
    if size is not None and size > limit:
        raise SpreadsheetError(size_limit_message())
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise SpreadsheetError(size_limit_message())
    if not data:
        raise SpreadsheetError(_("The file is empty."))
    return data


def detect_format(data: bytes, filename: str) -> str:
    if data.startswith(ZIP_MAGIC):
        return "xlsx"
    if data.startswith(OLE_MAGIC):
        return "xls"
    if PurePath(filename).suffix.lower() in TEXT_SUFFIXES and _looks_like_text(data):
        return "csv"
    raise SpreadsheetError(_("This file is not a spreadsheet. Upload an Excel file (.xlsx or .xls) or a .csv file."))


def _looks_like_text(data: bytes) -> bool:
    head = data[:8192]
    return head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" not in head


def cell_text(value: Any) -> str:
    """A cell as text: whole numbers without '.0', dates as ISO, spaces (incl. full-width) trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).replace("\u3000", " ").replace("\xa0", " ").strip()


def _xlsx_rows(data: bytes) -> Generator[list[Any], None, None]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise SpreadsheetError(_("The Excel file is damaged and cannot be read.")) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise SpreadsheetError(size_limit_message())
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a bad or foreign zip (e.g. a .docx)
        raise SpreadsheetError(_("The file is not a valid Excel workbook (.xlsx) or is damaged.")) from exc
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield list(values)
    finally:
        workbook.close()


def _xls_cell(cell: Any, datemode: int) -> Any:
    if cell.ctype == xlrd.XL_CELL_DATE:
        return xlrd.xldate.xldate_as_datetime(cell.value, datemode)
    return cell.value


def _xls_rows(data: bytes) -> Generator[list[Any], None, None]:
    try:
        book = xlrd.open_workbook(file_contents=data)
        sheet = book.sheet_by_index(0)
    except Exception as exc:  # xlrd raises its own and struct/index errors for damaged files
        raise SpreadsheetError(_("The file is not a valid Excel 97-2003 workbook (.xls) or is damaged.")) from exc
    for index in range(sheet.nrows):
        yield [_xls_cell(cell, book.datemode) for cell in sheet.row(index)]


def decode_text(data: bytes) -> str:
    """UTF-16 with a BOM (Excel's "Unicode text"), else UTF-8 (BOM or not), else GB18030 (GBK)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise SpreadsheetError(_("The text file is neither UTF-8 nor GBK encoded.")) from exc


def _csv_rows(data: bytes) -> Generator[list[Any], None, None]:
    text = decode_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as exc:
        raise SpreadsheetError(_("The CSV file is malformed and cannot be read.")) from exc


READERS = {"xlsx": _xlsx_rows, "xls": _xls_rows, "csv": _csv_rows}


def _normalize_title(value: Any) -> str:
    """'姓 名 *' → '姓名': registers pad titles and mark required ones with an asterisk."""
    return "".join(cell_text(value).split()).rstrip("*＊")


def columns_message(columns: tuple[Column, ...]) -> str:
    expected = "、".join(column.title for column in columns)
    required = "、".join(column.title for column in columns if column.required)
    return _("The first row must hold the column titles: %(expected)s (required: %(required)s).") % {
        "expected": expected,
        "required": required,
    }


def map_header(header: list[Any], columns: tuple[Column, ...]) -> dict[int, Column]:
    """Cell index → column, refusing unknown, repeated or missing required titles."""
    by_title = {title: column for column in columns for title in (column.title, *column.aliases)}
    mapping: dict[int, Column] = {}
    problems: list[str] = []
    for index, cell in enumerate(header):
        title = _normalize_title(cell)
        if not title:
            continue
        column = by_title.get(title)
        if column is None:
            problems.append(_("unknown column “%(title)s”") % {"title": title})
        elif column in mapping.values():
            problems.append(_("column “%(title)s” appears twice") % {"title": column.title})
        else:
            mapping[index] = column
    for column in columns:
        if column.required and column not in mapping.values():
            problems.append(_("column “%(title)s” is missing") % {"title": column.title})
    if problems:
        raise SpreadsheetError(f"{columns_message(columns)} {'; '.join(problems)}.")
    return mapping


def _row(number: int, cells: list[Any], mapping: dict[int, Column]) -> Row:
    values = {column.field: "" for column in mapping.values()}
    for index, column in mapping.items():
        if index < len(cells):
            values[column.field] = cell_text(cells[index])
    return Row(number=number, values=values)


def _cells(data: bytes, filename: str) -> Generator[list[Any], None, None]:
    return READERS[detect_format(data, filename)](data)


def _header(cells: Iterator[list[Any]], columns: tuple[Column, ...]) -> list[Any]:
    header = next(cells, None)
    if header is None:
        raise SpreadsheetError(columns_message(columns))
    return header


def _data_rows(cells: Iterator[list[Any]], mapping: dict[int, Column]) -> list[Row]:
    rows: list[Row] = []
    for number, row_cells in enumerate(cells, start=2):
        row = _row(number, row_cells, mapping)
        if not any(row.values.values()):
            continue
        if len(rows) >= MAX_ROWS:
            message = _("The file has more than %(max)d rows. Split it into smaller files.") % {"max": MAX_ROWS}
            raise SpreadsheetError(message)
        rows.append(row)
    return rows


def read_rows(upload: IO[bytes], *, filename: str, size: int | None, columns: tuple[Column, ...]) -> list[Row]:
    """The data rows of the file's first sheet, blank rows skipped. Raises SpreadsheetError."""
    cells = _cells(read_bytes(upload, size=size), filename)
    try:
        mapping = map_header(_header(cells, columns), columns)
        rows = _data_rows(cells, mapping)
    finally:
        cells.close()
    if not rows:
        raise SpreadsheetError(_("The file has no data rows under the column titles."))
    return rows


def read_header(upload: IO[bytes], *, filename: str, size: int | None, columns: tuple[Column, ...]) -> None:
    """Check only the format and the title row: the quick check an upload form runs."""
    cells = _cells(read_bytes(upload, size=size), filename)
    try:
        map_header(_header(cells, columns), columns)
    finally:
        cells.close()
