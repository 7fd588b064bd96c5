"""Excel/CSV import of people and units: all rows or nothing, and every problem by row and column."""

from collections.abc import Sequence
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from jinguo.access.models import Role, RoleGrant
from jinguo.audit.models import AuditAction, AuditEvent
from jinguo.core.fields import blind_index
from jinguo.core.validators import validate_id_number, validate_mobile
from jinguo.jobs.models import Job, JobStatus
from jinguo.org.excel.columns import ERROR_COLUMNS, GENDER_NAMES, PERSON_COLUMNS, UNIT_COLUMNS
from jinguo.org.excel.readers import columns_message, size_limit_message
from jinguo.org.excel.references import Lookup, lookup_message
from jinguo.org.excel.vocabulary import choice_message
from jinguo.org.jobs import IMPORT_PEOPLE, IMPORT_UNITS
from jinguo.org.models import OrgUnit, Person, UnitKind, UnitLevel
from jinguo.org.tests.spreadsheets import (
    PEOPLE_HEADER,
    UNITS_HEADER,
    csv_bytes,
    id_number,
    result_rows,
    run_job,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def county(world) -> OrgUnit:  # type: ignore[no-untyped-def]
    return world.unit("鲤城区妇联")


@pytest.fixture
def admin(world):  # type: ignore[no-untyped-def]
    """Unit admin of 鲤城区妇联."""
    return world.user("huangyufang")


@pytest.fixture
def run(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    def run(kind: str, user, unit, filename: str, content: bytes) -> Job:  # type: ignore[no-untyped-def]
        return run_job(
            django_capture_on_commit_callbacks, kind=kind, user=user, unit=unit, filename=filename, content=content
        )

    return run


def _message(job: Job, validator, value: str) -> str:  # type: ignore[no-untyped-def]
    """What a model validator says, in the job's language."""
    with translation.override(job.language), pytest.raises(ValidationError) as raised:
        validator(value)
    return raised.value.messages[0]


def _in_job_language(job: Job, make) -> str:  # type: ignore[no-untyped-def]
    with translation.override(job.language):
        return str(make())


def _people(names: list[str]) -> list[tuple[object, ...]]:
    return list(
        Person.objects.filter(name__in=names)
        .order_by("id")
        .values_list("name", "gender", "mobile", "title", "unit__name", "department__name", "sort_order")
    )


# People -------------------------------------------------------------------------------------


def test_good_people_file_imports_exactly_its_rows(run, admin, county):
    first, second = id_number(1), id_number(2)
    rows: list[Sequence[object]] = [
        PEOPLE_HEADER,
        ["陈美玲", "女", "139 0595 1201", first, "妇联执委", "350502", "", "1"],
        ["林秀英", "", "+8613905951202", "", "信息员", "湖溪街道妇联", "", ""],
        ["王建华", "男", "", second, "", "350502001001", "", 3],
    ]
    job = run(IMPORT_PEOPLE, admin, county, "people.xlsx", xlsx_bytes(rows))

    assert (job.status, job.summary) == (JobStatus.SUCCEEDED, {"rows": 3, "created": 3, "masked_id_numbers": 0})
    assert job.progress_done == job.progress_total == 3
    assert _people(["陈美玲", "林秀英", "王建华"]) == [
        ("陈美玲", "F", "13905951201", "妇联执委", "鲤城区妇联", None, 1),
        ("林秀英", "", "13905951202", "信息员", "湖溪街道妇联", None, 0),
        ("王建华", "M", "", "", "新田社区妇联", None, 3),
    ]
    created = list(Person.objects.filter(name__in=["陈美玲", "王建华"]).order_by("id"))
    assert [person.id_number for person in created] == [first, second]
    assert [person.id_number_index for person in created] == [blind_index(first), blind_index(second)]
    assert created[0].name_initials == "cml"
    audited = AuditEvent.objects.filter(action=AuditAction.CREATE, actor=admin, content_type__model="person")
    assert audited.count() == 3
    assert not job.input_file  # the upload held ID numbers: dropped once the job finished


def test_department_by_name_or_short_name(run, world):
    city = world.unit("泉州市妇联")
    rows = [
        PEOPLE_HEADER,
        ["赵丽", "女", "", "", "干事", "350500", "宣传部", ""],
        ["钱芳", "女", "", "", "干事", "泉州市妇联", "发展部", ""],
    ]
    job = run(IMPORT_PEOPLE, world.user("liuweihong"), city, "people.xlsx", xlsx_bytes(rows))

    assert job.status == JobStatus.SUCCEEDED, job.message
    assert [row[5] for row in _people(["赵丽", "钱芳"])] == ["宣传部", "妇女发展部"]


def test_one_bad_row_commits_nothing_and_lists_each_problem(run, admin, county):
    people_before, events_before = Person.objects.count(), AuditEvent.objects.exclude(content_type__model="job").count()
    rows = [
        PEOPLE_HEADER,
        ["陈美玲", "女", "13905951201", id_number(1), "", "350502", "", ""],
        ["林秀英", "女", "12345", "350502199001010010", "", "350502", "", ""],
        ["王建华", "未知", "13905951203", "", "", "350502", "办公室", "第一"],
        ["周敏", "女", "13905951204", id_number(1), "", "350503", "", ""],
    ]
    job = run(IMPORT_PEOPLE, admin, county, "people.xlsx", xlsx_bytes(rows))

    assert job.status == JobStatus.FAILED
    assert Person.objects.count() == people_before
    assert AuditEvent.objects.exclude(content_type__model="job").count() == events_before
    with translation.override(job.language):
        expected = [
            (3, "手机号", _message(job, validate_mobile, "12345")),
            (3, "身份证号", _message(job, validate_id_number, "350502199001010010")),
            (4, "性别", choice_message(GENDER_NAMES)),
            (4, "排序", _("Enter a whole number.")),
            (4, "部室", _("%(unit)s has no department named “%(name)s”.") % {"unit": "鲤城区妇联", "name": "办公室"}),
            (5, "所属单位", lookup_message(Lookup.MISSING, "350503", 0)),
            (5, "身份证号", _("The same ID number is also on row %(row)d.") % {"row": 2}),
        ]
    assert result_rows(job) == [ERROR_COLUMNS, *expected]
    assert job.summary["errors"] == 7 and job.summary["error_rows"] == 3
    assert job.summary["first_errors"] == [list(row) for row in expected]
    assert job.result_name.endswith(".xlsx")


def test_id_number_already_in_the_directory(run, admin, county):
    run(
        IMPORT_PEOPLE,
        admin,
        county,
        "a.xlsx",
        xlsx_bytes([PEOPLE_HEADER, ["陈美玲", "", "", id_number(7), "", "350502", "", ""]]),
    )
    job = run(
        IMPORT_PEOPLE,
        admin,
        county,
        "b.xlsx",
        xlsx_bytes([PEOPLE_HEADER, ["陈玲", "", "", id_number(7), "", "350502", "", ""]]),
    )

    assert job.status == JobStatus.FAILED
    with translation.override(job.language):
        assert result_rows(job)[1:] == [(2, "身份证号", _("A person with this ID number is already in the directory."))]
    assert not Person.objects.filter(name="陈玲").exists()


def test_the_same_file_uploaded_twice_is_refused_the_second_time(run, admin, county):
    content = xlsx_bytes([PEOPLE_HEADER, ["陈美玲", "女", "13905951201", "", "", "350502", "", ""]])
    assert run(IMPORT_PEOPLE, admin, county, "a.xlsx", content).status == JobStatus.SUCCEEDED
    again = run(IMPORT_PEOPLE, admin, county, "a.xlsx", content)

    assert again.status == JobStatus.FAILED
    assert Person.objects.filter(name="陈美玲").count() == 1


def test_id_number_rounded_by_excel_gets_its_own_message(run, admin, county):
    job = run(
        IMPORT_PEOPLE,
        admin,
        county,
        "p.xlsx",
        xlsx_bytes([PEOPLE_HEADER, ["陈美玲", "", "", 3.50502199001011e17, "", "350502", "", ""]]),
    )

    assert job.status == JobStatus.FAILED
    assert [row[:2] for row in result_rows(job)[1:]] == [(2, "身份证号")]
    assert "Excel" in str(result_rows(job)[1][2])


def test_person_in_a_unit_outside_reach(run, world, county):
    """Within the job's unit: the city admin importing for 鲤城区 may not place people in 丰泽区."""
    job = run(
        IMPORT_PEOPLE,
        world.user("liuweihong"),
        county,
        "p.xlsx",
        xlsx_bytes([PEOPLE_HEADER, ["陈美玲", "", "", "", "", "丰泽区妇联", "", ""]]),
    )

    assert job.status == JobStatus.FAILED
    with translation.override(job.language):
        assert result_rows(job)[1:] == [(2, "所属单位", lookup_message(Lookup.OUTSIDE, "丰泽区妇联", 1))]


# File formats -------------------------------------------------------------------------------

GOOD_PEOPLE = [
    PEOPLE_HEADER,
    ["陈美玲", "女", "13905951201", "", "妇联执委", "350502", "", "1"],
    ["林秀英", "女", "13905951202", "", "信息员", "湖溪街道妇联", "", "2"],
]


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8", "utf-16"])
def test_csv_in_chinese_encodings_is_read(run, admin, county, encoding):
    job = run(IMPORT_PEOPLE, admin, county, "people.csv", csv_bytes(GOOD_PEOPLE, encoding=encoding))

    assert job.status == JobStatus.SUCCEEDED, job.message
    assert _people(["陈美玲", "林秀英"]) == [
        ("陈美玲", "F", "13905951201", "妇联执委", "鲤城区妇联", None, 1),
        ("林秀英", "F", "13905951202", "信息员", "湖溪街道妇联", None, 2),
    ]


def test_xls_workbook_is_read(run, admin, county):
    """people.xls is a real Excel 97-2003 file (see fixtures/README.md); the first mobile is a number cell."""
    job = run(IMPORT_PEOPLE, admin, county, "people.xls", (FIXTURES / "people.xls").read_bytes())

    assert job.status == JobStatus.SUCCEEDED, job.message
    assert _people(["陈美玲", "林秀英"]) == [
        ("陈美玲", "F", "13905951201", "妇联执委", "鲤城区妇联", None, 1),
        ("林秀英", "F", "13905951202", "信息员", "湖溪街道妇联", None, 2),
    ]
    assert Person.objects.get(name="陈美玲").id_number == "350502198503158018"


def test_a_renamed_xlsx_is_read_for_what_it_is(run, admin, county):
    job = run(IMPORT_PEOPLE, admin, county, "people.xls", xlsx_bytes(GOOD_PEOPLE))

    assert job.status == JobStatus.SUCCEEDED, job.message


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        (
            "people.pdf",
            b"%PDF-1.4 not a sheet",
            "This file is not a spreadsheet. Upload an Excel file (.xlsx or .xls) or a .csv file.",
        ),
        (
            "people.xlsx",
            b"\x89PNG\r\n\x1a\n" + bytes(200),
            "This file is not a spreadsheet. Upload an Excel file (.xlsx or .xls) or a .csv file.",
        ),
        (
            "people.xls",
            bytes.fromhex("D0CF11E0A1B11AE1") + bytes(600),
            "The file is not a valid Excel 97-2003 workbook (.xls) or is damaged.",
        ),
        ("people.xlsx", b"PK\x03\x04 truncated", "The Excel file is damaged and cannot be read."),
        (
            "people.csv",
            "姓名\n".encode("utf-16-le") + b"\x00\x00\x00",
            "This file is not a spreadsheet. Upload an Excel file (.xlsx or .xls) or a .csv file.",
        ),
    ],
)
def test_unreadable_files_get_a_clear_message_and_commit_nothing(run, admin, county, filename, content, message):
    people_before = Person.objects.count()
    job = run(IMPORT_PEOPLE, admin, county, filename, content)

    assert job.status == JobStatus.FAILED
    assert job.message == _in_job_language(job, lambda: _(message))
    assert Person.objects.count() == people_before
    assert not job.result_file


def test_a_zip_that_is_not_a_workbook(run, admin, county):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    job = run(IMPORT_PEOPLE, admin, county, "people.xlsx", buffer.getvalue())

    assert job.status == JobStatus.FAILED
    assert job.message == _in_job_language(
        job, lambda: _("The file is not a valid Excel workbook (.xlsx) or is damaged.")
    )


def test_a_file_over_the_size_limit_is_refused_before_reading(run, admin, county, settings):
    content = b"x" * (settings.JINGUO_IMPORT_MAX_BYTES + 1)
    job = run(IMPORT_PEOPLE, admin, county, "people.csv", content)

    assert job.status == JobStatus.FAILED
    assert job.message == _in_job_language(job, size_limit_message)
    with translation.override("en"):
        assert "10 MB" in size_limit_message()


@pytest.mark.parametrize(
    ("kind", "header"),
    [
        (IMPORT_UNITS, PEOPLE_HEADER),
        (IMPORT_PEOPLE, ["姓名", "手机号", "单位名字"]),
        (IMPORT_PEOPLE, [*PEOPLE_HEADER, "姓名"]),
    ],
)
def test_wrong_columns_name_the_expected_ones(run, admin, county, kind, header):
    columns = UNIT_COLUMNS if kind == IMPORT_UNITS else PERSON_COLUMNS
    units_before, people_before = OrgUnit.objects.count(), Person.objects.count()
    job = run(kind, admin, county, "file.xlsx", xlsx_bytes([header, ["x"] * len(header)]))

    assert job.status == JobStatus.FAILED
    assert job.message.startswith(_in_job_language(job, lambda: columns_message(columns)))
    assert "、".join(column.title for column in columns) in job.message
    assert (OrgUnit.objects.count(), Person.objects.count()) == (units_before, people_before)


def test_title_variants_are_accepted(run, admin, county):
    header = ["姓 名 *", "性别", "手机号码", "身份证号码", "职务", "所在单位", "部室", "排序"]
    job = run(IMPORT_PEOPLE, admin, county, "p.xlsx", xlsx_bytes([header, GOOD_PEOPLE[1]]))

    assert job.status == JobStatus.SUCCEEDED, job.message


def test_masked_id_numbers_from_an_export_are_left_blank(run, admin, county):
    job = run(
        IMPORT_PEOPLE,
        admin,
        county,
        "p.xlsx",
        xlsx_bytes([PEOPLE_HEADER, ["陈美玲", "", "", "3505**********0012", "", "350502", "", ""]]),
    )

    assert (job.status, job.summary["masked_id_numbers"]) == (JobStatus.SUCCEEDED, 1)
    assert Person.objects.get(name="陈美玲").id_number == ""


# Units --------------------------------------------------------------------------------------


def test_good_units_file_builds_the_tree(run, admin, county):
    township = OrgUnit.objects.get(division_code="350502001")
    rows: list[Sequence[object]] = [
        UNITS_HEADER,
        ["新城街道妇联", "新城街道", "妇联", "乡镇级", "350502", "350502090", "9"],
        ["新城社区妇联", "新城社区", "社区妇联", "村级", "新城街道妇联", "350502090001", ""],
        ["东岳社区妇联", "", "community_federation", 5, "350502090", "", ""],
        ["湖心村妇代会", "湖心村", "村妇代会", "村", "350502001", "350502001091", "3"],
    ]
    job = run(IMPORT_UNITS, admin, county, "units.xlsx", xlsx_bytes(rows))

    assert (job.status, job.summary["created"]) == (JobStatus.SUCCEEDED, 4), job.message
    new_town = OrgUnit.objects.get(division_code="350502090")
    assert OrgUnit.objects.get_parent(new_town) == county
    assert (new_town.level, new_town.kind, new_town.sort_order, new_town.numchild) == (
        UnitLevel.TOWNSHIP,
        UnitKind.FEDERATION,
        9,
        2,
    )
    assert [unit.name for unit in OrgUnit.objects.get_children(new_town)] == ["新城社区妇联", "东岳社区妇联"]
    assert OrgUnit.objects.get(name="东岳社区妇联").kind == UnitKind.COMMUNITY_FEDERATION
    village = OrgUnit.objects.get(division_code="350502001091")
    assert (OrgUnit.objects.get_parent(village), village.level, village.kind) == (
        township,
        UnitLevel.VILLAGE,
        UnitKind.VILLAGE_COMMITTEE,
    )
    county.refresh_from_db()
    assert (county.numchild, OrgUnit.objects.get(pk=township.pk).numchild) == (3, 3)
    assert village.path > OrgUnit.objects.get(division_code="350502001002").path  # after the existing villages
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, actor=admin, content_type__model="orgunit").count() == 4
    assert OrgUnit.objects.find_problems() == ([], [], [], [], [])


def test_duplicate_division_codes_in_the_file_and_the_database(run, admin, county):
    rows = [
        UNITS_HEADER,
        ["甲社区妇联", "", "", "村级", "350502001", "350502001095", ""],
        ["乙社区妇联", "", "", "村级", "350502001", "350502001095", ""],
        ["丙社区妇联", "", "", "村级", "350502001", "350502001001", ""],
    ]
    units_before = OrgUnit.objects.count()
    job = run(IMPORT_UNITS, admin, county, "units.xlsx", xlsx_bytes(rows))

    assert job.status == JobStatus.FAILED
    with translation.override(job.language):
        assert result_rows(job)[1:] == [
            (
                3,
                "行政区划代码",
                _("The division code %(code)s is also on row %(row)d.") % {"code": "350502001095", "row": 2},
            ),
            (4, "行政区划代码", _("A unit with the division code %(code)s already exists.") % {"code": "350502001001"}),
        ]
    assert OrgUnit.objects.count() == units_before


def test_missing_parent_and_parent_later_in_the_file(run, admin, county):
    rows = [
        UNITS_HEADER,
        ["甲社区妇联", "", "", "村级", "不存在街道妇联", "", ""],
        ["乙社区妇联", "", "", "村级", "后来街道妇联", "", ""],
        ["后来街道妇联", "", "", "乡镇级", "350502", "", ""],
    ]
    job = run(IMPORT_UNITS, admin, county, "units.xlsx", xlsx_bytes(rows))

    assert job.status == JobStatus.FAILED
    with translation.override(job.language):
        assert result_rows(job)[1:] == [
            (2, "上级单位", lookup_message(Lookup.MISSING, "不存在街道妇联", 0)),
            (3, "上级单位", lookup_message(Lookup.MISSING, "后来街道妇联", 0)),
        ]
    assert not OrgUnit.objects.filter(name="后来街道妇联").exists()


def test_parent_outside_reach(run, admin, county, world):
    """Out of reach and out of sight reads as missing; in sight but not managed says so."""
    rows = [UNITS_HEADER, ["甲街道妇联", "", "", "乡镇级", "350503", "", ""]]
    hidden = run(IMPORT_UNITS, admin, county, "units.xlsx", xlsx_bytes(rows))
    RoleGrant.objects.create(user=admin, role=Role.LEADER, unit=world.unit("泉州市妇联"))  # may now see 丰泽区
    admin.__dict__.pop("_grants", None)  # grants are read once per request
    seen = run(IMPORT_UNITS, admin, county, "units.xlsx", xlsx_bytes(rows))

    with translation.override(seen.language):
        assert result_rows(hidden)[1:] == [(2, "上级单位", lookup_message(Lookup.MISSING, "350503", 0))]
        assert result_rows(seen)[1:] == [(2, "上级单位", lookup_message(Lookup.OUTSIDE, "350503", 1))]
    assert not OrgUnit.objects.filter(name="甲街道妇联").exists()


def test_row_checks_for_units(run, admin, county):
    rows = [
        UNITS_HEADER,
        ["", "简称", "", "", "", "", ""],
        ["甲妇联", "", "妇女之家", "区级", "350502", "35050", "x"],
        ["乙妇联", "", "", "县级", "350502001001", "", ""],
        ["湖溪街道妇联", "", "", "乡镇级", "350502", "", ""],
    ]
    job = run(IMPORT_UNITS, admin, county, "units.xlsx", xlsx_bytes(rows))

    assert job.status == JobStatus.FAILED
    listed = [(row, column) for row, column, _reason in result_rows(job)[1:]]
    assert listed == [
        (2, "名称"),
        (2, "层级"),
        (2, "上级单位"),
        (3, "类型"),
        (3, "层级"),
        (3, "排序"),
        (3, "行政区划代码"),
        (4, "层级"),  # a county under a village
        (5, "名称"),  # 湖溪街道妇联 is already under 鲤城区妇联
    ]


def test_importer_needs_to_manage_the_target_unit(admin, world, county, django_capture_on_commit_callbacks):
    jobs_before = Job.objects.count()
    with pytest.raises(PermissionDenied):  # a sibling county
        run_job(
            django_capture_on_commit_callbacks,
            kind=IMPORT_UNITS,
            user=admin,
            unit=world.unit("丰泽区妇联"),
            filename="u.xlsx",
            content=xlsx_bytes([UNITS_HEADER]),
        )
    with pytest.raises(PermissionDenied):  # a village reporter into the county
        run_job(
            django_capture_on_commit_callbacks,
            kind=IMPORT_PEOPLE,
            user=world.village_user("鲤城区妇联"),
            unit=county,
            filename="p.xlsx",
            content=xlsx_bytes([PEOPLE_HEADER]),
        )
    with pytest.raises(PermissionDenied):  # a leader may view but not manage
        run_job(
            django_capture_on_commit_callbacks,
            kind=IMPORT_PEOPLE,
            user=world.user_of("梁玉华"),
            unit=world.unit("泉州市妇联"),
            filename="p.xlsx",
            content=xlsx_bytes([PEOPLE_HEADER]),
        )
    assert Job.objects.count() == jobs_before
