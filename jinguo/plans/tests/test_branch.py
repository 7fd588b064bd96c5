"""The party-branch cycle of seed 001: standards, pledges, comments, mass appraisal with single-use
tokens, selection, and learning commitments. Denials change nothing."""

import datetime
import threading
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from jinguo.audit.models import AuditEvent
from jinguo.plans.branch import compliance, selectors, services
from jinguo.plans.branch.compliance import Period, Window, window_parse
from jinguo.plans.branch.selectors import mean
from jinguo.plans.demo import branch as demo
from jinguo.plans.models import (
    AppraisalInvitation,
    AppraisalResponse,
    AppraisalRound,
    AppraisalScore,
    BranchComment,
    BranchMember,
    BranchPlan,
    BranchStandard,
    CommitmentPeriod,
    ExcellentMember,
    LearningCommitment,
    LearningLog,
    MemberRole,
    Pledge,
    RoundStatus,
    Selection,
    StandardKind,
)

pytestmark = pytest.mark.django_db

FIVE_GOODS = ["领导班子好", "党员队伍好", "工作机制好", "工作业绩好", "群众反映好"]
FIVE_LEADS = ["带头学习提高", "带头争创佳绩", "带头服务群众", "带头遵纪守法", "带头弘扬正气"]


def _demo() -> BranchPlan:
    return BranchPlan.objects.get(doc_number=demo.DOC_NUMBER)


def _state(branch: BranchPlan) -> tuple[Any, ...]:
    """Everything the cycle stores for a branch, and the audit count: a denial must leave it as it was."""
    return (
        sorted(BranchPlan.objects.filter(pk=branch.pk).values_list()),
        sorted(BranchMember.objects.filter(branch=branch).values_list()),
        sorted(Pledge.objects.filter(branch=branch).values_list()),
        sorted(BranchComment.objects.filter(branch=branch).values_list()),
        sorted(AppraisalRound.objects.filter(branch=branch).values_list()),
        sorted(AppraisalInvitation.objects.filter(round__branch=branch).values_list()),
        sorted(AppraisalResponse.objects.filter(round__branch=branch).values_list()),
        sorted(AppraisalScore.objects.filter(response__round__branch=branch).values_list()),
        sorted(Selection.objects.filter(branch=branch).values_list()),
        sorted(ExcellentMember.objects.filter(selection__branch=branch).values_list()),
        sorted(LearningCommitment.objects.filter(branch=branch).values_list()),
        sorted(LearningLog.objects.filter(commitment__branch=branch).values_list()),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def small(world):  # type: ignore[no-untyped-def]
    """A new branch of 泉州市妇联 with two members (林晖, 陈春梅) and an open 2011 appraisal."""
    leader = world.user("liangyuhua")
    branch = services.branch_plan_create(
        user=leader, unit=world.unit("泉州市妇联"), title="测试支部创先争优方案", start_date=datetime.date(2011, 1, 1)
    )
    first = services.member_add(user=leader, branch=branch, person=world.person("林晖"))
    second = services.member_add(user=leader, branch=branch, person=world.person("陈春梅"))
    appraisal = services.round_create(user=leader, branch=branch, year=2011)
    return branch, first, second, appraisal


def _scores(appraisal: AppraisalRound, goods: list[int], by_member: dict[BranchMember, list[int]]) -> dict:
    standards = selectors.standards_of(appraisal.branch)
    scores: dict[tuple[int, int | None], int] = {
        (s.pk, None): value for s, value in zip(standards[StandardKind.BRANCH], goods, strict=True)
    }
    for member, values in by_member.items():
        scores |= {(s.pk, member.pk): value for s, value in zip(standards[StandardKind.MEMBER], values, strict=True)}
    return scores


def _token(appraisal: AppraisalRound, user) -> str:  # type: ignore[no-untyped-def]
    return services.invitations_create(user=user, appraisal=appraisal, count=1)[0].token


# --- the plan and its standards ---------------------------------------------------------------------


def test_demo_branch_follows_seed_001(world):
    branch = _demo()
    assert branch.title == "中共泉州市妇联机关支部委员会深入开展创先争优活动实施方案"
    assert branch.department is not None
    assert (branch.unit.name, branch.department.name, branch.theme) == (
        "泉州市妇联",
        "机关党总支",
        "创学习型组织、建高素质队伍、促科学发展",
    )
    goods = branch.standards.filter(kind=StandardKind.BRANCH).order_by("number")
    leads = branch.standards.filter(kind=StandardKind.MEMBER).order_by("number")
    assert [s.title for s in goods] == FIVE_GOODS
    assert [s.title for s in leads] == FIVE_LEADS
    assert goods[0].text.startswith("领导班子深入学习实践科学发展观，积极推动学习型党组织建设")
    assert goods[4].text.endswith("党组织在群众中有较高威信，党员在群众中有良好形象，党群干群关系密切。")
    assert leads[3].text == "有较强的党员意识和党性观念，自觉遵守党的纪律，模范遵守国家法律法规，做到清正廉洁。"
    assert [m.person.name for m in branch.members.order_by("sort_order")] == [name for name, _ in demo.MEMBERS]
    assert branch.pledges.count() == 7 and branch.pledges.filter(is_published=True).count() == 6
    assert branch.comments.count() == 3 and branch.comments.filter(pledge__isnull=False).count() == 2
    appraisal = branch.rounds.get()
    assert (appraisal.year, appraisal.status) == (2010, RoundStatus.PUBLISHED)
    assert (appraisal.invitations.count(), appraisal.responses.count()) == (12, 10)
    assert AppraisalScore.objects.filter(response__round=appraisal).count() == 10 * (5 + 9 * 5)
    selection = branch.selections.get()
    assert selection.is_confirmed and selection.confirmed_by == world.user("liangyuhua")
    assert branch.commitments.count() == 9 * 5


def test_the_demo_loads_once(world):
    before = (BranchPlan.objects.count(), AppraisalScore.objects.count(), LearningLog.objects.count())
    assert demo.load_branch_demo() == _demo()
    assert (BranchPlan.objects.count(), AppraisalScore.objects.count(), LearningLog.objects.count()) == before


def test_a_new_branch_plan_starts_from_the_campaign_standards(world, small):
    branch, *_ = small
    assert [s.title for s in branch.standards.filter(kind=StandardKind.BRANCH)] == FIVE_GOODS
    assert [s.title for s in branch.standards.filter(kind=StandardKind.MEMBER)] == FIVE_LEADS
    assert len(branch.public_token) >= 32
    event = AuditEvent.objects.filter(object_id=str(branch.pk), content_type__model="branchplan").get()
    assert event.unit_path == world.unit("泉州市妇联").path
    assert "public_token" not in event.changes


def test_staff_cannot_create_a_branch_plan(world):
    count = BranchPlan.objects.count()
    with pytest.raises(PermissionDenied):
        services.branch_plan_create(user=world.user("chenyuping"), unit=world.unit("泉州市妇联"), title="越权")
    assert BranchPlan.objects.count() == count


def test_members_come_from_the_branch_unit(world, small):
    branch, *_ = small
    before = _state(branch)
    with pytest.raises(ValidationError) as error:
        services.member_add(user=world.user("liangyuhua"), branch=branch, person=world.person("黄玉芳"))
    assert "person" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.member_add(user=world.user("liangyuhua"), branch=branch, person=world.person("林晖"))
    assert _state(branch) == before


# --- pledges and comments -----------------------------------------------------------------------------


def test_a_member_writes_and_publishes_her_own_pledge(world):
    branch, user = _demo(), world.user("chenyuping")
    pledge = services.pledge_save(user=user, branch=branch, text="  带头学习，每月读一本书。 ", is_published=False)
    assert (pledge.text, pledge.is_published, pledge.published_at) == ("带头学习，每月读一本书。", False, None)
    pledge = services.pledge_save(user=user, branch=branch, text="带头学习，每月读一本书。", is_published=True)
    assert pledge.is_published and pledge.published_at is not None
    assert pledge.member.person.name == "陈玉萍"
    event = AuditEvent.objects.filter(content_type__model="pledge", object_id=str(pledge.pk)).first()
    assert event is not None and event.changes["is_published"] == [False, True]


@pytest.mark.parametrize("username", ["liangyuhua", "huangyufang", "wangshaorong"])
def test_no_one_else_writes_a_pledge(world, username):
    """梁玉华 leads but is no member; the county chairs are out of reach."""
    branch = _demo()
    before = _state(branch)
    with pytest.raises(PermissionDenied):
        services.pledge_save(user=world.user(username), branch=branch, text="越权", is_published=True)
    assert _state(branch) == before


def test_an_empty_pledge_is_refused(world):
    branch = _demo()
    before = _state(branch)
    with pytest.raises(ValidationError) as error:
        services.pledge_save(user=world.user("chenyuping"), branch=branch, text="   ", is_published=True)
    assert "text" in error.value.message_dict
    assert _state(branch) == before


def test_a_leader_comments_on_the_branch_and_on_a_pledge(world):
    branch = _demo()
    pledge = Pledge.objects.get(branch=branch, member__person__name="林晖")
    comment = services.comment_post(user=world.user("liangyuhua"), branch=branch, text="很好。", pledge=pledge)
    assert (comment.pledge, comment.author.username, comment.text) == (pledge, "liangyuhua", "很好。")
    assert AuditEvent.objects.filter(content_type__model="branchcomment", object_id=str(comment.pk)).exists()


@pytest.mark.parametrize("username", ["chenyuping", "liuweihong", "huangyufang"])
def test_only_leaders_comment(world, username):
    """Staff and administrators do not 点评; other counties' leaders are out of reach."""
    branch = _demo()
    before = _state(branch)
    with pytest.raises(PermissionDenied):
        services.comment_post(user=world.user(username), branch=branch, text="越权")
    assert _state(branch) == before


def test_a_comment_on_another_branch_pledge_is_refused(world, small):
    branch, *_ = small
    other_pledge = Pledge.objects.filter(branch=_demo()).first()
    before = _state(branch)
    with pytest.raises(ValidationError):
        services.comment_post(user=world.user("liangyuhua"), branch=branch, text="串了", pledge=other_pledge)
    assert _state(branch) == before


# --- mass appraisal -------------------------------------------------------------------------------------


def test_invitations_are_unguessable_and_never_audited_with_their_token(world, small):
    *_, appraisal = small
    invitations = services.invitations_create(user=world.user("liangyuhua"), appraisal=appraisal, count=5)
    tokens = [invitation.token for invitation in invitations]
    assert len(set(tokens)) == 5 and all(len(token) >= 32 for token in tokens)
    events = AuditEvent.objects.filter(
        content_type__model="appraisalinvitation", object_id__in=[i.pk for i in invitations]
    )
    assert events.count() == 5
    assert not any(token in str(event.changes) or token in event.object_repr for event in events for token in tokens)


def test_results_are_exact_averages_per_item_and_a_ranking(world, small):
    branch, first, second, appraisal = small
    leader = world.user("liangyuhua")
    forms = [
        ([5, 5, 5, 5, 5], [4, 4, 4, 4, 4], [3, 3, 3, 3, 3]),
        ([4, 4, 4, 4, 3], [5, 5, 5, 5, 5], [2, 3, 3, 3, 3]),
        ([5, 4, 3, 5, 5], [3, 4, 5, 4, 4], [3, 3, 3, 3, 3]),
    ]
    for goods, a, b in forms:
        services.appraisal_submit(
            token=_token(appraisal, leader), scores=_scores(appraisal, goods, {first: a, second: b})
        )
    results = selectors.round_results(appraisal=appraisal)
    assert results.response_count == 3
    assert [(i.standard.title, i.average, i.count) for i in results.branch_items] == [
        ("领导班子好", Decimal("4.67"), 3),
        ("党员队伍好", Decimal("4.33"), 3),
        ("工作机制好", Decimal("4.00"), 3),
        ("工作业绩好", Decimal("4.67"), 3),
        ("群众反映好", Decimal("4.33"), 3),
    ]
    assert results.branch_average == Decimal("4.40")
    rows = {row.member.person.name: row for row in results.members}
    assert [i.average for i in rows["林晖"].items] == [Decimal(v) for v in ("4.00", "4.33", "4.67", "4.33", "4.33")]
    assert [i.average for i in rows["陈春梅"].items] == [Decimal(v) for v in ("2.67", "3.00", "3.00", "3.00", "3.00")]
    assert (rows["林晖"].average, rows["陈春梅"].average) == (Decimal("4.33"), Decimal("2.93"))
    assert [(row.member.person.name, row.rank) for row in results.ranking] == [("林晖", 1), ("陈春梅", 2)]


def test_averages_round_half_up():
    assert mean(9, 8) == Decimal("1.13")  # 1.125
    assert mean(0, 0) is None


def test_equal_averages_share_a_rank(world, small):
    branch, first, second, appraisal = small
    scores = _scores(appraisal, [4] * 5, {first: [4] * 5, second: [4] * 5})
    services.appraisal_submit(token=_token(appraisal, world.user("liangyuhua")), scores=scores)
    assert [row.rank for row in selectors.round_results(appraisal=appraisal).ranking] == [1, 1]


def test_a_second_submission_with_the_same_token_is_refused(world, small):
    branch, first, second, appraisal = small
    token = _token(appraisal, world.user("liangyuhua"))
    scores = _scores(appraisal, [5] * 5, {first: [5] * 5, second: [5] * 5})
    response = services.appraisal_submit(token=token, scores=scores, opinion="好")
    assert AppraisalInvitation.objects.get(token=token).used_at == response.submitted_at
    before = _state(branch)
    with pytest.raises(ValidationError):
        services.appraisal_submit(token=token, scores=_scores(appraisal, [1] * 5, {first: [1] * 5, second: [1] * 5}))
    assert _state(branch) == before
    assert selectors.round_results(appraisal=appraisal).branch_average == Decimal("5.00")


def test_the_unique_constraint_stops_a_racing_second_response(world, small):
    """Where the row lock is not there (SQLite), a submission that passed the used-check in the same
    instant as another still cannot save: the constraint on the invitation refuses the second row."""
    branch, first, second, appraisal = small
    token = _token(appraisal, world.user("liangyuhua"))
    invitation = AppraisalInvitation.objects.get(token=token)
    # The other request has inserted its response but not yet marked the invitation used.
    AppraisalResponse.objects.create(round=appraisal, invitation=invitation)
    before = _state(branch)
    with pytest.raises(ValidationError):
        services.appraisal_submit(token=token, scores=_scores(appraisal, [3] * 5, {first: [3] * 5, second: [3] * 5}))
    assert _state(branch) == before
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017 - IntegrityError's class depends on the backend
        AppraisalResponse.objects.create(round=appraisal, invitation=invitation)


def _without(scores: dict, key: Any) -> dict:
    return {k: v for k, v in scores.items() if k != key}


@pytest.mark.parametrize(
    "spoil",
    [
        lambda scores: {**scores, next(iter(scores)): 6},
        lambda scores: {**scores, next(iter(scores)): 0},
        lambda scores: {**scores, next(iter(scores)): "5"},
        lambda scores: _without(scores, next(iter(scores))),
        lambda scores: {**scores, (next(iter(scores))[0], 999999): 5},
    ],
    ids=["six", "zero", "text", "missing item", "unknown member"],
)
def test_bad_ratings_save_nothing(world, small, spoil):
    branch, first, second, appraisal = small
    token = _token(appraisal, world.user("liangyuhua"))
    before = _state(branch)
    with pytest.raises(ValidationError):
        services.appraisal_submit(
            token=token, scores=spoil(_scores(appraisal, [4] * 5, {first: [4] * 5, second: [4] * 5}))
        )
    assert _state(branch) == before
    assert AppraisalInvitation.objects.get(token=token).used_at is None


def test_a_closed_appraisal_takes_no_responses_and_an_unknown_token_none(world, small):
    branch, first, second, appraisal = small
    leader = world.user("liangyuhua")
    token = _token(appraisal, leader)
    services.round_close(user=leader, appraisal=appraisal)
    before = _state(branch)
    scores = _scores(appraisal, [4] * 5, {first: [4] * 5, second: [4] * 5})
    with pytest.raises(ValidationError):
        services.appraisal_submit(token=token, scores=scores)
    with pytest.raises(AppraisalInvitation.DoesNotExist):
        services.appraisal_submit(token="x" * 32, scores=scores)
    assert _state(branch) == before


def test_the_response_is_audited_without_a_rater(world, small):
    branch, first, second, appraisal = small
    token = _token(appraisal, world.user("liangyuhua"))
    response = services.appraisal_submit(
        token=token, scores=_scores(appraisal, [4] * 5, {first: [4] * 5, second: [4] * 5})
    )
    event = AuditEvent.objects.get(content_type__model="appraisalresponse", object_id=str(response.pk))
    assert event.actor is None and event.unit_path == branch.unit.path
    assert token not in str(event.changes)


def test_publishing_needs_responses_and_the_secretary(world, small):
    branch, first, second, appraisal = small
    leader = world.user("liangyuhua")
    with pytest.raises(ValidationError):
        services.round_publish(user=leader, appraisal=appraisal)
    services.appraisal_submit(
        token=_token(appraisal, leader), scores=_scores(appraisal, [4] * 5, {first: [4] * 5, second: [4] * 5})
    )
    before = _state(branch)
    for username in ("chenyuping", "huangyufang"):
        with pytest.raises(PermissionDenied):
            services.round_publish(user=world.user(username), appraisal=appraisal)
    assert _state(branch) == before
    published = services.round_publish(user=world.user("liuweihong"), appraisal=appraisal)  # the unit administrator
    assert published.status == RoundStatus.PUBLISHED and published.published_at is not None
    with pytest.raises(ValidationError):
        services.round_reopen(user=leader, appraisal=published)


def test_results_are_visible_to_members_only_once_published(world, small):
    *_, appraisal = small
    assert not selectors.results_visible(user=world.user("chenyuping"), appraisal=appraisal)
    assert selectors.results_visible(user=world.user("liangyuhua"), appraisal=appraisal)
    assert selectors.results_visible(user=world.user("chenyuping"), appraisal=_demo().rounds.get())


# --- selection ---------------------------------------------------------------------------------------------


def _published(world, small):  # type: ignore[no-untyped-def]
    branch, first, second, appraisal = small
    leader = world.user("liangyuhua")
    for goods, a, b in (([5] * 5, [5, 5, 5, 5, 4], [3] * 5), ([5, 5, 4, 5, 5], [4] * 5, [4] * 5)):
        services.appraisal_submit(
            token=_token(appraisal, leader), scores=_scores(appraisal, goods, {first: a, second: b})
        )
    return services.round_publish(user=leader, appraisal=appraisal)


def test_the_suggestion_comes_from_the_ranking(world, small):
    appraisal = _published(world, small)
    results = selectors.round_results(appraisal=appraisal)
    assert results.branch_average == Decimal("4.90")
    suggestion = selectors.selection_suggestion(results=results)
    assert suggestion.is_advanced_branch and "4.90" in suggestion.branch_reason
    assert [(member.person.name, "4.40" in reason) for member, reason in suggestion.members] == [
        ("林晖", True)
    ]  # 4.40; 陈春梅 3.50


def test_the_secretary_proposes_and_a_leader_confirms(world, small):
    branch, first, second, _ = small
    appraisal = _published(world, small)
    admin, leader = world.user("liuweihong"), world.user("liangyuhua")
    selection = services.selection_propose(
        user=admin,
        branch=branch,
        appraisal=appraisal,
        is_advanced_branch=True,
        branch_reason="群众评议五个好平均4.90分",
        members=[(first, "群众评议第一名"), (second, "服务群众成绩突出")],
    )
    assert (selection.year, selection.is_confirmed) == (2011, False)
    assert [(row.member.person.name, row.reason) for row in selection.excellent_members.all()] == [
        ("林晖", "群众评议第一名"),
        ("陈春梅", "服务群众成绩突出"),
    ]
    # Revised before confirmation: the second member is dropped.
    selection = services.selection_propose(
        user=admin,
        branch=branch,
        appraisal=appraisal,
        is_advanced_branch=True,
        branch_reason="同上",
        members=[(first, "群众评议第一名")],
    )
    assert list(selection.excellent_members.values_list("member__person__name", flat=True)) == ["林晖"]
    picks = AuditEvent.objects.filter(content_type__model="excellentmember", unit_path=branch.unit.path)
    assert sorted(picks.values_list("action", flat=True)) == ["create", "create", "create", "delete", "delete"]
    before = _state(branch)
    with pytest.raises(PermissionDenied):  # an administrator proposes but does not confirm
        services.selection_confirm(user=admin, selection=selection)
    assert _state(branch) == before
    confirmed = services.selection_confirm(user=leader, selection=selection)
    assert confirmed.confirmed_by == leader and confirmed.is_confirmed
    before = _state(branch)
    with pytest.raises(ValidationError):
        services.selection_propose(
            user=admin, branch=branch, appraisal=appraisal, is_advanced_branch=False, branch_reason="", members=[]
        )
    with pytest.raises(ValidationError):
        services.selection_confirm(user=leader, selection=confirmed)
    assert _state(branch) == before


def test_a_proposal_needs_published_results_reasons_and_own_members(world, small):
    branch, first, second, appraisal = small
    admin = world.user("liuweihong")
    before = _state(branch)
    with pytest.raises(ValidationError):  # not published
        services.selection_propose(
            user=admin, branch=branch, appraisal=appraisal, is_advanced_branch=False, branch_reason="", members=[]
        )
    assert _state(branch) == before
    appraisal = _published(world, small)
    before = _state(branch)
    outsider = BranchMember.objects.filter(branch=_demo()).first()
    cases: list[tuple[dict[str, Any], str]] = [
        ({"is_advanced_branch": True, "branch_reason": " ", "members": []}, "branch_reason"),
        ({"is_advanced_branch": False, "branch_reason": "", "members": [(first, " ")]}, "members"),
        ({"is_advanced_branch": False, "branch_reason": "", "members": [(outsider, "外支部")]}, "members"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as error:
            services.selection_propose(user=admin, branch=branch, appraisal=appraisal, **kwargs)
        assert field in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.selection_propose(
            user=world.user("chenyuping"),
            branch=branch,
            appraisal=appraisal,
            is_advanced_branch=False,
            branch_reason="",
            members=[],
        )
    assert _state(branch) == before


# --- learning commitments ----------------------------------------------------------------------------------


def _window(text: str) -> Window:
    window = window_parse(text)
    assert window is not None
    return window


def test_windows_parse():
    assert window_parse("2010") == Window(datetime.date(2010, 1, 1), datetime.date(2010, 12, 31), "2010")
    assert window_parse("2010-q4") == Window(datetime.date(2010, 10, 1), datetime.date(2010, 12, 31), "2010-Q4")
    assert window_parse("2012-02") == Window(datetime.date(2012, 2, 1), datetime.date(2012, 2, 29), "2012-02")
    assert window_parse("2010-Q5") is None and window_parse("") is None and window_parse("20100") is None


def test_periods_follow_the_calendar_from_the_start_to_today():
    window = window_parse("2010")
    assert window is not None
    july = datetime.date(2010, 7, 1)
    today = datetime.date(2010, 11, 15)

    def spans(period: str, due: datetime.date | None = None) -> list[Period]:
        return compliance.periods(period=period, start=july, due=due, window=window, today=today)

    assert len(spans(CommitmentPeriod.DAY)) == 138  # 1 July – 15 November
    assert [(p.start.month, p.end.day) for p in spans(CommitmentPeriod.MONTH)] == [
        (7, 31),
        (8, 31),
        (9, 30),
        (10, 31),
        (11, 30),
    ]
    assert spans(CommitmentPeriod.QUARTER) == [
        Period(datetime.date(2010, 7, 1), datetime.date(2010, 9, 30)),
        Period(datetime.date(2010, 10, 1), datetime.date(2010, 12, 31)),
    ]
    assert spans(CommitmentPeriod.YEAR) == [Period(datetime.date(2010, 1, 1), datetime.date(2010, 12, 31))]
    assert spans(CommitmentPeriod.ONCE, datetime.date(2010, 8, 31)) == [Period(july, datetime.date(2010, 8, 31))]
    assert (
        compliance.periods(
            period=CommitmentPeriod.ONCE,
            start=july,
            due=datetime.date(2010, 8, 31),
            window=_window("2011"),
            today=today,
        )
        == []
    )


def test_a_period_is_kept_missed_or_open():
    spans = [
        Period(datetime.date(2010, 9, 1), datetime.date(2010, 9, 30)),
        Period(datetime.date(2010, 10, 1), datetime.date(2010, 10, 31)),
        Period(datetime.date(2010, 11, 1), datetime.date(2010, 11, 30)),
    ]
    logs = [(datetime.date(2010, 9, 3), 1), (datetime.date(2010, 9, 20), 1), (datetime.date(2010, 10, 5), 1)]
    tally = compliance.tally(target=2, spans=spans, logs=logs, today=datetime.date(2010, 11, 10))
    assert (tally.kept, tally.missed, tally.open, tally.is_kept) == (1, 1, 1, False)


def test_who_keeps_their_commitments_in_the_demo_2010(world):
    rows = selectors.commitment_compliance(branch=_demo(), window=_window("2010"), today=datetime.date(2011, 3, 1))
    by_name = {row.member.person.name: row for row in rows}
    assert [name for name, row in by_name.items() if row.is_kept] == ["丁为华", "陈少青", "陈玉萍", "林晖"]
    lines = {row.commitment.title: row.tally for row in by_name["丁为华"].rows}
    assert [(t.kept, t.missed, t.open) for t in lines.values()] == [
        (184, 0, 0),
        (6, 0, 0),
        (2, 0, 0),
        (1, 0, 0),
        (1, 0, 0),
    ]
    article = next(r.tally for r in by_name["李曙"].rows if r.commitment.period == CommitmentPeriod.ONCE)
    assert (article.kept, article.missed) == (0, 1)  # handed in on 10 September, after the due date
    books = next(r.tally for r in by_name["王细妹"].rows if r.commitment.period == CommitmentPeriod.MONTH)
    assert (books.kept, books.missed) == (5, 1)
    quarter = selectors.commitment_compliance(
        branch=_demo(), window=_window("2010-Q4"), today=datetime.date(2011, 3, 1)
    )
    reading = next(r.tally for r in quarter[0].rows if r.commitment.period == CommitmentPeriod.DAY)
    assert reading.total == 92


def test_a_member_logs_only_her_own_commitment(world):
    branch = _demo()
    own = LearningCommitment.objects.get(branch=branch, member__person__name="陈玉萍", period=CommitmentPeriod.DAY)
    entry = services.commitment_log(
        user=world.user("chenyuping"), commitment=own, date=datetime.date(2011, 1, 3), quantity=2, note="读《党章》"
    )
    assert (entry.quantity, entry.note) == (2, "读《党章》")
    before = _state(branch)
    for username in ("liangyuhua", "linhui", "huangyufang"):
        with pytest.raises(PermissionDenied):
            services.commitment_log(
                user=world.user(username), commitment=own, date=datetime.date(2011, 1, 4), quantity=1
            )
    for day, field in (
        (timezone.localdate() + datetime.timedelta(days=1), "date"),
        (datetime.date(2010, 6, 30), "date"),
    ):
        with pytest.raises(ValidationError) as error:
            services.commitment_log(user=world.user("chenyuping"), commitment=own, date=day, quantity=1)
        assert field in error.value.message_dict
    with pytest.raises(ValidationError):
        services.commitment_log(
            user=world.user("chenyuping"), commitment=own, date=datetime.date(2011, 1, 4), quantity=0
        )
    assert _state(branch) == before


def test_commitments_by_members_and_by_the_secretary(world):
    branch = _demo()
    member = BranchMember.objects.get(branch=branch, person__name="陈玉萍")
    other = BranchMember.objects.get(branch=branch, person__name="林晖")
    item = services.commitment_create(
        user=world.user("chenyuping"),
        branch=branch,
        member=member,
        title="年底前完成1篇调研文章",
        period=CommitmentPeriod.ONCE,
        target=1,
        measure="篇",
        start_date=datetime.date(2011, 1, 1),
        due_date=datetime.date(2011, 12, 31),
    )
    assert (item.period, item.due_date) == (CommitmentPeriod.ONCE, datetime.date(2011, 12, 31))
    services.commitment_create(
        user=world.user("liangyuhua"),
        branch=branch,
        member=other,
        title="每月阅读一本书",
        period=CommitmentPeriod.MONTH,
        target=1,
        measure="本",
        start_date=datetime.date(2011, 1, 1),
    )
    before = _state(branch)
    with pytest.raises(PermissionDenied):  # a member does not set another's commitments
        services.commitment_create(
            user=world.user("chenyuping"),
            branch=branch,
            member=other,
            title="越权",
            period=CommitmentPeriod.DAY,
            target=1,
            measure="小时",
            start_date=datetime.date(2011, 1, 1),
        )
    with pytest.raises(ValidationError) as error:
        services.commitment_create(
            user=world.user("chenyuping"),
            branch=branch,
            member=member,
            title="无期限",
            period=CommitmentPeriod.ONCE,
            target=1,
            measure="篇",
            start_date=datetime.date(2011, 1, 1),
        )
    assert "due_date" in error.value.message_dict
    assert _state(branch) == before


def test_member_roles_are_the_branch_offices(world):
    assert dict(BranchMember.objects.filter(branch=_demo()).values_list("person__name", "role"))["丁为华"] == (
        MemberRole.SECRETARY
    )
    assert BranchStandard.objects.filter(branch=_demo()).count() == 10


@pytest.mark.live
def test_two_racing_submissions_with_one_token_save_one_response(live_world):
    """Two requests with the same token at the same instant, each on its own connection: one is saved.
    On PostgreSQL the second waits for the invitation's row lock and then finds it used."""
    leader = live_world.user("liangyuhua")
    appraisal = services.round_create(user=leader, branch=_demo(), year=2011)
    token = _token(appraisal, leader)
    scores = dict.fromkeys(services.expected_score_keys(appraisal), 4)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit() -> None:
        try:
            barrier.wait()
            services.appraisal_submit(token=token, scores=scores)
            outcomes.append("saved")
        except ValidationError:
            outcomes.append("refused")
        except OperationalError:  # SQLite: the other writer holds the database lock
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["refused", "saved"]
    assert AppraisalResponse.objects.filter(round=appraisal).count() == 1
    assert AppraisalScore.objects.filter(response__round=appraisal).count() == len(scores)
