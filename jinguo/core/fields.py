"""Encrypted model fields for sensitive personal information (PIPL): stored as Fernet tokens."""

import base64
import hashlib
import hmac
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import models


def _key_material() -> bytes:
    return hashlib.sha256(settings.JINGUO_FIELD_KEY.encode()).digest()


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_key_material()))


def blind_index(value: str) -> str:
    """A keyed hash of a normalised value, so encrypted identities can be unique and looked up."""
    return hmac.new(_key_material(), value.encode(), hashlib.sha256).hexdigest()


def mask_identity(value: str) -> str:
    """110105199001011234 → 1101**********1234, for redacted display and exports."""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


class EncryptedTextField(models.TextField):
    """Plain text in Python, ciphertext in the database. Not searchable: pair it with blind_index."""

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return _fernet().encrypt(str(value).encode()).decode()

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value in (None, ""):
            return value
        try:
            return _fernet().decrypt(value.encode()).decode()
        except InvalidToken:
            return ""
