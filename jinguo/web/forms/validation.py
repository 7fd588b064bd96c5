from django import forms
from django.core.exceptions import ValidationError


def attach_errors(form: forms.BaseForm, error: ValidationError, field_map: dict[str, str] | None = None) -> None:
    """Put a service's ValidationError next to the form fields it names (else on the form)."""
    field_map = field_map or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        target = field_map.get(field, field)
        form.add_error(target if target in form.fields else None, errors)
