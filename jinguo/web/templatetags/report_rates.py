"""How the completeness pages write a rate."""

from django import template

register = template.Library()


@register.filter
def percent(rate: float | None) -> str:
    """0.857 → 86%; no rate (nothing expected) → —."""
    return "—" if rate is None else f"{round(rate * 100)}%"
