"""Bulk inserts into the tree for generators and imports: paths computed here, one INSERT per batch.

treebeard's add_child saves one row at a time; a national tree needs 20,000+ units a second.
"""

from collections.abc import Sequence

from django.db import models

from jinguo.core.chinese import name_initials, name_pinyin, normalize_name
from jinguo.org.models import OrgUnit, Person


def _next_step(parent: OrgUnit | None) -> int:
    """1-based position of the next child: after the last existing child (or root)."""
    if parent is None:
        last = OrgUnit.objects.get_root_nodes().order_by("-path").values_list("path", flat=True).first()
        return 1 + (OrgUnit._str2int(last[-OrgUnit.steplen :]) if last else 0)
    if not parent.numchild:
        return 1
    last_path = (
        OrgUnit.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    return 1 + (OrgUnit._str2int(last_path[-OrgUnit.steplen :]) if last_path else 0)


def assign_child_paths(parent: OrgUnit, children: Sequence[OrgUnit], *, first_step: int | None = None) -> None:
    """Give unsaved `children` the paths of `parent`'s next children, in order."""
    step = _next_step(parent) if first_step is None else first_step
    for offset, child in enumerate(children):
        child.depth = parent.depth + 1
        child.path = OrgUnit._get_path(parent.path, child.depth, step + offset)
        child.numchild = 0
        child.name_initials = name_initials(child.name)
    parent.numchild += len(children)


def bulk_create_children(parent: OrgUnit, children: Sequence[OrgUnit], *, batch_size: int = 5000) -> list[OrgUnit]:
    assign_child_paths(parent, children)
    created = OrgUnit.objects.bulk_create(children, batch_size=batch_size)
    OrgUnit.objects.filter(pk=parent.pk).update(numchild=models.F("numchild") + len(children))
    return created


def prepare_person(person: Person) -> Person:
    """What Person.save() derives, for rows that go in through bulk_create."""
    person.name = normalize_name(person.name)
    person.name_pinyin = name_pinyin(person.name)
    person.name_initials = name_initials(person.name)
    return person
