"""The pages of the plan's supervision rounds: quarterly reviews, the observation meetings in
rotation with minutes and photos, commendations and criticisms (also on unit and person pages)."""

import io

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from jinguo.audit.models import AuditEvent
from jinguo.conftest import DEMO_PASSWORD
from jinguo.org.models import OrgUnit
from jinguo.plans.models import (
    Commendation,
    MeetingPhoto,
    NoticeKind,
    ObservationMeeting,
    Plan,
    PlanParticipant,
    QuarterlyReview,
    Rating,
)
from jinguo.web.tests.conftest import login, no_horizontal_scroll, screenshot
from jinguo.web.tests.test_pages import add_children, assert_error_next_to, count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world) -> Plan:  # type: ignore[no-untyped-def]
    return Plan.objects.get(doc_number="泉妇〔2012〕39号")


@pytest.fixture
def leader(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world.user("liangyuhua"))
    return client


@pytest.fixture
def county(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world.user("huangyufang"))
    return client


def png(name: str = "photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def reviews_of(plan: Plan) -> list[tuple]:
    return list(QuarterlyReview.objects.filter(plan=plan).order_by("pk").values_list("pk", "rating", "problems"))


def schedule(plan: Plan) -> list[tuple]:
    return list(plan.meetings.order_by("year", "quarter").values_list("year", "quarter", "host__name"))


def meeting_state(meeting: ObservationMeeting) -> tuple:
    fresh = ObservationMeeting.objects.get(pk=meeting.pk)
    return fresh.host_id, fresh.held_on, fresh.topic, fresh.minutes, fresh.photos.count()


def texts(response, xpath: str) -> list[str]:  # type: ignore[no-untyped-def]
    document = lxml.html.fromstring(response.content.decode())
    return [" ".join(node.text_content().split()) for node in document.xpath(xpath)]


# --- quarterly reviews ----------------------------------------------------------------------------


def test_the_review_board_opens_on_the_newest_reviewed_quarter(leader, plan, world):
    response = leader.get(reverse("plans:reviews", args=[plan.pk]))

    assert response.status_code == 200
    assert (response.context["year"], response.context["quarter"]) == (2013, 2)
    rows = response.context["rows"]
    assert len(rows) == 13 and rows[0].unit.name == "鲤城区妇联" and rows[0].review.rating == Rating.EXCELLENT
    document = lxml.html.fromstring(response.content.decode())
    ratings = document.xpath("//*[@data-testid='review-board']//*[@data-rating]/@data-rating")
    assert ratings == [row.review.rating for row in rows]
    lichen = world.unit("鲤城区妇联")
    assert reverse("plans:review_edit", args=[plan.pk, lichen.pk, 2013, 2]) in response.content.decode()
    for name in ("plans:reviews", "plans:meetings", "plans:notices"):
        assert reverse(name, args=[plan.pk]) in response.content.decode()


def test_the_board_filters_by_quarter_and_shows_unreviewed_units(leader, plan):
    response = leader.get(reverse("plans:reviews", args=[plan.pk]), {"year": 2013, "quarter": 3})

    assert (response.context["year"], response.context["quarter"]) == (2013, 3)
    assert [row.review for row in response.context["rows"]] == [None] * 13

    older = leader.get(reverse("plans:reviews", args=[plan.pk]), {"year": 2012, "quarter": 4})
    assert [row.review.rating for row in older.context["rows"]][:2] == [Rating.GOOD, Rating.EXCELLENT]

    bad = leader.get(reverse("plans:reviews", args=[plan.pk]), {"year": 2013, "quarter": 5})
    assert bad.status_code == 200 and (bad.context["year"], bad.context["quarter"]) == (2013, 2)


def test_a_county_sees_only_its_own_review_and_cannot_write_one(county, plan, world):
    lichen = world.unit("鲤城区妇联")
    response = county.get(reverse("plans:reviews", args=[plan.pk]))

    assert [row.unit.name for row in response.context["rows"]] == ["鲤城区妇联"]
    assert not response.context["can_review"]
    assert "/reviews/" + str(lichen.pk) not in response.content.decode()

    before = reviews_of(plan)
    url = reverse("plans:review_edit", args=[plan.pk, lichen.pk, 2013, 2])
    assert county.get(url).status_code == 403
    assert county.post(url, {"year": 2013, "quarter": 2, "rating": "excellent"}).status_code == 403
    assert reviews_of(plan) == before


def test_the_plan_is_not_found_out_of_reach(client, plan, world):
    client.force_login(world.village_user("历下区妇联"))
    for name in ("plans:reviews", "plans:meetings", "plans:notices", "plans:notice_create"):
        assert client.get(reverse(name, args=[plan.pk])).status_code == 404, name


def test_below_the_counties_the_rounds_show_nothing_of_the_counties(client, plan, world):
    """A village sees the plan addressed to its county, but no county's reviews, meetings or notices."""
    client.force_login(world.village_user("鲤城区妇联"))
    reviews = client.get(reverse("plans:reviews", args=[plan.pk]))
    meetings = client.get(reverse("plans:meetings", args=[plan.pk]))
    notices = client.get(reverse("plans:notices", args=[plan.pk]))

    assert (reviews.context["rows"], list(meetings.context["meetings"]), list(notices.context["notices"])) == (
        [],
        [],
        [],
    )
    assert client.get(reverse("plans:notice_create", args=[plan.pk])).status_code == 403


def test_a_leader_writes_a_review(leader, plan, world):
    fengze = world.unit("丰泽区妇联")
    url = reverse("plans:review_edit", args=[plan.pk, fengze.pk, 2013, 3])
    assert leader.get(url).status_code == 200

    response = leader.post(
        url, {"year": 2013, "quarter": 3, "rating": "fair", "strengths": "有亮点", "problems": "进度偏慢"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("plans:reviews", args=[plan.pk]) + "?year=2013&quarter=3"
    review = QuarterlyReview.objects.get(plan=plan, unit=fengze, year=2013, quarter=3)
    assert (review.rating, review.strengths, review.problems, review.reviewer) == (
        Rating.FAIR,
        "有亮点",
        "进度偏慢",
        world.user("liangyuhua"),
    )


def test_revising_a_review_starts_from_the_stored_one(leader, plan, world):
    lichen = world.unit("鲤城区妇联")
    url = reverse("plans:review_edit", args=[plan.pk, lichen.pk, 2013, 2])

    form = leader.get(url).context["form"]
    assert form.initial["rating"] == Rating.EXCELLENT

    leader.post(url, {"year": 2013, "quarter": 2, "rating": "good", "problems": "宣传待加强"})

    assert QuarterlyReview.objects.filter(plan=plan, unit=lichen, year=2013, quarter=2).count() == 1
    assert QuarterlyReview.objects.get(plan=plan, unit=lichen, year=2013, quarter=2).rating == Rating.GOOD


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"quarter": 5}, "quarter"),
        ({"year": "二〇一三"}, "year"),
        ({"rating": "brilliant"}, "rating"),
    ],
)
def test_bad_review_input_is_shown_next_to_the_field_and_saves_nothing(leader, plan, world, data, field):
    fengze = world.unit("丰泽区妇联")
    before = reviews_of(plan)

    response = leader.post(
        reverse("plans:review_edit", args=[plan.pk, fengze.pk, 2013, 3]),
        {"year": 2013, "quarter": 3, "rating": "good"} | data,
    )

    assert_error_next_to(response, field)
    assert reviews_of(plan) == before


def test_only_participants_can_be_reviewed(leader, plan, world):
    township = OrgUnit.objects.get_children(world.unit("鲤城区妇联")).first()
    url = reverse("plans:review_edit", args=[plan.pk, township.pk, 2013, 3])
    assert leader.get(url).status_code == 404
    assert leader.post(url, {"year": 2013, "quarter": 3, "rating": "good"}).status_code == 404


# --- observation meetings -------------------------------------------------------------------------


def test_the_meetings_page_shows_the_rotation_minutes_and_photos(leader, plan):
    response = leader.get(reverse("plans:meetings", args=[plan.pk]))

    assert response.status_code == 200
    meetings = response.context["meetings"]
    assert [(m.year, m.quarter, m.host.name) for m in meetings] == schedule(plan)
    assert [m.held_on is not None for m in meetings] == [True, True, True, False]
    html = response.content.decode()
    photo = MeetingPhoto.objects.filter(meeting=meetings[0]).get()
    assert reverse("plans:meeting_photo", args=[photo.pk]) in html and "市妇联在鲤城区召开" in html
    assert response.context["rotation_form"].initial == {"year_from": 2013, "quarter_from": 4}
    assert [unit.name for unit in response.context["hosts"]][:3] == ["鲤城区妇联", "丰泽区妇联", "洛江区妇联"]


def test_a_leader_generates_the_rotation_twice_and_nothing_doubles(leader, plan):
    url = reverse("plans:meeting_rotation", args=[plan.pk])

    response = leader.post(url, {"year_from": 2013, "quarter_from": 4, "count": 2})

    assert response.status_code == 302 and response["Location"] == reverse("plans:meetings", args=[plan.pk])
    assert schedule(plan)[4:] == [(2013, 4, "石狮市妇联"), (2014, 1, "晋江市妇联")]
    leader.post(url, {"year_from": 2013, "quarter_from": 4, "count": 2})
    assert len(schedule(plan)) == 6


@pytest.mark.parametrize(
    ("data", "field"),
    [({"quarter_from": 5}, "quarter_from"), ({"count": 0}, "count"), ({"year_from": ""}, "year_from")],
)
def test_bad_rotation_input_is_shown_next_to_the_field(leader, plan, data, field):
    before = schedule(plan)

    response = leader.post(
        reverse("plans:meeting_rotation", args=[plan.pk]), {"year_from": 2013, "quarter_from": 4, "count": 2} | data
    )

    assert response.status_code == 200 and response.context["rotation_form"] is response.context["form"]
    assert_error_next_to(response, field)
    assert schedule(plan) == before


def test_a_county_may_not_generate_the_rotation(county, plan):
    before = schedule(plan)
    response = county.post(
        reverse("plans:meeting_rotation", args=[plan.pk]), {"year_from": 2013, "quarter_from": 4, "count": 2}
    )
    assert response.status_code == 403 and schedule(plan) == before
    assert county.get(reverse("plans:meeting_rotation", args=[plan.pk])).status_code == 405


def test_a_leader_edits_the_host_and_adds_photos(leader, plan, world):
    meeting = plan.meetings.get(year=2013, quarter=3)
    dehua = world.unit("德化县妇联")

    response = leader.post(
        reverse("plans:meeting_edit", args=[meeting.pk]),
        {
            "host": dehua.pk,
            "held_on": "2013-09-27",
            "topic": "观摩",
            "minutes": "纪要",
            "photos": [png("a.png"), png("b.png")],
            "caption": "合影",
        },
    )

    assert response.status_code == 302
    assert meeting_state(meeting)[0] == dehua.pk and meeting_state(meeting)[2:] == ("观摩", "纪要", 2)
    photo = MeetingPhoto.objects.filter(meeting=meeting).order_by("pk")[0]
    served = leader.get(reverse("plans:meeting_photo", args=[photo.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")


def test_the_host_writes_minutes_but_cannot_change_the_host(client, plan, world):
    meeting = plan.meetings.get(year=2012, quarter=4)  # hosted by 鲤城区
    client.force_login(world.user("huangyufang"))
    url = reverse("plans:meeting_edit", args=[meeting.pk])
    assert client.get(url).context["form"].fields["host"].disabled

    response = client.post(
        url, {"host": world.unit("丰泽区妇联").pk, "held_on": "2012-12-21", "topic": "改期", "minutes": "补记"}
    )

    assert response.status_code == 302
    assert meeting_state(meeting)[:4] == (world.unit("鲤城区妇联").pk, meeting.held_on.replace(day=21), "改期", "补记")


def test_another_county_cannot_edit_the_meeting(client, plan, world):
    meeting = plan.meetings.get(year=2012, quarter=4)
    client.force_login(world.user("wangshaorong"))
    before = meeting_state(meeting)

    url = reverse("plans:meeting_edit", args=[meeting.pk])
    assert client.get(url).status_code == 403  # on the shared schedule, but only its host writes it up
    assert client.post(url, {"held_on": "2012-12-01", "topic": "x", "minutes": "y"}).status_code == 403
    assert meeting_state(meeting) == before
    listing = client.get(reverse("plans:meetings", args=[plan.pk]))
    assert url not in listing.content.decode() and not listing.context["can_schedule"]


def test_city_department_staff_see_the_meetings_but_cannot_write_them_up(client, plan, world):
    meeting = plan.meetings.get(year=2013, quarter=2)
    client.force_login(world.user_of("林晖"))  # 宣传部: department staff of the city
    before = meeting_state(meeting)

    listing = client.get(reverse("plans:meetings", args=[plan.pk]))
    url = reverse("plans:meeting_edit", args=[meeting.pk])

    assert len(listing.context["meetings"]) == 4 and url not in listing.content.decode()
    assert client.get(url).status_code == 403
    assert client.post(url, {"held_on": "2013-06-01", "topic": "x", "minutes": "y"}).status_code == 403
    assert meeting_state(meeting) == before


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"host": "township"}, "host"),
        ({"host": "city"}, "host"),
        ({"photos": SimpleUploadedFile("fake.jpg", b"not an image", content_type="image/jpeg")}, "photos"),
        ({"photos": SimpleUploadedFile("minutes.pdf", b"%PDF-1.4", content_type="application/pdf")}, "photos"),
        ({"held_on": "2013-13-40"}, "held_on"),
    ],
)
def test_bad_meeting_input_is_shown_next_to_the_field_and_saves_nothing(leader, plan, world, data, field):
    meeting = plan.meetings.get(year=2013, quarter=3)
    before, photos = meeting_state(meeting), MeetingPhoto.objects.count()
    units = {
        "township": OrgUnit.objects.get_children(world.unit("泉港区妇联")).first(),
        "city": world.unit("泉州市妇联"),
    }
    payload = {"host": meeting.host_id, "held_on": "2013-09-27", "topic": "观摩", "minutes": "纪要"}
    payload |= {key: units[value].pk if key == "host" else value for key, value in data.items()}

    response = leader.post(reverse("plans:meeting_edit", args=[meeting.pk]), payload)

    assert_error_next_to(response, field)
    assert meeting_state(meeting) == before and MeetingPhoto.objects.count() == photos


def test_a_county_sees_the_whole_schedule_and_writes_up_only_its_own(county, plan, world):
    response = county.get(reverse("plans:meetings", args=[plan.pk]))

    meetings = response.context["meetings"]
    assert [(m.year, m.quarter, m.host.name) for m in meetings] == [
        (2012, 4, "鲤城区妇联"),
        (2013, 1, "丰泽区妇联"),
        (2013, 2, "洛江区妇联"),
        (2013, 3, "泉港区妇联"),
    ]
    assert [(m.may_edit, m.may_read_record) for m in meetings] == [(True, True)] + [(False, False)] * 3
    assert not response.context["hosts"] and not response.context["can_schedule"]
    document = lxml.html.fromstring(response.content.decode())
    edit_links = document.xpath("//*[@data-testid='meetings']//a[contains(@href, '/edit/')]/@href")
    assert edit_links == [reverse("plans:meeting_edit", args=[meetings[0].pk])]
    # Another host's write-up (topic, minutes, photos) stays with that host and the plan's owner.
    fengze = meetings[1]
    assert fengze.topic and fengze.topic not in response.content.decode()
    assert fengze.minutes and fengze.minutes not in response.content.decode()
    assert MeetingPhoto.objects.filter(meeting=fengze).exists()
    assert document.xpath(f"//*[@data-meeting='{fengze.pk}']//img") == []
    assert len(document.xpath(f"//*[@data-meeting='{meetings[0].pk}']//img")) == 1
    form = county.get(reverse("plans:meeting_edit", args=[meetings[0].pk])).context["form"]
    assert [unit.name for unit in form.fields["host"].queryset] == ["鲤城区妇联"]


def test_photos_are_served_only_to_the_owner_and_the_host(client, plan, world):
    photo = MeetingPhoto.objects.get(meeting__plan=plan, meeting__host=world.unit("鲤城区妇联"))
    url = reverse("plans:meeting_photo", args=[photo.pk])
    for user, status in [
        (world.village_user("鲤城区妇联"), 404),
        (world.user("wangshaorong"), 404),
        (world.user("huangyufang"), 200),
        (world.user("liuweihong"), 200),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status, user


# --- commendations and criticisms -----------------------------------------------------------------


def test_a_county_sees_only_the_notices_about_itself(county, plan):
    response = county.get(reverse("plans:notices", args=[plan.pk]))

    assert response.status_code == 200 and not response.context["can_issue"]
    assert [n.unit.name for n in response.context["notices"]] == ["鲤城区妇联"]
    assert "予以通报表扬" in response.content.decode() and "晋江" not in response.content.decode()
    assert reverse("plans:notice_create", args=[plan.pk]) not in response.content.decode()


def test_a_leader_commends_a_person_who_then_sees_it_on_her_page(leader, plan, world):
    huang = world.person("黄玉芳")
    form = leader.get(reverse("plans:notice_create", args=[plan.pk]))
    issued_on = lxml.html.fromstring(form.content.decode()).xpath("//input[@id='id_issued_on']/@value")
    assert issued_on == [timezone.localdate().isoformat()]

    response = leader.post(
        reverse("plans:notice_create", args=[plan.pk]),
        {"kind": "commendation", "person": huang.pk, "reason": "带头创特色", "issued_on": "2013-08-30"},
    )

    assert response.status_code == 302
    notice = Commendation.objects.get(person=huang)
    assert (notice.kind, notice.issued_by, notice.plan, notice.reason) == (
        NoticeKind.COMMENDATION,
        plan.unit,
        plan,
        "带头创特色",
    )
    page = leader.get(reverse("org:person_detail", args=[huang.pk]))
    assert list(page.context["notices"]) == [notice]
    assert texts(page, "//*[@data-testid='notices']//li//div[@class='small']") == ["带头创特色"]


def test_unit_pages_list_their_notices(leader, world):
    page = leader.get(reverse("org:unit_detail", args=[world.unit("晋江市妇联").pk]))
    assert [n.kind for n in page.context["notices"]] == [NoticeKind.CRITICISM]
    assert "主题活动信息报送不及时" in page.content.decode()
    quiet = leader.get(reverse("org:unit_detail", args=[world.unit("丰泽区妇联").pk]))
    assert list(quiet.context["notices"]) == [] and 'data-testid="notices"' not in quiet.content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "unit"),
        ({"unit": "鲤城区妇联", "person": "黄玉芳"}, "unit"),
        ({"unit": "township"}, "unit"),
        ({"unit": "鲤城区妇联", "reason": ""}, "reason"),
        ({"unit": "鲤城区妇联", "kind": "praise"}, "kind"),
    ],
)
def test_bad_notice_input_is_shown_next_to_the_field_and_saves_nothing(leader, plan, world, data, field):
    before = Commendation.objects.count()
    subjects = {"鲤城区妇联": world.unit("鲤城区妇联").pk, "township": OrgUnit.objects.filter(depth=4).first().pk}
    payload = {"kind": "criticism", "reason": "不重视", "issued_on": "2013-08-30"} | data
    if "unit" in data:
        payload["unit"] = subjects[data["unit"]]
    if "person" in data:
        payload["person"] = world.person(data["person"]).pk

    response = leader.post(reverse("plans:notice_create", args=[plan.pk]), payload)

    assert_error_next_to(response, field)
    assert Commendation.objects.count() == before


def test_a_county_may_not_issue_in_the_citys_name(county, plan, world):
    before, logged = Commendation.objects.count(), AuditEvent.objects.count()
    url = reverse("plans:notice_create", args=[plan.pk])
    assert county.get(url).status_code == 403
    payload = {"kind": "criticism", "unit": world.unit("鲤城区妇联").pk, "reason": "x", "issued_on": "2013-08-30"}
    assert county.post(url, payload).status_code == 403
    assert Commendation.objects.count() == before and AuditEvent.objects.count() == logged


# --- query counts: list pages stay flat as data grows ---------------------------------------------


def grow(plan: Plan, world) -> None:  # type: ignore[no-untyped-def]
    """More participants with reviews, more meetings with photos, more notices."""
    city = world.unit("泉州市妇联")
    extra = add_children(city, 5)
    OrgUnit.objects.filter(pk__in=[unit.pk for unit in extra]).update(level=3)
    PlanParticipant.objects.bulk_create([PlanParticipant(plan=plan, unit=unit) for unit in extra])
    reviewer = world.user("liangyuhua")
    QuarterlyReview.objects.bulk_create(
        [QuarterlyReview(plan=plan, unit=u, year=2013, quarter=2, rating="good", reviewer=reviewer) for u in extra]
    )
    meetings = ObservationMeeting.objects.bulk_create(
        [ObservationMeeting(plan=plan, year=2015 + index, quarter=1, host=extra[index]) for index in range(5)]
    )
    for meeting in meetings:
        MeetingPhoto.objects.create(meeting=meeting, file=png())
    Commendation.objects.bulk_create(
        [
            Commendation(plan=plan, issued_by=city, kind="commendation", unit=u, reason="好", issued_on="2013-09-01")
            for u in extra
        ]
    )


@pytest.mark.parametrize(("name", "queries"), [("plans:reviews", 12), ("plans:meetings", 13), ("plans:notices", 10)])
def test_list_page_query_counts_are_pinned(leader, plan, world, django_assert_num_queries, name, queries):
    url = reverse(name, args=[plan.pk])
    leader.get(url)

    with django_assert_num_queries(queries):
        leader.get(url)

    grow(plan, world)
    assert count_queries(leader, url) == queries


# --- at phone width -------------------------------------------------------------------------------


@pytest.mark.live
@pytest.mark.browser
def test_the_supervision_pages_fit_a_phone(phone_page, live_server, live_world):
    plan = Plan.objects.get(doc_number="泉妇〔2012〕39号")
    meeting = plan.meetings.get(year=2012, quarter=4)
    login(phone_page, live_server, "liangyuhua", DEMO_PASSWORD)
    for name, url in [
        ("reviews", reverse("plans:reviews", args=[plan.pk])),
        ("review-edit", reverse("plans:review_edit", args=[plan.pk, meeting.host_id, 2013, 2])),
        ("meetings", reverse("plans:meetings", args=[plan.pk])),
        ("meeting-edit", reverse("plans:meeting_edit", args=[meeting.pk])),
        ("notices", reverse("plans:notices", args=[plan.pk])),
        ("notice-create", reverse("plans:notice_create", args=[plan.pk])),
        ("unit-notices", reverse("org:unit_detail", args=[meeting.host_id])),
    ]:
        phone_page.goto(f"{live_server.url}{url}")
        phone_page.wait_for_selector("h1")
        screenshot(phone_page, f"plan-{name}")
        assert no_horizontal_scroll(phone_page), name
