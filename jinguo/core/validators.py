"""Validators for identity data that appears across Jinguo: resident ID numbers and mobile numbers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 11643-1999: weights and check characters for the 18th character.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"
_ID_PATTERN = re.compile(r"^\d{17}[\dX]$")
_MOBILE_PATTERN = re.compile(r"^1[3-9]\d{9}$")


def id_number_check_char(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def normalize_id_number(value: str) -> str:
    return value.strip().upper()


def is_valid_id_number(value: str) -> bool:
    value = normalize_id_number(value)
    if not _ID_PATTERN.match(value):
        return False
    month, day = int(value[10:12]), int(value[12:14])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return False
    return id_number_check_char(value[:17]) == value[17]


def validate_id_number(value: str) -> None:
    if not is_valid_id_number(value):
        raise ValidationError(
            _("Enter a valid 18-digit resident ID number (the check digit does not match)."),
            code="invalid_id_number",
        )


def normalize_mobile(value: str) -> str:
    digits = re.sub(r"[\s-]", "", value.strip())
    return digits.removeprefix("+86")


def validate_mobile(value: str) -> None:
    if not _MOBILE_PATTERN.match(normalize_mobile(value)):
        raise ValidationError(
            _("Enter a valid mainland mobile number: 11 digits starting with 1."),
            code="invalid_mobile",
        )
