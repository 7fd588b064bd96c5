"""Render form widgets with Bootstrap's classes, marking invalid ones, without a form library."""

from django import forms, template
from django.utils.safestring import SafeString

register = template.Library()


def _widget_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "form-select"
    return "form-control"


@register.filter
def bootstrap(field: forms.BoundField) -> SafeString:
    classes = [_widget_class(field.field.widget), field.field.widget.attrs.get("class", "")]
    if field.errors:
        classes.append("is-invalid")
    attrs: dict[str, str | bool] = {"class": " ".join(c for c in classes if c)}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
