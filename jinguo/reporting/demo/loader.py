"""Demo reports: the campaign's monthly report (seed 000) of the county-level units and the city's
departments, October 2012 to August 2013, and Lixia's monthly information report (seed 004) of its
streets, November 2013 to April 2014.

The expected rows come from `ensure_expected`; each is then filled as the month went: most sent on
time, some late, some never, a few returned with a comment, many accepted, a couple chosen as
highlights. Times are written directly (the services stamp "now"), with the history to match.
Idempotent: a definition that exists is left as it is."""

import datetime
import functools
import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from jinguo.access.models import Role, RoleGrant
from jinguo.accounts.models import User
from jinguo.org.models import OrgUnit, UnitLevel
from jinguo.plans.demo.seed_data import DOC_NUMBER, ISSUING_UNIT
from jinguo.plans.models import FeatureProject, Plan
from jinguo.reporting import policies
from jinguo.reporting.demo import texts
from jinguo.reporting.expected import ensure_expected
from jinguo.reporting.models import (
    FieldType,
    ReportDefinition,
    ReportField,
    ReportTarget,
    ReviewAction,
    ReviewEvent,
    Submission,
    SubmissionPhoto,
    SubmissionStatus,
)
from jinguo.reporting.periods import DueRule, Frequency

LIXIA = "历下区妇联"
CAMPAIGN_REVIEWER, CAMPAIGN_LEADER = "刘伟宏", "梁玉华"  # the city office receives the reports
RETURN_ODDS, ACCEPT_ODDS = 0.03, 0.6
PHOTO_SIZE, THUMB_SIZE = (240, 160), (120, 80)
FILLED_FIELDS = [
    "status", "values", "first_submitted_at", "submitted_at", "submitted_by", "is_late",
    "reviewed_at", "reviewed_by", "is_highlight", "highlight_note",
]  # fmt: skip

Values = dict[str, str]
Writer = Callable[[Submission, random.Random], tuple[Values, Values, str]]  # (sent, draft, photo caption)


@dataclass(frozen=True)
class Habit:
    """How one reporter tends to do: the odds of never sending and of sending late."""

    missing: float
    late: float


@dataclass
class Story:
    """What filling one definition's rows needs, and what it produces besides the rows."""

    definition: ReportDefinition
    write: Writer
    reporters: dict[tuple[int, int | None], User]
    reviewer: User | None
    leader: User | None
    return_comments: tuple[str, ...] = texts.RETURN_COMMENTS
    photo_field: str = ""
    highlights: int = 2
    events: list[tuple[ReviewEvent, datetime.datetime]] = field(default_factory=list)
    photos: list[SubmissionPhoto] = field(default_factory=list)


def load_reporting_demo() -> None:
    _load_campaign_report()
    _load_lixia_report()


# --- the campaign's monthly report (seed 000) ------------------------------------------------------


def _load_campaign_report() -> None:
    city = OrgUnit.objects.filter(name=ISSUING_UNIT, level=UnitLevel.PREFECTURE).first()
    if city is None or ReportDefinition.objects.filter(owner=city, name=texts.CAMPAIGN_REPORT).exists():
        return
    definition = ReportDefinition.objects.create(
        owner=city,
        plan=Plan.objects.filter(unit=city, doc_number=DOC_NUMBER).first(),
        name=texts.CAMPAIGN_REPORT,
        description=texts.CAMPAIGN_DESCRIPTION,
        frequency=Frequency.MONTHLY,
        first_day=datetime.date(2012, 10, 1),
        last_day=datetime.date(2013, 8, 31),
        due_rule=DueRule.DAY_OF_NEXT_MONTH,
        due_value=1,
        grace_days=2,
    )
    ReportTarget.objects.create(definition=definition, unit=city, below=True, level=UnitLevel.COUNTY)
    ReportTarget.objects.create(definition=definition, unit=city, departments=True)
    ReportField.objects.bulk_create(
        [
            ReportField(definition=definition, key="summary", label="本月主要工作", type=FieldType.LONG_TEXT,
                        required=True, sort_order=1),
            ReportField(definition=definition, key="activities", label="开展活动", type=FieldType.INTEGER,
                        unit_label="场", min_value=0, sort_order=2),
            ReportField(definition=definition, key="participants", label="参与妇女", type=FieldType.INTEGER,
                        unit_label="人次", min_value=0, sort_order=3),
            ReportField(definition=definition, key="photos", label="活动照片", type=FieldType.PHOTOS,
                        required=True, sort_order=4),
        ]
    )  # fmt: skip
    ensure_expected(definition, until=definition.last_day)
    story = Story(
        definition=definition,
        write=_campaign_writer(city, definition.plan),
        reporters=_reporters(definition, city),
        reviewer=_named_user(CAMPAIGN_REVIEWER),
        leader=_named_user(CAMPAIGN_LEADER),
        photo_field="photos",
    )
    _fill(story, random.Random(texts.CAMPAIGN_REPORT))  # seeded: the same demo on every machine


def _campaign_writer(city: OrgUnit, plan: Plan | None) -> Writer:
    features = _features(city, plan)

    def write(row: Submission, rng: random.Random) -> tuple[Values, Values, str]:
        theme = rng.choice(texts.CAMPAIGN_THEMES[row.period_start.month]).format(n=rng.randint(2, 12))
        step = rng.choice(texts.FEATURE_STEPS).format(n=rng.randint(1, 6))
        closing = rng.choice(texts.CLOSINGS).format(n=rng.randint(2, 9))
        feature = features.get((row.unit_id, row.department_id), f"“{texts.DEFAULT_FEATURE}”")
        activities = rng.randint(1, 6) if row.department_id else rng.randint(3, 14)
        values = {
            "summary": f"{theme}。围绕{feature}，{step}。{closing}。",
            "activities": str(activities),
            "participants": str(activities * rng.randint(30, 160)),
        }
        caption = f"{row.reporter_name}：{theme.split('，')[0]}"
        return values, {"summary": f"{theme}。"}, caption[:200]

    return write


def _features(city: OrgUnit, plan: Plan | None) -> dict[tuple[int, int | None], str]:
    """What each reporter's months centre on: a county's declared brand, a department's own work."""
    brands = FeatureProject.objects.filter(plan=plan, declared_by__isnull=False).values_list("declared_by", "name")
    features: dict[tuple[int, int | None], str] = {
        (unit_id, None): f"“{name.split('·')[-1]}”特色品牌" for unit_id, name in brands
    }
    for department in city.departments.all():
        if department.name in texts.DEPARTMENT_FEATURES:
            features[(city.pk, department.pk)] = texts.DEPARTMENT_FEATURES[department.name]
    return features


# --- Lixia's monthly information report (seed 004) ------------------------------------------------


def _load_lixia_report() -> None:
    lixia = OrgUnit.objects.filter(name=LIXIA, level=UnitLevel.COUNTY).first()
    if lixia is None or ReportDefinition.objects.filter(owner=lixia, name=texts.LIXIA_REPORT).exists():
        return
    definition = ReportDefinition.objects.create(
        owner=lixia,
        name=texts.LIXIA_REPORT,
        description=texts.LIXIA_DESCRIPTION,
        frequency=Frequency.MONTHLY,
        first_day=datetime.date(2013, 11, 1),
        last_day=datetime.date(2014, 4, 30),
        due_rule=DueRule.DAY_OF_NEXT_MONTH,
        due_value=5,
    )
    ReportTarget.objects.create(definition=definition, unit=lixia, below=True, level=UnitLevel.TOWNSHIP)
    ReportField.objects.bulk_create(
        [
            ReportField(definition=definition, key="items", label="上报信息条数", type=FieldType.INTEGER,
                        required=True, unit_label="条", min_value=2, help_text="每月上报信息不少于2条。",
                        sort_order=1),
            ReportField(definition=definition, key="titles", label="信息标题", type=FieldType.LONG_TEXT,
                        required=True, help_text="每条一行。", sort_order=2),
        ]
    )  # fmt: skip
    ensure_expected(definition, until=definition.last_day)
    reviewer = _unit_user(lixia, Role.UNIT_ADMIN)
    story = Story(
        definition=definition,
        write=_lixia_write,
        reporters=_reporters(definition, lixia),
        reviewer=reviewer,
        leader=reviewer,
        return_comments=texts.LIXIA_RETURN_COMMENTS,
        highlights=1,
    )
    _fill(story, random.Random(texts.LIXIA_REPORT))  # seeded: the same demo on every machine


def _lixia_write(row: Submission, rng: random.Random) -> tuple[Values, Values, str]:
    pool = texts.LIXIA_TITLES[row.period_start.month] + texts.LIXIA_EXTRA_TITLES
    titles = rng.sample(pool, rng.randint(2, 4))
    lines = [f"{number}. {row.unit.display_name}妇联{title}" for number, title in enumerate(titles, 1)]
    return {"items": str(len(titles)), "titles": "\n".join(lines)}, {"titles": lines[0]}, ""


# --- who reports and reviews ------------------------------------------------------------------------


def _named_user(name: str) -> User | None:
    return User.objects.filter(person__name=name, person__is_generated=False).first()


def _unit_user(unit: OrgUnit, role: str) -> User | None:
    grant = RoleGrant.objects.filter(unit=unit, role=role, department__isnull=True).select_related("user")
    first = grant.order_by("pk").first()
    return first.user if first else None


def _reporters(definition: ReportDefinition, owner: OrgUnit) -> dict[tuple[int, int | None], User]:
    """The information officer of each reporting unit (else its administrator); a department's staff
    (else the owner's administrator) for a department's report."""
    keys = set(Submission.objects.filter(definition=definition).values_list("unit_id", "department_id"))
    unit_grants = RoleGrant.objects.filter(
        unit__in={unit for unit, department in keys if department is None},
        department__isnull=True,
        role__in=(Role.INFORMATION_OFFICER, Role.UNIT_ADMIN),
    ).select_related("user")
    found: dict[tuple[int, int | None], User] = {}
    for grant in sorted(unit_grants, key=lambda g: (g.role != Role.INFORMATION_OFFICER, g.pk)):
        found.setdefault((grant.unit_id, None), grant.user)
    department_grants = RoleGrant.objects.filter(
        role=Role.DEPARTMENT_STAFF, department__in={department for _unit, department in keys if department}
    ).select_related("user")
    for grant in department_grants.order_by("pk"):
        found.setdefault((grant.unit_id, grant.department_id), grant.user)
    fallback = _unit_user(owner, Role.UNIT_ADMIN)
    for key in keys:
        if key not in found and fallback is not None:
            found[key] = fallback
    return found


# --- filling the rows -------------------------------------------------------------------------------


def _fill(story: Story, rng: random.Random) -> None:
    rows = list(
        Submission.objects.filter(definition=story.definition)
        .select_related("unit", "department")
        .order_by("period_start", "unit__path", "department_id")
    )
    habits: dict[tuple[int, int | None], Habit] = {}
    for row in rows:
        key = (row.unit_id, row.department_id)
        habit = habits.setdefault(key, Habit(missing=rng.uniform(0, 0.14), late=rng.uniform(0.04, 0.3)))
        if key in story.reporters:
            _play(story, row, habit, rng)
    _choose_highlights(story, rows, rng)
    for row in rows:
        if row.status != SubmissionStatus.MISSING:  # one UPDATE each: far cheaper than bulk_update's CASEs
            row.save(update_fields=FILLED_FIELDS)
    _save_events(story.events)
    SubmissionPhoto.objects.bulk_create(story.photos, batch_size=500)


def _play(story: Story, row: Submission, habit: Habit, rng: random.Random) -> None:
    """One reporter's month: nothing, a draft left unsent, or a report sent (on time or late) and reviewed."""
    values, draft, caption = story.write(row, rng)
    roll = rng.random()
    if roll < habit.missing:
        if rng.random() < 0.35:
            row.status, row.values = SubmissionStatus.DRAFT, draft
        return
    late_by = rng.randint(1, 20) if roll < habit.missing + habit.late else 0
    day = row.late_after + datetime.timedelta(days=late_by if late_by else -rng.randint(0, 5))
    reporter = story.reporters[(row.unit_id, row.department_id)]
    sent_at = _moment(day, rng)
    row.values, row.status, row.is_late = values, SubmissionStatus.SUBMITTED, late_by > 0
    row.first_submitted_at = row.submitted_at = sent_at
    row.submitted_by = reporter
    story.events.append((ReviewEvent(submission=row, action=ReviewAction.SUBMIT, actor=reporter), sent_at))
    if story.photo_field:
        story.photos.append(_photo(row, story.photo_field, caption))
    _review(story, row, rng)


def _review(story: Story, row: Submission, rng: random.Random) -> None:
    reviewer = story.reviewer
    roll = rng.random()
    if reviewer is None or roll >= RETURN_ODDS + ACCEPT_ODDS or not policies.can_review(reviewer, row):
        return
    assert row.submitted_at is not None
    at = row.submitted_at + datetime.timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 3))
    if roll < RETURN_ODDS:
        row.status = SubmissionStatus.RETURNED
        event = ReviewEvent(
            submission=row, action=ReviewAction.RETURN, actor=reviewer, comment=rng.choice(story.return_comments)
        )
    else:
        row.status = SubmissionStatus.ACCEPTED
        event = ReviewEvent(submission=row, action=ReviewAction.ACCEPT, actor=reviewer)
    row.reviewed_at, row.reviewed_by = at, reviewer
    story.events.append((event, at))


def _choose_highlights(story: Story, rows: list[Submission], rng: random.Random) -> None:
    accepted = [row for row in rows if row.status == SubmissionStatus.ACCEPTED]
    if story.leader is None or not accepted:
        return
    for index, row in enumerate(rng.sample(accepted, min(story.highlights, len(accepted)))):
        row.is_highlight, row.highlight_note = True, texts.HIGHLIGHT_NOTES[index % len(texts.HIGHLIGHT_NOTES)]
        assert row.reviewed_at is not None
        event = ReviewEvent(
            submission=row, action=ReviewAction.HIGHLIGHT, actor=story.leader, comment=row.highlight_note
        )
        story.events.append((event, row.reviewed_at + datetime.timedelta(days=1)))


def _save_events(events: list[tuple[ReviewEvent, datetime.datetime]]) -> None:
    """`created_at` is stamped on insert: set it back to when each step happened."""
    saved = ReviewEvent.objects.bulk_create([event for event, _at in events], batch_size=500)
    for event, (_event, at) in zip(saved, events, strict=True):
        event.created_at = at
    ReviewEvent.objects.bulk_update(saved, ["created_at"], batch_size=500)


def _moment(day: datetime.date, rng: random.Random) -> datetime.datetime:
    """A working-hours moment of `day`, in the local time zone."""
    at = datetime.time(rng.randint(8, 17), rng.choice((0, 15, 30, 45)))
    return timezone.make_aware(datetime.datetime.combine(day, at))


def _photo(row: Submission, field_key: str, caption: str) -> SubmissionPhoto:
    """A small coloured picture labelled with the period, standing in for an activity photo."""
    colour = texts.PHOTO_COLOURS[row.unit_id % len(texts.PHOTO_COLOURS)]
    image = _jpeg(colour, row.period, PHOTO_SIZE)
    photo = SubmissionPhoto(
        submission=row, field_key=field_key, caption=caption,
        width=PHOTO_SIZE[0], height=PHOTO_SIZE[1], size=len(image),
    )  # fmt: skip
    stem = f"{row.pk}-{field_key}"
    photo.image.save(f"{stem}.jpg", ContentFile(image), save=False)
    photo.thumbnail.save(f"{stem}-thumb.jpg", ContentFile(_jpeg(colour, row.period, THUMB_SIZE)), save=False)
    return photo


@functools.cache
def _jpeg(colour: tuple[int, int, int], label: str, size: tuple[int, int]) -> bytes:
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.rectangle((0, height * 2 // 3, width, height), fill=tuple(min(255, part + 60) for part in colour))
    draw.text((8, 8), label, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=70)
    return buffer.getvalue()
