"""How the standard writes document numbers (泉妇〔2012〕39号) and dates (2012年9月25日)."""

import datetime
import re
import unicodedata
from dataclasses import dataclass

# Issuer prefix, the full year in 六角括号, the sequence without 第 and without leading zeros, 号.
_DOC_NUMBER = re.compile(r"^(?P<prefix>\S+?)〔(?P<year>\d{4})〕(?P<number>[1-9]\d*)号$")


@dataclass(frozen=True)
class DocNumberParts:
    prefix: str
    year: int
    number: int


def format_doc_number(prefix: str, year: int, number: int) -> str:
    if not prefix or number < 1 or not 1000 <= year <= 9999:
        raise ValueError(f"not a document number: {prefix!r}, {year}, {number}")
    return f"{prefix}〔{year}〕{number}号"


def parse_doc_number(text: str) -> DocNumberParts | None:
    """The parts of a number as printed, or None. Brackets typed as [] or 〔〕 variants are not guessed."""
    match = _DOC_NUMBER.match(text.strip())
    if match is None:
        return None
    return DocNumberParts(match["prefix"], int(match["year"]), int(match["number"]))


def chinese_date(day: datetime.date) -> str:
    """2012年9月25日: the full year, month and day without leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日"


def text_width(text: str) -> float:
    """Width in characters of the body face: CJK characters, full-width forms and the ambiguous ones
    (“”、—, full width in Chinese faces) count one; Latin letters and digits half."""
    return sum(1.0 if unicodedata.east_asian_width(char) in "WFA" else 0.5 for char in text)


_DIGITS = "零一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """一 … 九十九, for the ordinals of headings (一、 and （一）)."""
    if not 1 <= number <= 99:
        raise ValueError(f"no heading ordinal for {number}")
    tens, units = divmod(number, 10)
    if not tens:
        return _DIGITS[units]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[units] if units else "")
