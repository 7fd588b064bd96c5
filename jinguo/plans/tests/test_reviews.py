"""Quarterly reviews, the observation meetings in rotation, commendations and criticisms, and the
innovation award's candidates: the demo data, the services' rules and who may do what."""

import datetime
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone
from PIL import Image

from jinguo.audit.models import AuditEvent
from jinguo.org.models import OrgUnit
from jinguo.plans import reviews
from jinguo.plans.demo.reviews import load_review_demo
from jinguo.plans.innovation import innovation_award_candidates
from jinguo.plans.models import (
    Commendation,
    FeatureLevel,
    FeatureProject,
    MeetingPhoto,
    NoticeKind,
    ObservationMeeting,
    Plan,
    PlanParticipant,
    ProgressUpdate,
    QuarterlyReview,
    Rating,
)

pytestmark = pytest.mark.django_db

COUNTIES = [
    "鲤城区妇联",
    "丰泽区妇联",
    "洛江区妇联",
    "泉港区妇联",
    "石狮市妇联",
    "晋江市妇联",
    "南安市妇联",
    "惠安县妇联",
    "安溪县妇联",
    "永春县妇联",
    "德化县妇联",
    "台商投资区妇工委",
    "市直机关妇工委",
]


@pytest.fixture
def plan(world) -> Plan:  # type: ignore[no-untyped-def]
    return Plan.objects.select_related("unit").get(doc_number="泉妇〔2012〕39号")


def png(name: str = "photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def schedule(plan: Plan) -> list[tuple[str, str]]:
    meetings = ObservationMeeting.objects.filter(plan=plan).select_related("host").order_by("year", "quarter")
    return [(f"{m.year}Q{m.quarter}", m.host.name) for m in meetings]


def events(model: str) -> int:
    return AuditEvent.objects.filter(content_type__model=model).count()


def review_state(plan: Plan) -> list[tuple]:
    return list(QuarterlyReview.objects.filter(plan=plan).order_by("pk").values_list("pk", "rating", "strengths"))


# --- the demo -------------------------------------------------------------------------------------


def test_demo_reviews_cover_the_county_level_units_for_three_quarters(plan):
    rows = QuarterlyReview.objects.filter(plan=plan).select_related("unit", "reviewer__person")
    assert rows.count() == 39
    assert {(r.year, r.quarter) for r in rows} == {(2012, 4), (2013, 1), (2013, 2)}
    assert sorted({r.unit.name for r in rows}) == sorted(COUNTIES)
    assert {str(r.reviewer.person) for r in rows} == {"梁玉华"}
    first = {r.unit.name: r for r in rows if (r.year, r.quarter) == (2012, 4)}
    assert (first["鲤城区妇联"].rating, first["鲤城区妇联"].strengths) == (
        Rating.GOOD,
        "按方案推进各项任务，阵地建设有新进展。",
    )
    assert first["丰泽区妇联"].rating == Rating.EXCELLENT and first["丰泽区妇联"].problems == ""
    assert first["石狮市妇联"].rating == Rating.POOR
    assert {r.rating for r in rows} == set(Rating.values)


def test_demo_rotation_follows_the_documents_order_with_minutes_for_held_meetings(plan):
    assert schedule(plan) == [
        ("2012Q4", "鲤城区妇联"),
        ("2013Q1", "丰泽区妇联"),
        ("2013Q2", "洛江区妇联"),
        ("2013Q3", "泉港区妇联"),
    ]
    meetings = list(plan.meetings.order_by("year", "quarter"))
    assert [m.held_on for m in meetings] == [
        datetime.date(2012, 12, 20),
        datetime.date(2013, 3, 22),
        datetime.date(2013, 6, 21),
        None,
    ]
    assert meetings[0].minutes.startswith("2012年12月20日，市妇联在鲤城区召开特色工作观摩交流推进会。")
    assert meetings[3].minutes == "" and meetings[3].topic == "泉港区特色工作观摩交流会"
    assert [m.photos.count() for m in meetings] == [1, 1, 1, 0]


def test_demo_has_one_commendation_and_one_criticism_of_units(plan):
    notices = Commendation.objects.filter(plan=plan).select_related("unit", "issued_by").order_by("kind")
    assert [(n.kind, str(n.unit), n.issued_by.name, n.issued_on) for n in notices] == [
        (NoticeKind.COMMENDATION, "鲤城区妇联", "泉州市妇联", datetime.date(2013, 7, 10)),
        (NoticeKind.CRITICISM, "晋江市妇联", "泉州市妇联", datetime.date(2013, 7, 10)),
    ]
    assert notices[1].reason == "主题活动信息报送不及时，特色工作推进缓慢，予以通报批评，限期整改。"


def test_demo_loads_once(plan):
    before = (review_state(plan), schedule(plan), MeetingPhoto.objects.count(), Commendation.objects.count())

    load_review_demo(plan)

    assert (review_state(plan), schedule(plan), MeetingPhoto.objects.count(), Commendation.objects.count()) == before


# --- quarterly reviews ----------------------------------------------------------------------------


def test_a_city_leader_reviews_a_unit_and_revises_it(plan, world):
    leader, fengze = world.user("liangyuhua"), world.unit("丰泽区妇联")
    created_events = events("quarterlyreview")

    review = reviews.review_save(
        user=leader, plan=plan, unit=fengze, year=2013, quarter=3, rating=Rating.GOOD, strengths=" 志愿服务常态化 "
    )

    stored = QuarterlyReview.objects.get(pk=review.pk)
    assert (stored.unit, stored.year, stored.quarter, stored.rating, stored.strengths, stored.problems) == (
        fengze,
        2013,
        3,
        Rating.GOOD,
        "志愿服务常态化",
        "",
    )
    assert stored.reviewer == leader

    admin = world.user("liuweihong")
    again = reviews.review_save(
        user=admin, plan=plan, unit=fengze, year=2013, quarter=3, rating=Rating.EXCELLENT, problems="宣传不足"
    )

    assert again.pk == review.pk
    assert QuarterlyReview.objects.filter(plan=plan, unit=fengze, year=2013, quarter=3).count() == 1
    stored.refresh_from_db()
    assert (stored.rating, stored.strengths, stored.problems, stored.reviewer) == (
        Rating.EXCELLENT,
        "",
        "宣传不足",
        admin,
    )
    logged = AuditEvent.objects.filter(content_type__model="quarterlyreview").order_by("id")
    assert logged.count() == created_events + 2
    assert list(logged)[-1].changes["rating"] == ["good", "excellent"]


@pytest.mark.parametrize("username", ["huangyufang", "wangshaorong"])
def test_county_users_cannot_review_and_nothing_changes(plan, world, username):
    before, logged = review_state(plan), AuditEvent.objects.count()
    lichen = world.unit("鲤城区妇联")

    with pytest.raises(PermissionDenied):
        reviews.review_save(user=world.user(username), plan=plan, unit=lichen, year=2013, quarter=2, rating=Rating.POOR)

    assert review_state(plan) == before and AuditEvent.objects.count() == logged


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"quarter": 5}, "quarter"),
        ({"quarter": 0}, "quarter"),
        ({"year": 1800}, "year"),
        ({"rating": "brilliant"}, "rating"),
        ({"unit": "township"}, "unit"),
    ],
)
def test_bad_review_input_names_the_field_and_saves_nothing(plan, world, changes, field):
    township = OrgUnit.objects.get_children(world.unit("鲤城区妇联")).first()
    arguments = {"plan": plan, "unit": world.unit("丰泽区妇联"), "year": 2013, "quarter": 3, "rating": Rating.GOOD}
    arguments |= {key: township if value == "township" else value for key, value in changes.items()}
    before = review_state(plan)

    with pytest.raises(ValidationError) as raised:
        reviews.review_save(user=world.user("liangyuhua"), **arguments)

    assert field in raised.value.message_dict
    assert review_state(plan) == before


def test_the_board_shows_the_owner_every_unit_and_a_county_only_itself(plan, world):
    board = reviews.review_board(user=world.user("liangyuhua"), plan=plan, year=2013, quarter=2)
    assert [row.unit.name for row in board] == COUNTIES
    assert [row.review and row.review.rating for row in board][:3] == [Rating.EXCELLENT, Rating.GOOD, Rating.EXCELLENT]

    own = reviews.review_board(user=world.user("huangyufang"), plan=plan, year=2013, quarter=2)
    assert [(row.unit.name, row.review and row.review.rating) for row in own] == [("鲤城区妇联", Rating.EXCELLENT)]
    assert reviews.review_quarters(user=world.user("huangyufang"), plan=plan) == [(2013, 2), (2013, 1), (2012, 4)]
    assert reviews.review_board(user=world.village_user("鲤城区妇联"), plan=plan, year=2013, quarter=2) == []


# --- the observation meeting rotation ------------------------------------------------------------


def test_rotation_carries_on_after_the_last_host_and_is_idempotent(plan, world):
    leader = world.user("liangyuhua")

    created = reviews.meeting_rotation_generate(user=leader, plan=plan, year_from=2013, quarter_from=4, count=3)

    assert [(m.year, m.quarter, m.host.name) for m in created] == [
        (2013, 4, "石狮市妇联"),
        (2014, 1, "晋江市妇联"),
        (2014, 2, "南安市妇联"),
    ]
    assert AuditEvent.objects.filter(content_type__model="observationmeeting", action="create").count() == 3
    before = schedule(plan)

    again = reviews.meeting_rotation_generate(user=leader, plan=plan, year_from=2012, quarter_from=4, count=7)

    assert again == [] and schedule(plan) == before


def test_an_edited_host_shifts_the_rotation_that_follows(plan, world):
    leader = world.user("liangyuhua")
    reviews.meeting_rotation_generate(user=leader, plan=plan, year_from=2013, quarter_from=4, count=3)
    meeting = plan.meetings.get(year=2014, quarter=1)
    reviews.meeting_update(
        user=leader, meeting=meeting, host=world.unit("德化县妇联"), held_on=None, topic="", minutes=""
    )

    created = reviews.meeting_rotation_generate(user=leader, plan=plan, year_from=2013, quarter_from=4, count=5)

    assert [(m.year, m.quarter, m.host.name) for m in created] == [(2014, 3, "惠安县妇联"), (2014, 4, "安溪县妇联")]
    assert schedule(plan)[4:] == [
        ("2013Q4", "石狮市妇联"),
        ("2014Q1", "德化县妇联"),
        ("2014Q2", "南安市妇联"),
        ("2014Q3", "惠安县妇联"),
        ("2014Q4", "安溪县妇联"),
    ]


def test_rotation_is_round_robin_over_county_level_participants_only(world):
    city = world.unit("泉州市妇联")
    other = Plan.objects.create(unit=city, title="测试方案")
    township = OrgUnit.objects.get_children(world.unit("鲤城区妇联")).first()
    for name in ("洛江区妇联", "鲤城区妇联", "丰泽区妇联"):
        PlanParticipant.objects.create(plan=other, unit=world.unit(name))
    PlanParticipant.objects.create(plan=other, unit=township)

    created = reviews.meeting_rotation_generate(
        user=world.user("liuweihong"), plan=other, year_from=2013, quarter_from=3, count=5
    )

    assert [(m.year, m.quarter, m.host.name) for m in created] == [
        (2013, 3, "鲤城区妇联"),
        (2013, 4, "丰泽区妇联"),
        (2014, 1, "洛江区妇联"),
        (2014, 2, "鲤城区妇联"),
        (2014, 3, "丰泽区妇联"),
    ]


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"year_from": 2013, "quarter_from": 5, "count": 2}, "quarter_from"),
        ({"year_from": 2013, "quarter_from": 4, "count": 0}, "count"),
        ({"year_from": 2013, "quarter_from": 4, "count": 41}, "count"),
        ({"year_from": 3000, "quarter_from": 1, "count": 2}, "year_from"),
    ],
)
def test_bad_rotation_input_names_the_field_and_schedules_nothing(plan, world, arguments, field):
    before = schedule(plan)

    with pytest.raises(ValidationError) as raised:
        reviews.meeting_rotation_generate(user=world.user("liangyuhua"), plan=plan, **arguments)

    assert field in raised.value.message_dict and schedule(plan) == before


def test_a_county_cannot_generate_the_rotation(plan, world):
    before, logged = schedule(plan), AuditEvent.objects.count()

    with pytest.raises(PermissionDenied):
        reviews.meeting_rotation_generate(
            user=world.user("huangyufang"), plan=plan, year_from=2013, quarter_from=4, count=2
        )

    assert schedule(plan) == before and AuditEvent.objects.count() == logged


# --- writing up a meeting ------------------------------------------------------------------------


def meeting_state(meeting: ObservationMeeting) -> tuple:
    fresh = ObservationMeeting.objects.get(pk=meeting.pk)
    return fresh.host_id, fresh.held_on, fresh.topic, fresh.minutes, fresh.photos.count()


def test_the_host_writes_minutes_and_adds_photos(plan, world):
    meeting = plan.meetings.get(year=2013, quarter=3)  # 泉港区
    host_admin = world.user_of("林瑞群")

    reviews.meeting_update(
        user=host_admin,
        meeting=meeting,
        held_on=datetime.date(2013, 9, 26),
        topic="巾帼志愿服务观摩",
        minutes=" 观摩了三个志愿服务站点。 ",
        photos=[png("a.png"), png("b.png")],
        caption="现场",
    )

    assert meeting_state(meeting) == (
        world.unit("泉港区妇联").pk,
        datetime.date(2013, 9, 26),
        "巾帼志愿服务观摩",
        "观摩了三个志愿服务站点。",
        2,
    )
    assert list(MeetingPhoto.objects.filter(meeting=meeting).values_list("caption", flat=True)) == ["现场", "现场"]
    update = AuditEvent.objects.filter(content_type__model="observationmeeting").latest("id")
    assert update.action == "update" and update.changes["held_on"] == [None, "2013-09-26"]
    assert events("meetingphoto") == 2
    # Filed under the host, so the host's and the city's audit viewers see them and a sibling's do not.
    photos = AuditEvent.objects.filter(content_type__model="meetingphoto")
    assert {update.unit_path, *photos.values_list("unit_path", flat=True)} == {world.unit("泉港区妇联").path}


def test_the_host_may_not_hand_the_meeting_to_another_unit(plan, world):
    meeting = plan.meetings.get(year=2013, quarter=3)
    before = meeting_state(meeting)

    with pytest.raises(PermissionDenied):
        reviews.meeting_update(
            user=world.user_of("林瑞群"),
            meeting=meeting,
            host=world.unit("德化县妇联"),
            held_on=None,
            topic="",
            minutes="",
        )

    assert meeting_state(meeting) == before


def test_another_county_cannot_write_up_the_meeting(plan, world):
    meeting = plan.meetings.get(year=2012, quarter=4)  # 鲤城区
    before, logged = meeting_state(meeting), AuditEvent.objects.count()

    with pytest.raises(PermissionDenied):
        reviews.meeting_update(user=world.user("wangshaorong"), meeting=meeting, held_on=None, topic="x", minutes="")

    assert meeting_state(meeting) == before and AuditEvent.objects.count() == logged


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"host": "township"}, "host"),
        ({"host": "city"}, "host"),
        ({"photos": [SimpleUploadedFile("fake.png", b"not an image", content_type="image/png")]}, "photos"),
        ({"photos": [SimpleUploadedFile("minutes.pdf", b"%PDF-1.4", content_type="application/pdf")]}, "photos"),
        ({"photos": [SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")]}, "photos"),
        ({"topic": "长" * 201}, "topic"),
    ],
)
def test_bad_meeting_input_names_the_field_and_saves_nothing(plan, world, changes, field):
    meeting = plan.meetings.get(year=2013, quarter=3)
    before, logged = meeting_state(meeting), AuditEvent.objects.count()
    units = {"township": OrgUnit.objects.get_children(world.unit("泉港区妇联")).first(), "city": plan.unit}
    arguments: dict[str, Any] = {"held_on": datetime.date(2013, 9, 1), "topic": "观摩", "minutes": "纪要"}
    arguments |= {"photos": [png()]}
    arguments |= {key: units.get(value, value) if key == "host" else value for key, value in changes.items()}

    with pytest.raises(ValidationError) as raised:
        reviews.meeting_update(user=world.user("liangyuhua"), meeting=meeting, **arguments)

    assert field in raised.value.message_dict
    assert meeting_state(meeting) == before and AuditEvent.objects.count() == logged


def test_every_participant_sees_the_schedule_and_only_the_host_its_photos(plan, world):
    owner = reviews.meeting_list(user=world.user("liangyuhua"), plan=plan)
    assert [m.host.name for m in owner] == ["鲤城区妇联", "丰泽区妇联", "洛江区妇联", "泉港区妇联"]
    for user in (world.user("huangyufang"), world.user("wangshaorong")):
        assert list(reviews.meeting_list(user=user, plan=plan)) == list(owner)
    lichen_photo = MeetingPhoto.objects.get(meeting__plan=plan, meeting__host=world.unit("鲤城区妇联"))
    fengze_view = {
        m.host.name: list(m.photos.all()) for m in reviews.meeting_list(user=world.user("wangshaorong"), plan=plan)
    }
    assert fengze_view["鲤城区妇联"] == []  # the schedule, without the other host's photos
    assert reviews.meeting_photo_get(user=world.user("huangyufang"), pk=lichen_photo.pk) == lichen_photo
    for user in (world.user("wangshaorong"), world.village_user("鲤城区妇联")):
        with pytest.raises(Http404):
            reviews.meeting_photo_get(user=user, pk=lichen_photo.pk)
    assert list(reviews.meeting_list(user=world.village_user("鲤城区妇联"), plan=plan)) == []


# --- commendations and criticisms ----------------------------------------------------------------


def test_a_city_leader_commends_a_person_listed_on_her_page(plan, world):
    huang = world.person("黄玉芳")

    notice = reviews.notice_issue(
        user=world.user("liangyuhua"),
        plan=plan,
        kind=NoticeKind.COMMENDATION,
        person=huang,
        reason=" 带头创特色，成效突出。 ",
        issued_on=datetime.date(2013, 8, 30),
        doc_number="泉妇〔2013〕50号",
    )

    stored = Commendation.objects.get(pk=notice.pk)
    assert (stored.issued_by, stored.kind, stored.unit, stored.person, stored.reason, stored.doc_number) == (
        plan.unit,
        NoticeKind.COMMENDATION,
        None,
        huang,
        "带头创特色，成效突出。",
        "泉妇〔2013〕50号",
    )
    assert list(reviews.notices_for_person(user=world.user("huangyufang"), person=huang)) == [stored]
    assert events("commendation") == 1


def test_notices_are_seen_by_the_issuer_and_the_subjects_subtree_only(plan, world):
    jinjiang = world.unit("晋江市妇联")
    criticism = Commendation.objects.get(plan=plan, kind=NoticeKind.CRITICISM)

    assert list(reviews.notices_for_unit(user=world.user("liangyuhua"), unit=jinjiang)) == [criticism]
    assert list(reviews.notices_for_unit(user=world.user_of("颜惠玉"), unit=jinjiang)) == [criticism]
    assert list(reviews.notices_for_unit(user=world.user("wangshaorong"), unit=jinjiang)) == []
    assert list(reviews.notices_for_unit(user=world.village_user("鲤城区妇联"), unit=jinjiang)) == []
    county = reviews.notice_list(user=world.user("huangyufang"), plan=plan)
    assert [(n.kind, str(n.unit)) for n in county] == [(NoticeKind.COMMENDATION, "鲤城区妇联")]


def test_a_county_issues_notices_only_within_its_subtree(world):
    lichen, user = world.unit("鲤城区妇联"), world.user("huangyufang")
    township = OrgUnit.objects.get_children(lichen).first()
    before = Commendation.objects.count()

    notice = reviews.notice_issue(
        user=user,
        issuer=lichen,
        kind=NoticeKind.COMMENDATION,
        unit=township,
        reason="好",
        issued_on=timezone.localdate(),
    )
    assert (notice.issued_by, notice.unit, notice.plan) == (lichen, township, None)

    with pytest.raises(ValidationError) as raised:
        reviews.notice_issue(
            user=user,
            issuer=lichen,
            kind=NoticeKind.CRITICISM,
            unit=world.unit("丰泽区妇联"),
            reason="差",
            issued_on=timezone.localdate(),
        )
    assert "unit" in raised.value.message_dict
    assert Commendation.objects.count() == before + 1


@pytest.mark.parametrize("username", ["huangyufang", "wangshaorong"])
def test_a_county_cannot_issue_in_the_citys_name(plan, world, username):
    before, logged = Commendation.objects.count(), AuditEvent.objects.count()

    with pytest.raises(PermissionDenied):
        reviews.notice_issue(
            user=world.user(username),
            plan=plan,
            kind=NoticeKind.CRITICISM,
            unit=world.unit("鲤城区妇联"),
            reason="差",
            issued_on=timezone.localdate(),
        )

    assert Commendation.objects.count() == before and AuditEvent.objects.count() == logged


@pytest.mark.parametrize(("case", "field"), [("nobody", "unit"), ("both", "unit"), ("no reason", "reason")])
def test_bad_notice_input_names_the_field_and_saves_nothing(plan, world, case, field):
    unit, person = world.unit("鲤城区妇联"), world.person("黄玉芳")
    arguments = {
        "nobody": {"reason": "好"},
        "both": {"unit": unit, "person": person, "reason": "好"},
        "no reason": {"unit": unit, "reason": "  "},
    }[case]
    before = Commendation.objects.count()

    with pytest.raises(ValidationError) as raised:
        reviews.notice_issue(
            user=world.user("liangyuhua"),
            plan=plan,
            kind=NoticeKind.COMMENDATION,
            issued_on=timezone.localdate(),
            **arguments,
        )

    assert field in raised.value.message_dict and Commendation.objects.count() == before


# --- the innovation award's candidates -----------------------------------------------------------


def _update(project: FeatureProject, percent: int, day: datetime.date, author) -> None:  # type: ignore[no-untyped-def]
    update = ProgressUpdate.objects.create(
        feature_project=project,
        unit=project.declared_by or project.plan.unit,
        author=author,
        text="进展",
        percent=percent,
    )
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    ProgressUpdate.objects.filter(pk=update.pk).update(created_at=moment)


def test_candidates_carry_the_years_progress_of_each_feature_project(plan, world):
    lichen, author = world.unit("鲤城区妇联"), world.user("huangyufang")
    project = FeatureProject.objects.create(
        plan=plan, name="巾帼创新工作室", level=FeatureLevel.TOWNSHIP_FEATURE, declared_by=lichen, sort_order=999
    )
    project.responsible_units.add(lichen)
    _update(project, 30, datetime.date(2012, 12, 1), author)
    _update(project, 60, datetime.date(2013, 4, 1), author)
    _update(project, 85, datetime.date(2013, 11, 1), author)

    candidates = innovation_award_candidates(user=world.user("liangyuhua"), plan=plan, year=2013)

    assert len(candidates) == 24  # annex 1's ten, each county-level unit's declared project, this one
    assert candidates[-1].project == project
    assert (candidates[-1].latest_percent, candidates[-1].update_count, candidates[-1].accepted_task_count) == (
        85,
        2,
        0,
    )
    # 扶持妇女创业就业 names 市妇女儿童活动中心, which leads task (17), accepted in August 2013.
    by_name = {c.project.name: c for c in candidates}
    assert by_name["扶持妇女创业就业"].accepted_task_count == 1
    assert by_name["以168工作机制为抓手推进基层妇女组织建设"].accepted_task_count == 0
    earlier = innovation_award_candidates(user=world.user("liangyuhua"), plan=plan, year=2012)
    assert (earlier[-1].latest_percent, earlier[-1].update_count, earlier[-1].accepted_task_count) == (30, 1, 0)
    assert {c.accepted_task_count for c in earlier} == {0}
    assert innovation_award_candidates(user=world.user("liangyuhua"), plan=plan, year=2014)[-1].update_count == 0


def test_candidates_report_the_latest_update_of_the_year(plan, world):
    brand = FeatureProject.objects.get(plan=plan, declared_by=world.unit("丰泽区妇联"))
    in_2013 = list(
        ProgressUpdate.objects.filter(feature_project=brand, created_at__year=2013).order_by("created_at", "id")
    )
    expected = (in_2013[-1].percent if in_2013 else None, len(in_2013))

    candidate = next(
        c
        for c in innovation_award_candidates(user=world.user("liuweihong"), plan=plan, year=2013)
        if c.project == brand
    )

    assert (candidate.latest_percent, candidate.update_count) == expected


def test_candidates_follow_the_viewers_reach(plan, world, django_assert_num_queries):
    county = innovation_award_candidates(user=world.user("huangyufang"), plan=plan, year=2013)
    declared = [c.project.declared_by.name for c in county if c.project.declared_by]
    assert len(county) == 11 and declared == ["鲤城区妇联"]

    user = world.user("liangyuhua")
    innovation_award_candidates(user=user, plan=plan, year=2013)
    with django_assert_num_queries(4):
        innovation_award_candidates(user=user, plan=plan, year=2013)
