"""Seed 001 in the demo world: the branch plan of 泉州市妇联's 机关党总支 (泉妇支〔2010〕2号) with its 五个好
and 五带头, members' pledges, 梁玉华's comments, the 2010 mass appraisal (generated responses, results
published), the 2010 selection, and the learning commitments of 近期安排 with six months of logs. Idempotent."""

import datetime
import random

from django.utils import timezone

from jinguo.accounts.models import User
from jinguo.org.models import OrgUnit, Person
from jinguo.plans.branch import selectors
from jinguo.plans.branch.services import expected_score_keys, new_token
from jinguo.plans.branch.standards import FIVE_GOODS, FIVE_LEADS
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

UNIT = "泉州市妇联"
PARTY_ORGANISATION = "机关党总支"
DOC_NUMBER = "泉妇支〔2010〕2号"
TITLE = "中共泉州市妇联机关支部委员会深入开展创先争优活动实施方案"
ISSUER = "中共泉州市妇联机关支部委员会"
THEME = "创学习型组织、建高素质队伍、促科学发展"
# The document is undated; its 近期安排 start in mid-July 2010, and the campaign runs until the eve of the
# 18th Party Congress (opened 8 November 2012).
START, END = datetime.date(2010, 7, 1), datetime.date(2012, 11, 7)

LEADER = "梁玉华"  # comments on the branch and on pledges, confirms the selection
SECRETARY = "丁为华"  # 支部书记负总责全面抓: proposes the selection
MEMBERS: list[tuple[str, str]] = [
    ("丁为华", MemberRole.SECRETARY),
    ("陈少青", MemberRole.DEPUTY_SECRETARY),
    ("陈玉萍", MemberRole.COMMITTEE_MEMBER),
    ("刘伟宏", MemberRole.MEMBER),
    ("林晖", MemberRole.MEMBER),
    ("陈春梅", MemberRole.MEMBER),
    ("许少华", MemberRole.MEMBER),
    ("李曙", MemberRole.MEMBER),
    ("王细妹", MemberRole.MEMBER),
]

# 公开承诺: (member, pledge, published). 李曙 and 王细妹 have not pledged yet.
PLEDGES: list[tuple[str, str, bool]] = [
    (
        "丁为华",
        "履行支部书记第一责任，坚持“三会一课”和每周政治业务学习例会；带头讲党性、重品行、作表率，"
        "年内带队开展深入基层调研，完成1篇调研文章。",
        True,
    ),
    (
        "陈少青",
        "协助书记具体抓创先争优各项工作，抓好党风廉政建设和作风建设，每季度组织一次读书心得交流会。",
        True,
    ),
    (
        "陈玉萍",
        "做好支部组织和党员管理日常工作，建立创先争优活动台账，及时通报活动进展，按时完成党员承诺公示。",
        True,
    ),
    (
        "刘伟宏",
        "抓好机关办文办会和后勤保障，落实机关党建工作责任制，推进办公室工作规范化。",
        True,
    ),
    (
        "林晖",
        "借助主流媒体和泉州妇联网、《泉州女性》杂志，宣传马克思主义妇女观和男女平等基本国策，"
        "做好创先争优活动宣传规划。",
        True,
    ),
    (
        "陈春梅",
        "深入开展“三八维权周”“主席接访日”活动，认真办理妇女群众来信来访，做到件件有回音。",
        True,
    ),
    (
        "许少华",
        "落实妇女创业就业小额信贷财政贴息工作，组织“专家快车行”农村妇女科技培训，培育一批巾帼示范基地。",
        False,
    ),
]

BRANCH_COMMENT = (
    "支部创先争优活动开局良好，公开承诺具体可行。下一步要把承诺落实到日常工作中，抓好“三会一课”，防止重部署、轻落实。"
)
PLEDGE_COMMENTS: list[tuple[str, str]] = [
    ("林晖", "宣传规划要细化到每个时间节点，注意选树身边典型。"),
    ("陈春梅", "维权工作要与推进“平安家庭”创建结合起来。"),
]

ROUND_YEAR = 2010
ROUND_TITLE = "2010年度支部和党员创先争优活动群众评议"
INVITATIONS, RESPONSES = 12, 10
RATINGS_SEED = "泉妇支〔2010〕2号·群众评议"
# The raters think well of the branch (it is proposed as advanced) and less uniformly of the members.
BRANCH_RATINGS = (4, 5, 5, 5)
MEMBER_RATINGS = (3, 4, 4, 5, 5, 5)

# 近期安排: “每天读书一小时，每月阅读一本书，每季撰写一心得，每年调研一课题”; 8月底前每位党员干部完成1篇调研文章.
COMMITMENTS: list[tuple[str, str, int, str, datetime.date | None]] = [
    ("每天读书一小时", CommitmentPeriod.DAY, 1, "小时", None),
    ("每月阅读一本书", CommitmentPeriod.MONTH, 1, "本", None),
    ("每季撰写一心得", CommitmentPeriod.QUARTER, 1, "篇", None),
    ("每年调研一课题", CommitmentPeriod.YEAR, 1, "项", None),
    ("8月底前完成1篇调研文章", CommitmentPeriod.ONCE, 1, "篇", datetime.date(2010, 8, 31)),
]
LOG_END = datetime.date(2010, 12, 31)
# Share of days each member logs an hour's reading; 1.0 keeps every day.
READING = {"丁为华": 1.0, "陈少青": 1.0, "陈玉萍": 1.0, "刘伟宏": 0.95, "林晖": 1.0, "陈春梅": 0.9}
READING_DEFAULT = 0.85
LATE_ARTICLE = "李曙"  # hands the research article in on 10 September
NO_BOOK_IN_NOVEMBER = "王细妹"


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def load_branch_demo() -> BranchPlan:
    unit = OrgUnit.objects.get(name=UNIT)
    branch = BranchPlan.objects.filter(unit=unit, doc_number=DOC_NUMBER).first()
    if branch is not None:
        return branch
    branch = BranchPlan.objects.create(
        unit=unit,
        department=unit.departments.get(name=PARTY_ORGANISATION),
        title=TITLE,
        doc_number=DOC_NUMBER,
        issuer=ISSUER,
        theme=THEME,
        start_date=START,
        end_date=END,
        public_token=new_token(),
    )
    BranchStandard.objects.bulk_create(
        BranchStandard(branch=branch, kind=kind, number=number, title=seed.title, text=seed.text)
        for kind, seeds in ((StandardKind.BRANCH, FIVE_GOODS), (StandardKind.MEMBER, FIVE_LEADS))
        for number, seed in enumerate(seeds, start=1)
    )
    people = {person.name: person for person in Person.objects.filter(unit=unit, is_generated=False)}
    members = {
        name: BranchMember.objects.create(branch=branch, person=people[name], role=role, sort_order=order)
        for order, (name, role) in enumerate(MEMBERS, start=1)
    }
    leader = User.objects.get(person=people[LEADER])
    pledges = _load_pledges(branch, members)
    _load_comments(branch, pledges, leader)
    appraisal = _load_appraisal(branch)
    _load_selection(branch, appraisal, User.objects.get(person=people[SECRETARY]), leader)
    _load_commitments(branch, members)
    return branch


def _load_pledges(branch: BranchPlan, members: dict[str, BranchMember]) -> dict[str, Pledge]:
    pledges = {}
    for index, (name, text, published) in enumerate(PLEDGES):
        pledges[name] = Pledge.objects.create(
            branch=branch,
            member=members[name],
            text=text,
            is_published=published,
            published_at=_at(datetime.date(2010, 7, 5 + index)) if published else None,
        )
    return pledges


def _load_comments(branch: BranchPlan, pledges: dict[str, Pledge], leader: User) -> None:
    comment = BranchComment.objects.create(branch=branch, author=leader, text=BRANCH_COMMENT)
    BranchComment.objects.filter(pk=comment.pk).update(created_at=_at(datetime.date(2010, 9, 30), 15))
    for index, (name, text) in enumerate(PLEDGE_COMMENTS):
        comment = BranchComment.objects.create(branch=branch, pledge=pledges[name], author=leader, text=text)
        BranchComment.objects.filter(pk=comment.pk).update(created_at=_at(datetime.date(2010, 10, 8 + index), 10))


def _load_appraisal(branch: BranchPlan) -> AppraisalRound:
    """Twelve invitations handed out at the 座谈会, ten forms returned, mostly 4s and 5s; results published."""
    appraisal = AppraisalRound.objects.create(
        branch=branch,
        year=ROUND_YEAR,
        title=ROUND_TITLE,
        status=RoundStatus.PUBLISHED,
        published_at=_at(datetime.date(2010, 12, 24), 17),
    )
    invitations = AppraisalInvitation.objects.bulk_create(
        AppraisalInvitation(round=appraisal, token=new_token()) for _index in range(INVITATIONS)
    )
    rng = random.Random(RATINGS_SEED)
    keys = expected_score_keys(appraisal)
    for index, invitation in enumerate(invitations[:RESPONSES]):
        submitted = _at(datetime.date(2010, 12, 20), 9 + index % 8)
        response = AppraisalResponse.objects.create(round=appraisal, invitation=invitation)
        AppraisalResponse.objects.filter(pk=response.pk).update(submitted_at=submitted)
        AppraisalInvitation.objects.filter(pk=invitation.pk).update(used_at=submitted)
        AppraisalScore.objects.bulk_create(
            AppraisalScore(
                response=response,
                standard_id=standard,
                member_id=member,
                score=rng.choice(BRANCH_RATINGS if member is None else MEMBER_RATINGS),
            )
            for standard, member in keys
        )
    return appraisal


def _load_selection(branch: BranchPlan, appraisal: AppraisalRound, secretary: User, leader: User) -> None:
    suggestion = selectors.selection_suggestion(results=selectors.round_results(appraisal=appraisal))
    selection = Selection.objects.create(
        branch=branch,
        year=appraisal.year,
        round=appraisal,
        is_advanced_branch=suggestion.is_advanced_branch,
        branch_reason=suggestion.branch_reason,
        proposed_by=secretary,
        proposed_at=_at(datetime.date(2010, 12, 28)),
        confirmed_by=leader,
        confirmed_at=_at(datetime.date(2010, 12, 30)),
    )
    ExcellentMember.objects.bulk_create(
        ExcellentMember(selection=selection, member=member, reason=reason, sort_order=order)
        for order, (member, reason) in enumerate(suggestion.members)
    )


def _load_commitments(branch: BranchPlan, members: dict[str, BranchMember]) -> None:
    rng = random.Random(DOC_NUMBER)
    logs: list[LearningLog] = []
    for name, member in members.items():
        for title, period, target, measure, due in COMMITMENTS:
            commitment = LearningCommitment.objects.create(
                branch=branch,
                member=member,
                title=title,
                period=period,
                target=target,
                measure=measure,
                start_date=START,
                due_date=due,
            )
            logs += _logs_for(commitment, name, rng)
    LearningLog.objects.bulk_create(logs, batch_size=1000)


def _logs_for(commitment: LearningCommitment, name: str, rng: random.Random) -> list[LearningLog]:
    if commitment.period == CommitmentPeriod.DAY:
        share = READING.get(name, READING_DEFAULT)
        days = [START + datetime.timedelta(days=n) for n in range((LOG_END - START).days + 1)]
        return [LearningLog(commitment=commitment, date=day) for day in days if share >= 1 or rng.random() < share]
    if commitment.period == CommitmentPeriod.MONTH:
        months = [datetime.date(2010, month, 20) for month in range(7, 13)]
        return [
            LearningLog(commitment=commitment, date=day, note="读完一本书")
            for day in months
            if not (name == NO_BOOK_IN_NOVEMBER and day.month == 11)
        ]
    if commitment.period == CommitmentPeriod.QUARTER:
        return [
            LearningLog(commitment=commitment, date=day, note="读书心得")
            for day in (datetime.date(2010, 9, 25), datetime.date(2010, 12, 25))
        ]
    if commitment.period == CommitmentPeriod.YEAR:
        return [LearningLog(commitment=commitment, date=datetime.date(2010, 11, 30), note="年度调研课题结题")]
    handed_in = datetime.date(2010, 9, 10) if name == LATE_ARTICLE else datetime.date(2010, 8, 25)
    return [LearningLog(commitment=commitment, date=handed_in, note="调研文章")]
