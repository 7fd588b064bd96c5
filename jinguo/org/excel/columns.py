"""The spreadsheet format: column titles and cell vocabularies.

These are the format itself, not interface text: the titles are what federations already use in
their registers, so a file reads the same whatever language the interface is in, and an export
can be imported again. Values are also accepted as codes, English labels and common variants.
"""

from dataclasses import dataclass

from jinguo.org.models import Gender, UnitKind, UnitLevel


@dataclass(frozen=True)
class Column:
    title: str
    field: str  # the row dict key the importer uses
    required: bool = False
    aliases: tuple[str, ...] = ()  # other titles registers commonly use for the same column


UNIT_COLUMNS: tuple[Column, ...] = (
    Column("名称", "name", required=True, aliases=("单位名称",)),
    Column("简称", "short_name"),
    Column("类型", "kind"),
    Column("层级", "level", required=True),
    Column("上级单位", "parent", required=True, aliases=("上级",)),
    Column("行政区划代码", "division_code", aliases=("区划代码",)),
    Column("排序", "sort_order"),
)

PERSON_COLUMNS: tuple[Column, ...] = (
    Column("姓名", "name", required=True),
    Column("性别", "gender"),
    Column("手机号", "mobile", aliases=("手机号码", "手机")),
    Column("身份证号", "id_number", aliases=("身份证号码", "公民身份号码", "身份证")),
    Column("职务", "title"),
    Column("所属单位", "unit", required=True, aliases=("所在单位", "单位")),
    Column("部室", "department"),
    Column("排序", "sort_order"),
)

# What an export writes for each value; the first variant of each list.
KIND_NAMES: dict[str, tuple[str, ...]] = {
    UnitKind.FEDERATION: ("妇联", "妇女联合会"),
    UnitKind.ORGANS_COMMITTEE: ("机关妇工委", "妇工委"),
    UnitKind.VILLAGE_COMMITTEE: ("村妇代会", "妇代会", "村妇联"),
    UnitKind.COMMUNITY_FEDERATION: ("社区妇联",),
    UnitKind.SPECIAL_ZONE: ("功能区妇工委", "开发区妇工委", "园区妇工委"),
    UnitKind.INSTITUTION_COMMITTEE: ("单位妇委会", "妇委会"),
}

LEVEL_NAMES: dict[int, tuple[str, ...]] = {
    UnitLevel.PROVINCE: ("省级", "省"),
    UnitLevel.PREFECTURE: ("市级", "市", "地市级", "地级"),
    UnitLevel.COUNTY: ("县级", "县", "区县级", "县区级", "区县"),
    UnitLevel.TOWNSHIP: ("乡镇级", "乡镇", "乡镇（街道）", "乡镇(街道)", "街道", "乡", "镇"),
    UnitLevel.VILLAGE: ("村级", "村", "社区", "村（社区）", "村(社区)", "村居"),
}

GENDER_NAMES: dict[str, tuple[str, ...]] = {
    Gender.FEMALE: ("女", "女性"),
    Gender.MALE: ("男", "男性"),
}

ERROR_COLUMNS = ("行", "列", "原因")


def titles(columns: tuple[Column, ...]) -> list[str]:
    return [column.title for column in columns]
