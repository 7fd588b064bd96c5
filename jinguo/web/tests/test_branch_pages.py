"""The party-branch pages: who sees and does what, the public pledge page and the public appraisal form
(no login, by token), results without tokens, bad input shown next to its field, pinned query counts,
and a phone-width pass in a real browser."""

import datetime
import re

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from jinguo.plans.branch import services
from jinguo.plans.demo import branch as demo
from jinguo.plans.models import (
    AppraisalInvitation,
    AppraisalResponse,
    AppraisalRound,
    AppraisalScore,
    BranchComment,
    BranchPlan,
    LearningCommitment,
    LearningLog,
    Pledge,
    RoundStatus,
    Selection,
)
from jinguo.plans.tests.test_branch import _state
from jinguo.web.forms.branch import score_field_name
from jinguo.web.tests.conftest import no_horizontal_scroll, screenshot
from jinguo.web.tests.test_pages import assert_error_next_to, count_queries

pytestmark = pytest.mark.django_db


def _demo() -> BranchPlan:
    return BranchPlan.objects.get(doc_number=demo.DOC_NUMBER)


def _as(client: Client, world, username: str) -> Client:  # type: ignore[no-untyped-def]
    client.force_login(world.user(username))
    return client


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def _main_text(response) -> str:  # type: ignore[no-untyped-def]
    document = lxml.html.fromstring(response.content.decode())
    return " ".join(document.xpath("//main")[0].text_content().split())


def _open_round(world) -> AppraisalRound:  # type: ignore[no-untyped-def]
    return services.round_create(user=world.user("liangyuhua"), branch=_demo(), year=2011)


def _form_data(appraisal: AppraisalRound, value: int = 4) -> dict[str, str]:
    return {
        score_field_name(standard, member): str(value) for standard, member in services.expected_score_keys(appraisal)
    }


# --- lists, pages and reach -------------------------------------------------------------------------------


def test_the_list_shows_branches_in_reach(client, world):
    response = _as(client, world, "chenyuping").get(reverse("plans:branch_list"))
    assert response.status_code == 200
    assert [branch.title for branch in response.context["branches"]] == [demo.TITLE]
    assert response.context["branches"][0].member_count == 9
    assert response.context["can_create"] is False
    response = _as(Client(), world, "huangyufang").get(reverse("plans:branch_list"))
    assert list(response.context["branches"]) == []
    assert demo.TITLE not in _text(response)


def test_the_menu_leads_to_the_party_branch(client, world):
    response = _as(client, world, "chenyuping").get(reverse("home"))
    assert reverse("plans:branch_list") in _text(response)


def test_list_query_count_is_pinned(client, world, django_assert_num_queries):
    client = _as(client, world, "liangyuhua")
    url = reverse("plans:branch_list")
    count_queries(client, url)
    # Another branch in reach costs no query more.
    services.branch_plan_create(user=world.user("liangyuhua"), unit=world.unit("泉州市妇联"), title="第二个支部")
    with django_assert_num_queries(10):  # session, user, grants, may-create, bell, person, branches, session save
        client.get(url)


def test_the_branch_page_shows_standards_pledges_comments_rounds(client, world):
    branch = _demo()
    response = _as(client, world, "chenyuping").get(reverse("plans:branch_detail", args=[branch.pk]))
    assert response.status_code == 200
    text = _main_text(response)
    for title in ("领导班子好", "群众反映好", "带头学习提高", "带头弘扬正气", demo.BRANCH_COMMENT, demo.ROUND_TITLE):
        assert title in text
    assert demo.PLEDGES[0][1] in text
    assert demo.PLEDGES[-1][1] not in text  # 许少华's draft is hers and the secretary's only
    assert reverse("plans:pledge_edit", args=[branch.pk]) in _text(response)  # she is a member
    assert reverse("plans:branch_comment", args=[branch.pk]) not in _text(response)  # she does not comment
    manager = _as(Client(), world, "liangyuhua").get(reverse("plans:branch_detail", args=[branch.pk]))
    assert demo.PLEDGES[-1][1] in _main_text(manager)


def test_branch_page_query_count_is_pinned(client, world, django_assert_num_queries):
    client = _as(client, world, "liangyuhua")
    url = reverse("plans:branch_detail", args=[_demo().pk])
    count_queries(client, url)
    with django_assert_num_queries(20):
        client.get(url)


BRANCH_ROUTES = [
    "branch_detail",
    "branch_members",
    "pledge_edit",
    "branch_comment",
    "appraisal_round_create",
    "selection",
    "commitments",
]


@pytest.mark.parametrize("name", BRANCH_ROUTES)
def test_another_county_gets_404_and_changes_nothing(client, world, name):
    branch = _demo()
    before = _state(branch)
    client = _as(client, world, "huangyufang")
    url = reverse(f"plans:{name}", args=[branch.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"text": "越权", "is_published": "on", "year": 2011, "count": 5}).status_code == 404
    assert _state(branch) == before


@pytest.mark.parametrize("name", ["appraisal_round", "appraisal_invites", "appraisal_results"])
def test_another_county_gets_404_for_an_appraisal(client, world, name):
    branch = _demo()
    before = _state(branch)
    client = _as(client, world, "huangyufang")
    url = reverse(f"plans:{name}", args=[branch.rounds.get().pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "close", "count": 3}).status_code == 404
    assert _state(branch) == before


def _every_route(world) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    branch = _demo()
    appraisal = branch.rounds.get()
    commitment = LearningCommitment.objects.filter(branch=branch).earliest("id")
    token = AppraisalInvitation.objects.filter(round=appraisal).earliest("id").token
    urls = [(name, reverse(f"plans:{name}", args=[branch.pk])) for name in BRANCH_ROUTES]
    urls += [
        (name, reverse(f"plans:{name}", args=[appraisal.pk]))
        for name in ("appraisal_round", "appraisal_invites", "appraisal_results")
    ]
    urls += [("commitment_log", reverse("plans:commitment_log", args=[commitment.pk]))]
    urls += [("branch_list", reverse("plans:branch_list")), ("branch_create", reverse("plans:branch_create"))]
    urls += [("branch_public", reverse("plans:branch_public", args=[branch.public_token]))]
    urls += [("appraise", reverse("plans:appraise", args=[token]))]
    return urls


def test_without_a_login_only_the_two_public_pages_open(client, world):
    for name, url in _every_route(world):
        response = client.get(url)
        if name in ("branch_public", "appraise"):
            assert response.status_code == 200, name
        else:
            assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name


# --- the public pledge page ---------------------------------------------------------------------------------


def test_the_public_page_shows_published_pledges_and_results_only(client, world):
    branch = _demo()
    response = client.get(reverse("plans:branch_public", args=[branch.public_token]))
    assert response.status_code == 200
    text = _main_text(response)
    for _name, pledge, published in demo.PLEDGES:
        assert (pledge in text) is published
    assert "李曙" not in text.split("带头学习提高")[0]  # no pledge, not listed among the pledges
    assert demo.ROUND_TITLE in text and "4.76" in text  # the published 2010 results
    assert demo.BRANCH_COMMENT not in text  # leaders' comments stay inside
    tokens = AppraisalInvitation.objects.filter(round__branch=branch).values_list("token", flat=True)
    assert not any(token in _text(response) for token in tokens)
    assert reverse("plans:branch_detail", args=[branch.pk]) not in _text(response)


def test_the_public_page_needs_the_exact_token(client, world):
    branch = _demo()
    assert client.get(reverse("plans:branch_public", args=[branch.public_token[:-1]])).status_code == 404
    assert client.get(reverse("plans:branch_public", args=[str(branch.pk)])).status_code == 404
    assert client.post(reverse("plans:branch_public", args=[branch.public_token]), {}).status_code == 405


def test_public_page_query_count_is_pinned(client, world, django_assert_num_queries):
    url = reverse("plans:branch_public", args=[_demo().public_token])
    count_queries(client, url)
    with django_assert_num_queries(10):
        client.get(url)


def test_unpublished_results_stay_off_the_public_page(client, world):
    appraisal = _open_round(world)
    token = services.invitations_create(user=world.user("liangyuhua"), appraisal=appraisal, count=1)[0].token
    services.appraisal_submit(token=token, scores=dict.fromkeys(services.expected_score_keys(appraisal), 1))
    response = client.get(reverse("plans:branch_public", args=[_demo().public_token]))
    assert "Mass appraisal 2011" not in _main_text(response) and "2011" not in _main_text(response)


# --- pledges and comments ------------------------------------------------------------------------------------


def test_a_member_edits_her_own_pledge(client, world):
    branch = _demo()
    client = _as(client, world, "chenyuping")
    url = reverse("plans:pledge_edit", args=[branch.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "带头服务群众，每月走访一户困难妇女家庭。", "is_published": "on"})
    assert response.status_code == 302
    pledge = Pledge.objects.get(branch=branch, member__person__name="陈玉萍")
    assert (pledge.text, pledge.is_published) == ("带头服务群众，每月走访一户困难妇女家庭。", True)


def test_an_empty_pledge_shows_the_error_next_to_the_field(client, world):
    branch = _demo()
    before = _state(branch)
    response = _as(client, world, "chenyuping").post(reverse("plans:pledge_edit", args=[branch.pk]), {"text": "  "})
    assert_error_next_to(response, "text")
    assert _state(branch) == before


def test_a_leader_who_is_no_member_has_no_pledge_to_edit(client, world):
    branch = _demo()
    before = _state(branch)
    client = _as(client, world, "liangyuhua")
    url = reverse("plans:pledge_edit", args=[branch.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"text": "越权", "is_published": "on"}).status_code == 403
    assert _state(branch) == before


def test_a_leader_comments_on_a_pledge(client, world):
    branch = _demo()
    pledge = Pledge.objects.get(branch=branch, member__person__name="林晖")
    client = _as(client, world, "liangyuhua")
    url = reverse("plans:branch_comment", args=[branch.pk])
    assert client.get(url, {"pledge": pledge.pk}).context["form"]["pledge"].value() == str(pledge.pk)
    response = client.post(url, {"pledge": pledge.pk, "text": "承诺落实得好。"})
    assert response.status_code == 302
    assert BranchComment.objects.filter(pledge=pledge, text="承诺落实得好。", author__username="liangyuhua").exists()


def test_staff_cannot_comment_and_a_blank_comment_is_refused(client, world):
    branch = _demo()
    before = _state(branch)
    url = reverse("plans:branch_comment", args=[branch.pk])
    assert _as(client, world, "chenyuping").post(url, {"text": "越权"}).status_code == 403
    response = _as(Client(), world, "liangyuhua").post(url, {"text": ""})
    assert_error_next_to(response, "text")
    assert _state(branch) == before


# --- rounds, invitations and the public form ---------------------------------------------------------------------


def test_the_secretary_opens_a_round_and_prints_invitations_with_qr_codes(client, world):
    branch = _demo()
    client = _as(client, world, "liangyuhua")
    response = client.post(reverse("plans:appraisal_round_create", args=[branch.pk]), {"year": 2011, "title": ""})
    appraisal = AppraisalRound.objects.get(branch=branch, year=2011)
    assert response["Location"] == reverse("plans:appraisal_invites", args=[appraisal.pk])
    response = client.post(reverse("plans:appraisal_invites", args=[appraisal.pk]), {"count": 3})
    assert response.status_code == 302
    page = client.get(reverse("plans:appraisal_invites", args=[appraisal.pk]))
    html = _text(page)
    tokens = list(appraisal.invitations.values_list("token", flat=True))
    assert len(tokens) == 3 and all(token in html for token in tokens)
    assert html.count('class="segno"') == 3  # one QR code per invitation


def test_a_second_round_for_the_same_year_is_refused_next_to_the_year(client, world):
    branch = _demo()
    before = _state(branch)
    response = _as(client, world, "liangyuhua").post(
        reverse("plans:appraisal_round_create", args=[branch.pk]), {"year": 2010}
    )
    assert_error_next_to(response, "year")
    assert _state(branch) == before


@pytest.mark.parametrize("count", ["0", "201", "many"])
def test_invitation_counts_out_of_range_are_refused(client, world, count):
    appraisal = _open_round(world)
    before = _state(appraisal.branch)
    response = _as(client, world, "liangyuhua").post(
        reverse("plans:appraisal_invites", args=[appraisal.pk]), {"count": count}
    )
    assert_error_next_to(response, "count")
    assert _state(appraisal.branch) == before


@pytest.mark.parametrize("name", ["appraisal_invites", "appraisal_round"])
def test_members_do_not_manage_rounds(client, world, name):
    appraisal = _open_round(world)
    before = _state(appraisal.branch)
    client = _as(client, world, "chenyuping")
    url = reverse(f"plans:{name}", args=[appraisal.pk])
    if name == "appraisal_invites":
        assert client.get(url).status_code == 403
    assert client.post(url, {"count": 5, "action": "publish"}).status_code == 403
    assert _state(appraisal.branch) == before


def test_the_public_form_takes_one_response_per_token(client, world):
    appraisal = _open_round(world)
    token = services.invitations_create(user=world.user("liangyuhua"), appraisal=appraisal, count=1)[0].token
    url = reverse("plans:appraise", args=[token])
    page = client.get(url)
    assert page.status_code == 200
    assert len(page.context["form"].keys) == 5 + 9 * 5
    response = client.post(url, {**_form_data(appraisal, 5), "opinion": "希望多组织读书交流。"})
    assert response.status_code == 200 and response.context["thanks"]
    saved = AppraisalResponse.objects.get(round=appraisal)
    assert saved.opinion == "希望多组织读书交流。"
    assert AppraisalScore.objects.filter(response=saved).count() == 50
    before = _state(appraisal.branch)
    again = client.post(url, _form_data(appraisal, 1))
    assert again.status_code == 200 and "closed_reason" in again.context and "form" not in again.context
    assert _state(appraisal.branch) == before
    assert set(AppraisalScore.objects.filter(response=saved).values_list("score", flat=True)) == {5}


def test_bad_ratings_are_shown_next_to_their_fields_and_nothing_is_saved(client, world):
    appraisal = _open_round(world)
    token = services.invitations_create(user=world.user("liangyuhua"), appraisal=appraisal, count=1)[0].token
    keys = services.expected_score_keys(appraisal)
    data = _form_data(appraisal)
    out_of_range, missing = score_field_name(*keys[0]), score_field_name(*keys[7])
    data[out_of_range] = "6"
    del data[missing]
    before = _state(appraisal.branch)
    response = client.post(reverse("plans:appraise", args=[token]), data)
    assert_error_next_to(response, out_of_range, "invalid_choice")
    assert_error_next_to(response, missing, "required")
    assert set(response.context["form"].errors) == {out_of_range, missing}
    assert _state(appraisal.branch) == before
    assert AppraisalInvitation.objects.get(token=token).used_at is None


def test_the_form_of_a_closed_round_or_an_unknown_token(client, world):
    appraisal = AppraisalRound.objects.get(branch=_demo(), year=2010)  # published: closed for good
    unused = appraisal.invitations.filter(used_at__isnull=True).earliest("id")
    before = _state(appraisal.branch)
    response = client.post(reverse("plans:appraise", args=[unused.token]), _form_data(appraisal))
    assert response.status_code == 200 and "closed_reason" in response.context
    assert client.get(reverse("plans:appraise", args=["not-a-token-" + "x" * 20])).status_code == 404
    assert _state(appraisal.branch) == before


def test_publishing_through_the_round_page(client, world):
    appraisal = _open_round(world)
    client = _as(client, world, "liangyuhua")
    url = reverse("plans:appraisal_round", args=[appraisal.pk])
    client.post(url, {"action": "publish"})
    assert AppraisalRound.objects.get(pk=appraisal.pk).status == RoundStatus.OPEN  # no responses yet
    token = services.invitations_create(user=world.user("liangyuhua"), appraisal=appraisal, count=1)[0].token
    services.appraisal_submit(token=token, scores=dict.fromkeys(services.expected_score_keys(appraisal), 3))
    assert client.post(url, {"action": "close"}).status_code == 302
    assert AppraisalRound.objects.get(pk=appraisal.pk).status == RoundStatus.CLOSED
    client.post(url, {"action": "publish"})
    assert AppraisalRound.objects.get(pk=appraisal.pk).status == RoundStatus.PUBLISHED


# --- results ----------------------------------------------------------------------------------------------------


def test_published_results_for_the_branch_without_tokens(client, world):
    appraisal = AppraisalRound.objects.get(branch=_demo(), year=2010)
    response = _as(client, world, "chenyuping").get(reverse("plans:appraisal_results", args=[appraisal.pk]))
    results = response.context["results"]
    assert results.response_count == 10 and str(results.branch_average) == "4.76"
    html = _text(response)
    assert all(token not in html for token in appraisal.invitations.values_list("token", flat=True))
    assert re.search(r"陈少青.*?4\.50", _main_text(response))


def test_unpublished_results_are_for_the_secretary_only(client, world):
    appraisal = _open_round(world)
    token = services.invitations_create(user=world.user("liangyuhua"), appraisal=appraisal, count=1)[0].token
    services.appraisal_submit(token=token, scores=dict.fromkeys(services.expected_score_keys(appraisal), 2))
    url = reverse("plans:appraisal_results", args=[appraisal.pk])
    member_view = _as(client, world, "chenyuping").get(url)
    assert member_view.context["results"] is None and "2.00" not in _main_text(member_view)
    secretary_view = _as(Client(), world, "liangyuhua").get(url)
    assert str(secretary_view.context["results"].branch_average) == "2.00"
    assert token not in _text(secretary_view)


def test_results_query_count_is_pinned(client, world, django_assert_num_queries):
    client = _as(client, world, "chenyuping")
    url = reverse("plans:appraisal_results", args=[AppraisalRound.objects.get(branch=_demo(), year=2010).pk])
    count_queries(client, url)
    with django_assert_num_queries(13):
        client.get(url)


# --- selection --------------------------------------------------------------------------------------------------


def _published_2011(world) -> AppraisalRound:  # type: ignore[no-untyped-def]
    appraisal = _open_round(world)
    leader = world.user("liangyuhua")
    for value in (5, 4):
        token = services.invitations_create(user=leader, appraisal=appraisal, count=1)[0].token
        services.appraisal_submit(token=token, scores=dict.fromkeys(services.expected_score_keys(appraisal), value))
    return services.round_publish(user=leader, appraisal=appraisal)


def test_the_selection_form_is_prefilled_from_the_ranking_and_confirmed_by_a_leader(client, world):
    branch = _demo()
    appraisal = _published_2011(world)
    url = reverse("plans:selection", args=[branch.pk])
    admin = _as(client, world, "liuweihong")
    form = admin.get(url, {"year": 2011}).context["form"]
    assert form.initial["is_advanced_branch"] is True  # 4.50 over the five goods
    picked = [key for key, value in form.initial.items() if key.startswith("excellent_") and value]
    assert len(picked) == 3  # a third of nine; all tie at 4.50, the first three in order
    member = branch.members.get(person__name="林晖")
    response = admin.post(
        url,
        {
            "year": 2011,
            "action": "propose",
            "is_advanced_branch": "on",
            "branch_reason": "五个好平均4.50分",
            f"excellent_{member.pk}": "on",
            f"reason_{member.pk}": "宣传工作成绩突出",
        },
    )
    assert response.status_code == 302
    selection = Selection.objects.get(branch=branch, year=2011)
    assert selection.round == appraisal and selection.is_advanced_branch
    assert [(row.member.person.name, row.reason) for row in selection.excellent_members.all()] == [
        ("林晖", "宣传工作成绩突出")
    ]
    before = _state(branch)
    assert admin.post(url, {"year": 2011, "action": "confirm"}).status_code == 403  # an administrator does not confirm
    assert _state(branch) == before
    _as(Client(), world, "liangyuhua").post(url, {"year": 2011, "action": "confirm"})
    assert Selection.objects.get(pk=selection.pk).confirmed_by == world.user("liangyuhua")


def test_a_picked_member_without_a_reason_shows_the_error_next_to_it(client, world):
    branch = _demo()
    _published_2011(world)
    member = branch.members.get(person__name="林晖")
    before = _state(branch)
    response = _as(client, world, "liangyuhua").post(
        reverse("plans:selection", args=[branch.pk]),
        {"year": 2011, "action": "propose", f"excellent_{member.pk}": "on", f"reason_{member.pk}": ""},
    )
    assert_error_next_to(response, f"reason_{member.pk}")
    assert _state(branch) == before


def test_a_member_sees_the_confirmed_selection_and_cannot_propose(client, world):
    branch = _demo()
    before = _state(branch)
    client = _as(client, world, "chenyuping")
    response = client.get(reverse("plans:selection", args=[branch.pk]))
    assert response.context["form"] is None and response.context["record"].is_confirmed
    assert client.post(reverse("plans:selection", args=[branch.pk]), {"year": 2010}).status_code == 403
    assert _state(branch) == before


# --- learning commitments ---------------------------------------------------------------------------------------


def test_the_compliance_view_shows_who_keeps_their_commitments(client, world):
    branch = _demo()
    response = _as(client, world, "chenyuping").get(
        reverse("plans:commitments", args=[branch.pk]), {"period": "2010-Q3"}
    )
    assert response.context["window"].label == "2010-Q3"
    rows = {row.member.person.name: row for row in response.context["rows"]}
    assert len(rows) == 9 and rows["丁为华"].is_kept and not rows["李曙"].is_kept
    reading = rows["丁为华"].rows[0].tally
    assert (reading.kept, reading.missed) == (92, 0)  # July to September
    assert "丁为华" in _main_text(response)


def test_compliance_query_count_is_pinned(client, world, django_assert_num_queries):
    client = _as(client, world, "chenyuping")
    url = reverse("plans:commitments", args=[_demo().pk]) + "?period=2010"
    count_queries(client, url)
    # More commitments and logs cost no query more.
    member = _demo().members.get(person__name="林晖")
    extra = LearningCommitment.objects.create(
        branch=_demo(),
        member=member,
        title="每周学习一次",
        period="month",
        target=4,
        measure="次",
        start_date=datetime.date(2010, 9, 1),
    )
    LearningLog.objects.bulk_create(LearningLog(commitment=extra, date=datetime.date(2010, 9, day)) for day in (1, 8))
    with django_assert_num_queries(13):
        client.get(url)


def test_a_member_adds_a_commitment_and_logs_it(client, world):
    branch = _demo()
    client = _as(client, world, "chenyuping")
    response = client.post(
        reverse("plans:commitments", args=[branch.pk]),
        {"title": "每月阅读一本书", "period": "month", "target": 1, "measure": "本", "start_date": "2011-01-01"},
    )
    assert response.status_code == 302
    commitment = LearningCommitment.objects.get(branch=branch, member__person__name="陈玉萍", start_date="2011-01-01")
    url = reverse("plans:commitment_log", args=[commitment.pk])
    assert client.post(url, {"date": "2011-01-20", "quantity": 1, "note": "《平凡的世界》"}).status_code == 302
    assert list(commitment.logs.values_list("date", "quantity", "note")) == [
        (datetime.date(2011, 1, 20), 1, "《平凡的世界》")
    ]


def test_bad_commitment_and_log_input_is_shown_next_to_the_fields(client, world):
    branch = _demo()
    own = LearningCommitment.objects.filter(branch=branch, member__person__name="陈玉萍").earliest("id")
    before = _state(branch)
    client = _as(client, world, "chenyuping")
    response = client.post(
        reverse("plans:commitments", args=[branch.pk]),
        {"title": "调研文章", "period": "once", "target": 1, "measure": "篇", "start_date": "2011-01-01"},
    )
    assert_error_next_to(response, "due_date")
    response = client.post(reverse("plans:commitment_log", args=[own.pk]), {"date": "2010-06-01", "quantity": 1})
    assert_error_next_to(response, "date")
    response = client.post(reverse("plans:commitment_log", args=[own.pk]), {"date": "2011-01-02", "quantity": 0})
    assert_error_next_to(response, "quantity")
    assert _state(branch) == before


def test_nobody_logs_another_members_commitment(client, world):
    branch = _demo()
    theirs = LearningCommitment.objects.filter(branch=branch, member__person__name="林晖").earliest("id")
    before = _state(branch)
    for username in ("chenyuping", "liangyuhua"):
        client = _as(Client(), world, username)
        page = client.get(reverse("plans:commitment_log", args=[theirs.pk]))
        assert page.status_code == 200 and page.context["form"] is None  # the branch sees the log
        assert (
            client.post(
                reverse("plans:commitment_log", args=[theirs.pk]), {"date": "2011-01-02", "quantity": 1}
            ).status_code
            == 403
        )
    assert _state(branch) == before
    assert LearningLog.objects.filter(commitment=theirs, date="2011-01-02").count() == 0


def test_creating_a_branch_plan_through_the_page(client, world):
    client = _as(client, world, "liangyuhua")
    city = world.unit("泉州市妇联")
    response = client.post(
        reverse("plans:branch_create"),
        {"unit": city.pk, "department": city.departments.get(name="机关党总支").pk, "title": "2012年创先争优方案"},
    )
    branch = BranchPlan.objects.get(title="2012年创先争优方案")
    assert response["Location"] == reverse("plans:branch_detail", args=[branch.pk])
    assert branch.standards.count() == 10
    sibling = world.unit("丰泽区妇联")
    count = BranchPlan.objects.count()
    response = _as(Client(), world, "huangyufang").post(
        reverse("plans:branch_create"), {"unit": sibling.pk, "title": "越权"}
    )
    assert_error_next_to(response, "unit")
    assert BranchPlan.objects.count() == count
    assert _as(Client(), world, "chenyuping").get(reverse("plans:branch_create")).status_code == 403


# --- a phone in a real browser ---------------------------------------------------------------------------------------


@pytest.mark.live
@pytest.mark.browser
def test_the_public_pages_work_on_a_phone(phone_page, live_server, live_world):
    branch = BranchPlan.objects.get(doc_number=demo.DOC_NUMBER)
    appraisal = services.round_create(user=live_world.user("liangyuhua"), branch=branch, year=2011)
    token = services.invitations_create(user=live_world.user("liangyuhua"), appraisal=appraisal, count=1)[0].token
    page = phone_page
    page.goto(f"{live_server.url}{reverse('plans:branch_public', args=[branch.public_token])}")
    assert page.get_by_test_id("public-pledges").is_visible()
    screenshot(page, "branch-public")
    assert no_horizontal_scroll(page)
    page.goto(f"{live_server.url}{reverse('plans:appraise', args=[token])}")
    assert no_horizontal_scroll(page)
    for select in page.locator("main select").all():
        select.select_option("5")
    page.locator("main select").first.select_option("4")
    screenshot(page, "branch-appraise")
    page.get_by_role("button", name=re.compile("提交|Submit")).click()
    page.get_by_test_id("thanks").wait_for()
    assert no_horizontal_scroll(page)
    assert AppraisalResponse.objects.filter(round=appraisal).count() == 1
