"""The demo world as the seed documents give it: seed 000 (Quanzhou) annexes 2 and 3, seed 004 (Lixia).

Kept as data so the loader and the tests read the same source.
"""

from dataclasses import dataclass

from jinguo.org.models import DepartmentKind as DK
from jinguo.org.models import PositionKind as P
from jinguo.org.models import UnitKind as K
from jinguo.org.models import UnitLevel as L

CAMPAIGN = "“争六好、创特色”主题活动"


@dataclass(frozen=True)
class UnitSeed:
    name: str
    short_name: str
    kind: str
    level: int
    division_code: str | None
    parent: str | None  # parent's name
    children_generated: bool = False  # grow generated townships and villages under it


UNITS: list[UnitSeed] = [
    UnitSeed("福建省妇联", "福建省", K.FEDERATION, L.PROVINCE, "350000", None),
    UnitSeed("泉州市妇联", "泉州市", K.FEDERATION, L.PREFECTURE, "350500", "福建省妇联"),
    UnitSeed("鲤城区妇联", "鲤城区", K.FEDERATION, L.COUNTY, "350502", "泉州市妇联", True),
    UnitSeed("丰泽区妇联", "丰泽区", K.FEDERATION, L.COUNTY, "350503", "泉州市妇联", True),
    UnitSeed("洛江区妇联", "洛江区", K.FEDERATION, L.COUNTY, "350504", "泉州市妇联", True),
    UnitSeed("泉港区妇联", "泉港区", K.FEDERATION, L.COUNTY, "350505", "泉州市妇联", True),
    UnitSeed("石狮市妇联", "石狮市", K.FEDERATION, L.COUNTY, "350581", "泉州市妇联", True),
    UnitSeed("晋江市妇联", "晋江市", K.FEDERATION, L.COUNTY, "350582", "泉州市妇联", True),
    UnitSeed("南安市妇联", "南安市", K.FEDERATION, L.COUNTY, "350583", "泉州市妇联", True),
    UnitSeed("惠安县妇联", "惠安县", K.FEDERATION, L.COUNTY, "350521", "泉州市妇联", True),
    UnitSeed("安溪县妇联", "安溪县", K.FEDERATION, L.COUNTY, "350524", "泉州市妇联", True),
    UnitSeed("永春县妇联", "永春县", K.FEDERATION, L.COUNTY, "350525", "泉州市妇联", True),
    UnitSeed("德化县妇联", "德化县", K.FEDERATION, L.COUNTY, "350526", "泉州市妇联", True),
    UnitSeed("台商投资区妇工委", "台商投资区", K.SPECIAL_ZONE, L.COUNTY, None, "泉州市妇联"),
    UnitSeed("市直机关妇工委", "市直", K.ORGANS_COMMITTEE, L.COUNTY, None, "泉州市妇联"),
    UnitSeed("山东省妇联", "山东省", K.FEDERATION, L.PROVINCE, "370000", None),
    UnitSeed("济南市妇联", "济南市", K.FEDERATION, L.PREFECTURE, "370100", "山东省妇联"),
    UnitSeed("历下区妇联", "历下区", K.FEDERATION, L.COUNTY, "370102", "济南市妇联", True),
]

CITY = "泉州市妇联"


@dataclass(frozen=True)
class DepartmentSeed:
    name: str
    short_name: str
    kind: str
    supervising_leader: str | None  # 分管领导, as the task table of seed 000 pairs them


# The city federation's departments, in the order the document meets them.
DEPARTMENTS: list[DepartmentSeed] = [
    DepartmentSeed("办公室", "办公室", DK.DEPARTMENT, "丁为华"),
    DepartmentSeed("宣传部", "宣传部", DK.DEPARTMENT, "杨文忠"),
    DepartmentSeed("权益部", "权益部", DK.DEPARTMENT, "苏淑勉"),
    DepartmentSeed("妇女发展部", "发展部", DK.DEPARTMENT, "陈少青"),
    DepartmentSeed("儿童工作部", "儿童部", DK.DEPARTMENT, "丁为华"),
    DepartmentSeed("市妇儿工委办", "妇儿工委办", DK.DEPARTMENT, "苏淑勉"),
    DepartmentSeed("市直机关妇工委", "市直机关妇工委", DK.DEPARTMENT, "李小玲"),
    DepartmentSeed("市妇女儿童活动中心", "市妇女儿童活动中心", DK.AFFILIATE, "李小玲"),
    DepartmentSeed("市直机关金山幼儿园", "金山幼儿园", DK.AFFILIATE, None),
    DepartmentSeed("机关党总支", "机关党总支", DK.PARTY, None),
]


@dataclass(frozen=True)
class PersonSeed:
    name: str
    title: str  # as annex 3 lists it
    unit: str
    positions: tuple[str, ...]
    department: str | None = None
    group_role: str = "member"  # in the campaign's leading group
    in_party_group: bool = False
    party_group_role: str = "member"


# Annex 3, in order. Names padded in the document (林  晖) are written plainly.
PEOPLE: list[PersonSeed] = [
    PersonSeed(
        "梁玉华",
        "市妇联党组书记、主席",
        CITY,
        (P.PARTY_SECRETARY, P.CHAIR),
        group_role="leader",
        in_party_group=True,
        party_group_role="leader",
    ),
    PersonSeed(
        "苏淑勉",
        "市妇联党组成员、副主席",
        CITY,
        (P.PARTY_MEMBER, P.VICE_CHAIR),
        group_role="deputy",
        in_party_group=True,
    ),
    PersonSeed(
        "丁为华",
        "市妇联党组成员、副主席",
        CITY,
        (P.PARTY_MEMBER, P.VICE_CHAIR),
        group_role="deputy",
        in_party_group=True,
    ),
    PersonSeed("李小玲", "市妇联副主席", CITY, (P.VICE_CHAIR,), group_role="deputy"),
    PersonSeed(
        "陈少青",
        "市妇联党组成员、纪检组长",
        CITY,
        (P.PARTY_MEMBER, P.DISCIPLINE_HEAD),
        group_role="deputy",
        in_party_group=True,
    ),
    PersonSeed(
        "杨文忠",
        "市妇联党组成员、副调研员",
        CITY,
        (P.PARTY_MEMBER, P.RESEARCHER),
        group_role="deputy",
        in_party_group=True,
    ),
    PersonSeed("黄秀伦", "市妇联副调研员", CITY, (P.RESEARCHER,), group_role="deputy"),
    PersonSeed("黄玉芳", "鲤城区妇联主席", "鲤城区妇联", (P.CHAIR,)),
    PersonSeed("王少容", "丰泽区妇联主席", "丰泽区妇联", (P.CHAIR,)),
    PersonSeed("郭宏戎", "洛江区妇联主席", "洛江区妇联", (P.CHAIR,)),
    PersonSeed("林瑞群", "泉港区妇联主席", "泉港区妇联", (P.CHAIR,)),
    PersonSeed("戴小芬", "石狮市妇联主席", "石狮市妇联", (P.CHAIR,)),
    PersonSeed("颜惠玉", "晋江市妇联主席", "晋江市妇联", (P.CHAIR,)),
    PersonSeed("陈秀珍", "南安市妇联主席", "南安市妇联", (P.CHAIR,)),
    PersonSeed("黄怀蓉", "惠安县妇联主席", "惠安县妇联", (P.CHAIR,)),
    PersonSeed("郑丽萍", "安溪县妇联主席", "安溪县妇联", (P.CHAIR,)),
    PersonSeed("孙惠敏", "永春县妇联主席", "永春县妇联", (P.CHAIR,)),
    PersonSeed("苏培娜", "德化县妇联主席", "德化县妇联", (P.CHAIR,)),
    PersonSeed("王育英", "台商投资区妇工委主任", "台商投资区妇工委", (P.DIRECTOR,)),
    PersonSeed("林晖", "市妇联宣传部部长", CITY, (P.DEPARTMENT_HEAD,), department="宣传部"),
    PersonSeed("陈春梅", "市妇联权益部部长", CITY, (P.DEPARTMENT_HEAD,), department="权益部"),
    PersonSeed("李曙", "市妇联儿童工作部部长", CITY, (P.DEPARTMENT_HEAD,), department="儿童工作部"),
    PersonSeed("庄泓鸿", "市直机关妇工委主任", "市直机关妇工委", (P.DIRECTOR,)),
    PersonSeed("许少华", "市妇联妇女发展部部长", CITY, (P.DEPARTMENT_HEAD,), department="妇女发展部"),
    PersonSeed("王细妹", "市妇儿工委办副主任、主任科员", CITY, (P.DEPUTY_DEPARTMENT_HEAD,), department="市妇儿工委办"),
    PersonSeed("陈玉萍", "市妇联机关党总支干部", CITY, (P.STAFF,), department="机关党总支"),
    PersonSeed("刘伟宏", "市妇联办公室副主任", CITY, (P.DEPUTY_DEPARTMENT_HEAD,), department="办公室"),
    PersonSeed("李冰芳", "市妇女儿童活动中心主任", CITY, (P.DEPARTMENT_HEAD,), department="市妇女儿童活动中心"),
    PersonSeed("郑桂真", "市直机关金山幼儿园园长", CITY, (P.DEPARTMENT_HEAD,), department="市直机关金山幼儿园"),
]

LEADING_GROUP = f"泉州市妇联{CAMPAIGN}领导小组"
LEADING_GROUP_OFFICE = "办公室"
LEADING_GROUP_NOTE = "领导小组下设办公室，依托在市妇联办公室。"
PARTY_GROUP = "泉州市妇联党组"

# Annex 2: leader → the county-level units (by short name) she or he follows.
LIAISONS: list[tuple[str, tuple[str, ...]]] = [
    ("苏淑勉", ("鲤城区", "晋江市")),
    ("丁为华", ("惠安县", "永春县")),
    ("李小玲", ("南安市", "德化县", "市直")),
    ("陈少青", ("石狮市", "丰泽区", "洛江区")),
    ("杨文忠", ("泉港区", "安溪县", "台商投资区")),
]


@dataclass(frozen=True)
class GrantSeed:
    person: str
    role: str
    unit: str
    department: str | None = None


# Who holds which role in the demo (the document says who leads and who owns work; roles follow).
GRANTS: list[GrantSeed] = [
    GrantSeed("梁玉华", "leader", CITY),
    *[GrantSeed(name, "leader", CITY) for name in ("苏淑勉", "丁为华", "李小玲", "陈少青", "杨文忠", "黄秀伦")],
    GrantSeed("刘伟宏", "unit_admin", CITY),
    *[GrantSeed(p.name, "department_staff", CITY, p.department) for p in PEOPLE if p.unit == CITY and p.department],
    *[GrantSeed(p.name, "unit_admin", p.unit) for p in PEOPLE if p.unit != CITY],
    *[GrantSeed(p.name, "leader", p.unit) for p in PEOPLE if p.unit != CITY],
]


# Generated levels under each county (the issue asks 10–25 townships and 10–20 villages each).
TOWNSHIPS_PER_COUNTY = (10, 25)
VILLAGES_PER_TOWNSHIP = (10, 20)
