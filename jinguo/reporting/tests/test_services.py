"""The reporting loop: draft, photos, submit (on time or late), return, fix, resubmit, accept, reopen;
bad input changes nothing; two reviewers acting at once change the state once."""

import datetime
import re
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext
from PIL import Image

from jinguo.audit.models import AuditEvent
from jinguo.reporting import rates, services
from jinguo.reporting.expected import ensure_expected
from jinguo.reporting.models import ReviewEvent, Submission, SubmissionPhoto, SubmissionStatus
from jinguo.reporting.tests.factories import jpeg

pytestmark = pytest.mark.django_db

GOOD = {"summary": "开展“三八”维权周活动三场。", "trained": "40", "placed": "12"}


@contextmanager
def on(day: datetime.date):
    """Pretend it is 10:00 on `day` (Asia/Shanghai)."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


@pytest.fixture
def october(monthly, world) -> Submission:  # type: ignore[no-untyped-def]
    ensure_expected(monthly, until=datetime.date(2012, 12, 1))
    return Submission.objects.get(definition=monthly, period="2012-10", unit=world.unit("鲤城区妇联"))


def state(submission: Submission) -> tuple:
    fresh = Submission.objects.get(pk=submission.pk)
    return fresh.status, fresh.values, fresh.is_late, fresh.version


def with_photo(world, submission: Submission) -> Submission:  # type: ignore[no-untyped-def]
    services.photo_add(user=world.user("huangyufang"), submission=submission, field_key="photos", upload=jpeg())
    return submission


def test_submitted_by_the_grace_day_is_on_time_and_after_it_late(october, world):
    reporter = world.user("huangyufang")
    with_photo(world, october)
    with on(datetime.date(2012, 11, 3)):
        services.submit(user=reporter, submission=october, raw=GOOD)
    assert state(october)[:3] == (SubmissionStatus.SUBMITTED, GOOD | {"trained": "40", "placed": "12"}, False)

    november = Submission.objects.get(definition=october.definition, period="2012-11", unit=october.unit)
    with_photo(world, november)
    with on(datetime.date(2012, 12, 4)):
        services.submit(user=reporter, submission=november, raw=GOOD)
    assert Submission.objects.get(pk=november.pk).is_late is True


def test_return_fix_resubmit_accept_and_reopen(october, world):
    reporter, reviewer = world.user("huangyufang"), world.user("liuweihong")
    with_photo(world, october)
    with on(datetime.date(2012, 11, 1)):
        services.submit(user=reporter, submission=october, raw=GOOD)
    with on(datetime.date(2012, 11, 2)):
        services.review(user=reviewer, submission=october, action="return", comment="请补充培训人数来源。")
    assert state(october)[0] == SubmissionStatus.RETURNED

    with on(datetime.date(2012, 11, 20)):  # fixed late: timeliness is judged by the first sending
        services.submit(user=reporter, submission=october, raw=GOOD | {"trained": "45"})
    services.review(user=reviewer, submission=october, action="accept")
    assert state(october)[:3] == (SubmissionStatus.ACCEPTED, GOOD | {"trained": "45"}, False)

    with pytest.raises(ValidationError):
        services.draft_save(user=reporter, submission=october, raw={"summary": "改"})  # locked once accepted
    services.review(user=reviewer, submission=october, action="reopen", comment="数据需更正。")
    assert state(october)[0] == SubmissionStatus.RETURNED
    actions = list(ReviewEvent.objects.filter(submission=october).values_list("action", flat=True))
    assert actions == ["submit", "return", "submit", "accept", "reopen"]


def test_an_incomplete_or_inconsistent_report_is_refused_and_nothing_changes(october, world):
    reporter = world.user("huangyufang")
    before = state(october)

    with pytest.raises(ValidationError) as missing:
        services.submit(user=reporter, submission=october, raw={"summary": ""})
    assert set(missing.value.message_dict) == {"summary", "photos"}

    with_photo(world, october)
    before = state(october)
    with pytest.raises(ValidationError) as inconsistent:
        services.submit(user=reporter, submission=october, raw=GOOD | {"placed": "50"})  # placed > trained
    assert list(inconsistent.value.message_dict) == ["placed"]
    with pytest.raises(ValidationError) as negative:
        services.submit(user=reporter, submission=october, raw=GOOD | {"trained": "-1"})
    assert list(negative.value.message_dict) == ["trained"]
    assert state(october) == before


def test_a_draft_keeps_what_parses(october, world):
    checked = services.draft_save(
        user=world.user("huangyufang"), submission=october, raw={"summary": "草稿", "trained": "四十"}
    )

    assert list(checked.errors) == ["trained"]
    assert state(october)[:2] == (SubmissionStatus.DRAFT, {"summary": "草稿"})


def test_a_sibling_county_can_neither_fill_nor_review(october, world):
    before = state(october)
    with pytest.raises(PermissionDenied):
        services.draft_save(user=world.user("wangshaorong"), submission=october, raw=GOOD)
    with pytest.raises(PermissionDenied):
        services.review(user=world.user("huangyufang"), submission=october, action="accept")  # not her own
    assert state(october) == before


def test_a_period_not_yet_open_is_refused(monthly, world):
    ensure_expected(monthly, until=datetime.date(2013, 8, 31))
    august = Submission.objects.get(definition=monthly, period="2013-08", unit=world.unit("鲤城区妇联"))

    with (
        on(datetime.date(2013, 7, 20)),
        pytest.raises(ValidationError, match=re.escape(gettext("This period has not started yet."))),
    ):
        services.draft_save(user=world.user("huangyufang"), submission=august, raw=GOOD)


def test_two_reviewers_at_once_change_the_state_once(october, world):
    with_photo(world, october)
    services.submit(user=world.user("huangyufang"), submission=october, raw=GOOD)
    seen = Submission.objects.get(pk=october.pk)  # both reviewers loaded the page at this version

    services.review(user=world.user("liuweihong"), submission=seen, action="accept", version=seen.version)
    changed = gettext("Someone else changed this report meanwhile; reload the page and try again.")
    with pytest.raises(ValidationError, match=re.escape(changed)):
        services.review(
            user=world.user("liuweihong"), submission=seen, action="return", comment="退回", version=seen.version
        )
    already = gettext("This report is already “%(status)s”; reload the page to see who changed it.")
    with pytest.raises(ValidationError, match=re.escape(already % {"status": SubmissionStatus.ACCEPTED.label})):
        services.review(user=world.user("liuweihong"), submission=seen, action="accept")

    assert ReviewEvent.objects.filter(submission=october, action__in=["accept", "return"]).count() == 1


def test_photos_are_turned_upright_scaled_and_stripped(october, world):
    upload = jpeg(64, 48, orientation=6)  # the phone held upright: rotate 90°

    photo = services.photo_add(
        user=world.user("huangyufang"), submission=october, field_key="photos", upload=upload, caption="现场"
    )

    with Image.open(photo.image) as image:
        assert image.size == (48, 64) and not image.getexif().get(0x0112)
    assert (photo.width, photo.height, photo.caption) == (48, 64, "现场")
    assert AuditEvent.objects.filter(content_type__model="submissionphoto", action="create").count() == 1


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        ("fake", "“%(name)s” is not a readable image."),
        ("huge", "“%(name)s” is larger than %(limit)d MB."),
        ("bomb", "“%(name)s” has too many pixels."),
    ],
)
def test_bad_photos_are_refused_next_to_their_field(october, world, settings, upload, message):
    uploads = {
        "fake": lambda: SimpleUploadedFile("p.jpg", b"not an image", content_type="image/jpeg"),
        "huge": lambda: jpeg(400, 400),
        "bomb": _bomb,
    }
    settings.JINGUO_PHOTO_MAX_BYTES = 1024 if upload == "huge" else 10 * 2**20
    name = "bomb.png" if upload == "bomb" else "p.jpg"

    with pytest.raises(ValidationError) as refused:
        services.photo_add(
            user=world.user("huangyufang"), submission=october, field_key="photos", upload=uploads[upload]()
        )

    assert refused.value.message_dict["photos"] == [gettext(message) % {"name": name, "limit": 0}]
    assert not SubmissionPhoto.objects.filter(submission=october).exists()


def _bomb() -> SimpleUploadedFile:
    """A small PNG that claims 20,000 × 20,000 pixels."""
    import io

    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, format="PNG")
    return SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")


def test_rates_follow_the_loop(october, world):
    reporter, reviewer = world.user("huangyufang"), world.user("liuweihong")
    city = world.unit("泉州市妇联")
    expected = Submission.objects.filter(definition=october.definition, period="2012-10").count()

    def lichen_line() -> rates.Rates:
        lines = rates.branch_rates(definition=october.definition, periods=["2012-10"], focus=city)
        return next(line.rates for line in lines if line.unit == october.unit)

    assert (lichen_line().expected, lichen_line().reported) == (1, 0)
    with_photo(world, october)
    with on(datetime.date(2012, 11, 1)):
        services.submit(user=reporter, submission=october, raw=GOOD)
    assert (lichen_line().reported, lichen_line().on_time) == (1, 1)
    services.review(user=reviewer, submission=october, action="return", comment="请补充。")
    assert (lichen_line().reported, lichen_line().returned) == (0, 1)

    total = rates.rates_of(Submission.objects.filter(definition=october.definition, period="2012-10"))
    assert total.expected == expected and total.reporting_rate == 0
