import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MixedCharactersValidator:
    """Passwords must mix letters with digits or symbols."""

    def validate(self, password: str, user: object = None) -> None:
        if not re.search(r"[A-Za-z]", password) or not re.search(r"[^A-Za-z]", password):
            raise ValidationError(
                _("The password must contain letters and at least one digit or symbol."), code="password_not_mixed"
            )

    def get_help_text(self) -> str:
        return _("Your password must contain letters and at least one digit or symbol.")
