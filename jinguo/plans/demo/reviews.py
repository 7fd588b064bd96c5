"""The demo plan's supervision rounds (seed 000, 五(三)): quarterly reviews of the county-level
units for 2012Q4–2013Q2, the observation meetings 2012Q4–2013Q3 in rotation (鲤城区, 丰泽区, …)
with minutes and a photo for those held, one commendation and one criticism. Idempotent."""

import datetime
import io

from django.core.files.base import ContentFile
from PIL import Image

from jinguo.accounts.models import User
from jinguo.org.models import OrgUnit
from jinguo.plans.models import Commendation, MeetingPhoto, NoticeKind, Plan, QuarterlyReview, Rating
from jinguo.plans.reviews import rotation_proposal, rotation_units

REVIEWER = "梁玉华"
REVIEW_QUARTERS = ((2012, 4), (2013, 1), (2013, 2))
# Shifted per quarter so each unit's ratings vary, and every quarter has one unit to improve.
RATINGS = (Rating.GOOD, Rating.EXCELLENT, Rating.FAIR, Rating.GOOD, Rating.POOR, Rating.GOOD, Rating.EXCELLENT)
STRENGTHS = {
    Rating.EXCELLENT: "领导重视，特色品牌亮点突出，活动信息报送及时。",
    Rating.GOOD: "按方案推进各项任务，阵地建设有新进展。",
    Rating.FAIR: "基础工作较扎实，部分任务已启动。",
    Rating.POOR: "已制定工作方案。",
}
PROBLEMS = {
    Rating.EXCELLENT: "",
    Rating.GOOD: "特色项目宣传力度有待加强。",
    Rating.FAIR: "特色工作推进不平衡，基层发动不够。",
    Rating.POOR: "活动信息报送滞后，特色项目进展缓慢，需加大力度。",
}
MEETINGS = {
    (2012, 4): (datetime.date(2012, 12, 20), "阵地建设与“妇女之家”规范化现场观摩"),
    (2013, 1): (datetime.date(2013, 3, 22), "“巾帼志愿服务”特色品牌交流"),
    (2013, 2): (datetime.date(2013, 6, 21), "妇女创业就业特色工作推进"),
}
ROTATION_START, ROTATION_QUARTERS = (2012, 4), 4


def load_review_demo(plan: Plan) -> None:
    units = list(rotation_units(plan))
    if not units:
        return
    reviewer = User.objects.filter(person__name=REVIEWER, person__is_generated=False).first()
    if reviewer is not None and not plan.reviews.exists():
        _load_reviews(plan, units, reviewer)
    _load_meetings(plan)
    if not plan.notices.exists():
        _load_notices(plan, units)


def _rating(index: int, quarter_index: int) -> Rating:
    return RATINGS[(index + 3 * quarter_index) % len(RATINGS)]


def _load_reviews(plan: Plan, units: list[OrgUnit], reviewer: User) -> None:
    reviews = []
    for quarter_index, (year, quarter) in enumerate(REVIEW_QUARTERS):
        for index, unit in enumerate(units):
            rating = _rating(index, quarter_index)
            reviews.append(
                QuarterlyReview(
                    plan=plan,
                    unit=unit,
                    year=year,
                    quarter=quarter,
                    rating=rating,
                    strengths=STRENGTHS[rating],
                    problems=PROBLEMS[rating],
                    reviewer=reviewer,
                )
            )
    QuarterlyReview.objects.bulk_create(reviews)


def _photo(name: str) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (179, 36, 46)).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name=name)


def _load_meetings(plan: Plan) -> None:
    year, quarter = ROTATION_START
    for meeting in rotation_proposal(plan=plan, year_from=year, quarter_from=quarter, count=ROTATION_QUARTERS):
        meeting.save()
    for meeting in plan.meetings.select_related("host"):
        held = MEETINGS.get((meeting.year, meeting.quarter))
        if meeting.topic:
            continue
        if held is None:
            meeting.topic = f"{meeting.host.display_name}特色工作观摩交流会"
        else:
            meeting.held_on, meeting.topic = held
            meeting.minutes = (
                f"{meeting.held_on:%Y年%m月%d日}，市妇联在{meeting.host.display_name}召开特色工作观摩交流推进会。"
                "与会人员实地观摩特色项目，各县（区、市）妇联交流经验做法，查找差距，明确下一步工作重点。"
            )
        meeting.save(update_fields=["held_on", "topic", "minutes"])
        if held is not None and not meeting.photos.exists():
            MeetingPhoto.objects.create(
                meeting=meeting, file=_photo(f"meeting-{meeting.year}q{meeting.quarter}.png"), caption="观摩现场"
            )


def _load_notices(plan: Plan, units: list[OrgUnit]) -> None:
    last = len(REVIEW_QUARTERS) - 1
    best = next(unit for index, unit in enumerate(units) if _rating(index, last) == Rating.EXCELLENT)
    worst = next(unit for index, unit in enumerate(units) if _rating(index, last) == Rating.POOR)
    Commendation.objects.create(
        plan=plan,
        issued_by=plan.unit,
        kind=NoticeKind.COMMENDATION,
        unit=best,
        reason="在“争六好、创特色”主题活动中组织有力，特色品牌成效明显，季度点评优秀，予以通报表扬。",
        issued_on=datetime.date(2013, 7, 10),
    )
    Commendation.objects.create(
        plan=plan,
        issued_by=plan.unit,
        kind=NoticeKind.CRITICISM,
        unit=worst,
        reason="主题活动信息报送不及时，特色工作推进缓慢，予以通报批评，限期整改。",
        issued_on=datetime.date(2013, 7, 10),
    )
