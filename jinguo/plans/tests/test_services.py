"""The supervision loop's writes: each one validates everything before saving anything, checks who
may do it, and writes one audit event. Denials leave every row as it was."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from PIL import Image

from jinguo.audit.models import AuditEvent
from jinguo.org.models import Department, OrgUnit, UnitLevel
from jinguo.plans import selectors, services
from jinguo.plans.models import (
    Comment,
    CommentKind,
    FeatureLevel,
    FeatureProject,
    Plan,
    ProgressUpdate,
    Task,
    UpdateAttachment,
)
from jinguo.plans.status import TaskStatus

pytestmark = pytest.mark.django_db


def plan() -> Plan:
    return Plan.objects.get(doc_number="泉妇〔2012〕39号")


def task(number: int) -> Task:
    return Task.objects.get(plan=plan(), number=f"（{number}）")


def png(name: str = "photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), (10, 120, 200)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def rows() -> tuple[int, ...]:
    return (
        ProgressUpdate.objects.count(),
        UpdateAttachment.objects.count(),
        Comment.objects.count(),
        FeatureProject.objects.count(),
        AuditEvent.objects.count(),
    )


def unit(name: str) -> OrgUnit:
    return OrgUnit.objects.get(name=name)


def below(county: str, level: UnitLevel) -> OrgUnit:
    found = OrgUnit.objects.filter(path__startswith=unit(county).path, level=level).order_by("path").first()
    assert found is not None
    return found


# --- update_post ----------------------------------------------------------------------------------


def test_update_post_saves_the_update_its_photo_and_one_event(world):
    before = rows()

    update = services.update_post(
        user=world.user("liuweihong"), task=task(12), text=" 完成 ", percent=100, files=[png()]
    )

    assert (update.text, update.percent, update.unit, update.feature_project) == ("完成", 100, plan().unit, None)
    assert list(update.attachments.values_list("is_photo", flat=True)) == [True]
    assert rows() == (before[0] + 1, before[1] + 1, before[2], before[3], before[4] + 1)
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.object_id, event.actor) == ("create", str(update.pk), world.user("liuweihong"))


@pytest.mark.parametrize("percent", [101, -1])
def test_update_post_refuses_a_percentage_outside_0_to_100(world, percent):
    before = rows()
    with pytest.raises(ValidationError) as error:
        services.update_post(user=world.user("liuweihong"), task=task(12), text="x", percent=percent, files=[png()])
    assert "percent" in error.value.message_dict
    assert rows() == before


def test_update_post_refuses_a_non_image_named_jpg_before_saving_anything(world):
    before = rows()
    fake = SimpleUploadedFile("photo.jpg", b"GIF? no: plain text", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        services.update_post(user=world.user("liuweihong"), task=task(12), text="x", percent=50, files=[png(), fake])
    assert error.value.message_dict == {"files": [_("“%(name)s” is not a readable image.") % {"name": "photo.jpg"}]}
    assert rows() == before


def test_update_post_refuses_a_file_over_the_limit(world, settings):
    settings.JINGUO_ATTACHMENT_MAX_BYTES = 2 * 2**20
    big = SimpleUploadedFile("scan.pdf", b"%PDF" + b"0" * (2 * 2**20 + 1), content_type="application/pdf")
    before = rows()
    with pytest.raises(ValidationError) as error:
        services.update_post(user=world.user("liuweihong"), task=task(12), text="x", percent=50, files=[big])
    assert error.value.message_dict == {
        "files": [_("“%(name)s” is larger than %(limit)d MB.") % {"name": "scan.pdf", "limit": 2}]
    }
    assert rows() == before


@pytest.mark.parametrize("username", ["dingweihua", "sushumian", "huangyufang", "chenchunmei"])
def test_update_post_refuses_who_is_not_responsible(world, username):
    before = rows()
    with pytest.raises(PermissionDenied):
        services.update_post(user=world.user(username), task=task(12), text="x", percent=50)
    assert rows() == before


def test_a_declared_project_is_reported_on_by_its_own_unit_only(world):
    lichen = FeatureProject.objects.get(declared_by=unit("鲤城区妇联"), level=FeatureLevel.COUNTY_BRAND)
    before = rows()
    with pytest.raises(PermissionDenied):
        services.update_post(user=world.user("wangshaorong"), project=lichen, text="x", percent=50)
    assert rows() == before

    update = services.update_post(user=world.user("huangyufang"), project=lichen, text="推进", percent=40)
    assert (update.unit, update.feature_project, update.task) == (unit("鲤城区妇联"), lichen, None)


# --- comments, instructions, acceptance -----------------------------------------------------------


def test_a_county_leader_outside_the_plans_scope_cannot_comment(world):
    before = rows()
    for username in ("huangyufang", "wangshaorong"):  # leaders of participating counties, not of the city
        with pytest.raises(PermissionDenied):
            services.comment_post(user=world.user(username), task=task(12), text="x", kind=CommentKind.INSTRUCTION)
    assert rows() == before


def test_an_instruction_stays_open_until_answered(world):
    instruction = services.comment_post(
        user=world.user("dingweihua"), task=task(12), text="请补报照片。", kind=CommentKind.INSTRUCTION
    )
    assert instruction.is_open_instruction

    with pytest.raises(PermissionDenied):
        services.instruction_answer(user=world.user("chenchunmei"), comment=instruction, answer="不归我")
    answered = services.instruction_answer(user=world.user("liuweihong"), comment=instruction, answer="已补报。")

    assert (answered.answer, answered.answered_by, answered.is_open_instruction) == (
        "已补报。",
        world.user("liuweihong"),
        False,
    )
    with pytest.raises(ValidationError):
        services.instruction_answer(user=world.user("liuweihong"), comment=instruction, answer="再答")
    assert Comment.objects.get(pk=instruction.pk).answer == "已补报。"


def test_acceptance_needs_the_supervising_leader_and_makes_the_task_done(world):
    twelve = task(12)
    with pytest.raises(PermissionDenied):
        services.task_accept(user=world.user("sushumian"), task=twelve)  # may comment, does not supervise (12)
    assert Task.objects.get(pk=twelve.pk).accepted_at is None

    services.task_accept(user=world.user("dingweihua"), task=twelve)

    tree = selectors.task_tree(user=world.user("dingweihua"), plan=plan())
    row = next(row for row in selectors.flatten(tree) if row.task.pk == twelve.pk)
    assert row.status == TaskStatus.DONE and row.progress == 100
    event = AuditEvent.objects.filter(content_type__model="task", object_id=str(twelve.pk)).latest("id")
    assert event.unit_path == plan().unit.path  # a task files under its plan's issuing unit


# --- feature_project_declare ----------------------------------------------------------------------


def declare(world, username: str, where: OrgUnit, level: str, **extra) -> FeatureProject:  # type: ignore[no-untyped-def]
    return services.feature_project_declare(
        user=world.user(username),
        plan=plan(),
        unit=where,
        level=level,
        name=extra.pop("name", "巾帼特色"),
        targets=extra.pop("targets", "年底前建成示范点。"),
        **extra,
    )


def test_a_township_feature_and_a_village_model_below_a_county(world):
    township = below("鲤城区妇联", UnitLevel.TOWNSHIP)
    village = below("鲤城区妇联", UnitLevel.VILLAGE)

    feature = declare(world, "huangyufang", township, FeatureLevel.TOWNSHIP_FEATURE)
    model = declare(world, "huangyufang", village, FeatureLevel.VILLAGE_MODEL, name="村级典型")

    assert (feature.declared_by, feature.level, feature.responsible_label) == (
        township,
        FeatureLevel.TOWNSHIP_FEATURE,
        township.name,
    )
    assert list(model.responsible_units.all()) == [village]
    assert AuditEvent.objects.filter(content_type__model="featureproject", action="create").count() == 2


@pytest.mark.parametrize(
    ("where", "level", "message"),
    [
        (
            "county",
            FeatureLevel.TOWNSHIP_FEATURE,
            "A township feature is declared for a township below a participating unit.",
        ),
        ("county", FeatureLevel.VILLAGE_MODEL, "A village model is declared for a village below a participating unit."),
        ("township", FeatureLevel.COUNTY_BRAND, "A county brand is declared by a participating county-level unit."),
        (
            "county",
            FeatureLevel.SYSTEM_HIGHLIGHT,
            "A system highlight is declared by the organs' women's working committee or a system below it.",
        ),
        (
            "county",
            FeatureLevel.DEPARTMENT_KEY_WORK,
            "Department key work is declared by the issuing unit for one of its departments.",
        ),
        ("county", FeatureLevel.CITY, "The plan's own feature projects come from its annex and are not declared."),
    ],
)
def test_the_kind_must_fit_the_unit(world, where, level, message):
    place = unit("鲤城区妇联") if where == "county" else below("鲤城区妇联", UnitLevel.TOWNSHIP)
    before = rows()
    with pytest.raises(ValidationError) as error:
        declare(world, "huangyufang", place, level)
    assert error.value.message_dict["level"] == [_(message)]
    assert rows() == before


def test_one_of_each_kind_per_unit(world):
    township = below("鲤城区妇联", UnitLevel.TOWNSHIP)
    declare(world, "huangyufang", township, FeatureLevel.TOWNSHIP_FEATURE)
    before = rows()

    with pytest.raises(ValidationError) as error:
        declare(world, "huangyufang", township, FeatureLevel.TOWNSHIP_FEATURE, name="第二个")

    assert error.value.message_dict == {
        "level": [
            _("%(unit)s has already declared its %(level)s in this plan.")
            % {"unit": township.name, "level": FeatureLevel.TOWNSHIP_FEATURE.label}
        ]
    }
    assert rows() == before


def test_the_organs_committee_declares_a_system_highlight_for_a_system_below_it(world):
    organs = unit("市直机关妇工委")
    with pytest.raises(ValidationError):  # it has its own already (the demo's 市直·提升机关女性素质工程)
        declare(world, "liuweihong", organs, FeatureLevel.SYSTEM_HIGHLIGHT)
    with pytest.raises(ValidationError) as error:
        declare(world, "liuweihong", organs, FeatureLevel.COUNTY_BRAND)
    assert list(error.value.message_dict) == ["level"]


def test_department_key_work_names_a_department_of_the_issuing_unit_three_at_most(world):
    city = unit("泉州市妇联")
    office = city.departments.get(name="办公室")
    with pytest.raises(ValidationError) as error:
        declare(world, "liuweihong", city, FeatureLevel.DEPARTMENT_KEY_WORK)
    assert list(error.value.message_dict) == ["department"]
    elsewhere = Department.objects.create(unit=unit("鲤城区妇联"), name="办公室")
    with pytest.raises(ValidationError) as error:
        declare(world, "liuweihong", city, FeatureLevel.DEPARTMENT_KEY_WORK, department=elsewhere)
    assert list(error.value.message_dict) == ["department"]

    for number in range(3):
        declare(world, "liuweihong", city, FeatureLevel.DEPARTMENT_KEY_WORK, department=office, name=f"重点{number}")
    before = rows()
    with pytest.raises(ValidationError) as error:
        declare(world, "liuweihong", city, FeatureLevel.DEPARTMENT_KEY_WORK, department=office, name="第四项")

    assert error.value.message_dict == {
        "department": [
            _("%(department)s already has %(limit)d key work items in this plan.")
            % {"department": "办公室", "limit": 3}
        ]
    }
    assert rows() == before


@pytest.mark.parametrize(
    ("username", "where"),
    [
        ("wangshaorong", "鲤城区妇联"),  # a sibling county's administrator
        ("dingweihua", "泉州市妇联"),  # a leader, not an administrator
        ("chenchunmei", "泉州市妇联"),  # department staff
    ],
)
def test_declaring_needs_the_units_administrator(world, username, where):
    before = rows()
    with pytest.raises(PermissionDenied):
        declare(world, username, unit(where), FeatureLevel.TOWNSHIP_FEATURE)
    assert rows() == before


def test_a_village_user_cannot_declare_in_a_plan_out_of_reach(world):
    village_user = world.village_user("鲤城区妇联")
    with pytest.raises(PermissionDenied):
        services.feature_project_declare(
            user=village_user,
            plan=plan(),
            unit=village_user.person.unit,
            level=FeatureLevel.VILLAGE_MODEL,
            name="x",
            targets="y",
        )


def test_targets_are_required(world):
    before = rows()
    with pytest.raises(ValidationError) as error:
        declare(
            world, "huangyufang", below("鲤城区妇联", UnitLevel.TOWNSHIP), FeatureLevel.TOWNSHIP_FEATURE, targets=" "
        )
    assert list(error.value.message_dict) == ["targets"]
    assert rows() == before
