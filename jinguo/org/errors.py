from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def cycle_error() -> ValidationError:
    return ValidationError({"parent": _("A unit cannot be moved under itself or one of its own subordinate units.")})


def level_error() -> ValidationError:
    return ValidationError({"level": _("A unit cannot be of a higher level than its parent.")})
