"""Job kinds. An app registers its kinds in its own `jobs.py`; the jobs app dispatches by name.

A handler reads and checks outside any transaction, so its progress shows while it works, and
writes nothing itself. It returns either a final `JobOutcome` (a refused import, a finished
export) or a `Commit`: the writes, which the jobs app runs in one transaction together with the
job's final status. So a failure commits nothing and a finished job never writes twice.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jinguo.access.roles import Action

if TYPE_CHECKING:
    from jinguo.jobs.models import Job
    from jinguo.jobs.progress import Progress


@dataclass(frozen=True)
class ResultFile:
    """A file the job hands back: `name` is what the user's download is called."""

    name: str
    content: bytes


@dataclass(frozen=True)
class JobOutcome:
    succeeded: bool
    message: str
    summary: dict[str, Any] = field(default_factory=dict)
    result: ResultFile | None = None


@dataclass(frozen=True)
class Commit:
    """The writes of a checked job; `apply` runs inside the job's final transaction."""

    apply: Callable[[], JobOutcome]


Handler = Callable[["Job", "Progress"], JobOutcome | Commit]


@dataclass(frozen=True)
class JobKind:
    name: str
    handler: Handler
    # What the starter must be allowed to do over the job's unit.
    action: Action


_KINDS: dict[str, JobKind] = {}


def register(name: str, *, action: Action) -> Callable[[Handler], Handler]:
    """Decorator: `@register("org.import_people", action=Action.MANAGE_PEOPLE)`."""

    def decorate(handler: Handler) -> Handler:
        if name in _KINDS and _KINDS[name].handler is not handler:
            raise ValueError(f"job kind {name!r} is already registered")
        _KINDS[name] = JobKind(name=name, handler=handler, action=action)
        return handler

    return decorate


def kind_of(name: str) -> JobKind:
    try:
        return _KINDS[name]
    except KeyError as exc:
        raise LookupError(f"no job kind {name!r} is registered") from exc


def unregister(name: str) -> None:
    """For tests that register throw-away kinds."""
    _KINDS.pop(name, None)
