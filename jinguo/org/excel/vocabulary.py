"""Reading a choice cell: the code, the label in either interface language, or a common variant."""

from collections.abc import Mapping
from typing import Any

from django.db.models import Choices
from django.utils import translation
from django.utils.translation import gettext as _

Names = Mapping[Any, tuple[str, ...]]

# (choices, names, language) → spelling → value; built once, not for every row of a big file.
_LOOKUPS: dict[tuple[type[Choices], int, str], dict[str, object]] = {}


def _fold(text: str) -> str:
    return "".join(text.split()).casefold()


def _lookup(choices: type[Choices], names: Names) -> dict[str, object]:
    key = (choices, id(names), translation.get_language() or "")
    if key not in _LOOKUPS:
        lookup: dict[str, object] = {}
        for choice in choices:
            with translation.override("en"):
                english = str(choice.label)
            for spelling in (str(choice.value), str(choice.label), english, *names.get(choice.value, ())):
                lookup.setdefault(_fold(spelling), choice.value)
        _LOOKUPS[key] = lookup
    return _LOOKUPS[key]


def parse_choice(value: str, names: Names, choices: type[Choices], *, default: object = None) -> object:
    """The choice's value; `default` for a blank cell; None if nothing matches."""
    text = _fold(value)
    if not text:
        return default
    return _lookup(choices, names).get(text)


def choice_message(names: Names) -> str:
    allowed = "、".join(variants[0] for variants in names.values())
    return _("Use one of: %(allowed)s.") % {"allowed": allowed}


def export_name(names: Names, value: object) -> str:
    """What an export writes for a value: its first Chinese spelling."""
    variants = names.get(value)
    return variants[0] if variants else str(value)
