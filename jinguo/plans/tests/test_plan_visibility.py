"""A plan addressed to the counties is visible below them too: a township declares its feature
(一镇一特色) and a village its model (一村一典型). What a county or township declares stays in its
own subtree: a sibling county's townships never see it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from jinguo.accounts.models import User
from jinguo.audit.models import AuditEvent
from jinguo.org.models import OrgUnit, UnitLevel
from jinguo.plans import policies, selectors, services
from jinguo.plans.models import FeatureLevel, FeatureProject, Plan

pytestmark = pytest.mark.django_db


def plan() -> Plan:
    return Plan.objects.get(doc_number="泉妇〔2012〕39号")


def township_admin(world, county: str) -> User:  # type: ignore[no-untyped-def]
    """The administrator of the first township under `county`."""
    user = (
        User.objects.filter(
            grants__role="unit_admin",
            grants__unit__level=UnitLevel.TOWNSHIP,
            grants__unit__path__startswith=world.unit(county).path,
        )
        .order_by("grants__unit__path")
        .first()
    )
    assert user is not None
    return user


def own_unit(user: User) -> OrgUnit:
    return user.grants.get().unit


def declare(user: User, unit: OrgUnit, level: str = FeatureLevel.TOWNSHIP_FEATURE) -> FeatureProject:
    return services.feature_project_declare(
        user=user, plan=plan(), unit=unit, level=level, name="巾帼家美积分超市", targets="年内覆盖全镇各村"
    )


def test_ancestor_paths_are_every_prefix_above_each_path():
    assert policies._ancestor_paths(["000100020003", "00010004", "0001"]) == ["0001", "00010002"]
    assert policies._ancestor_paths([]) == []


@pytest.mark.parametrize("who", ["township of 鲤城区", "village of 鲤城区", "township of 丰泽区"])
def test_below_a_participating_county_the_plan_is_visible(world, who):
    user = {
        "township of 鲤城区": lambda: township_admin(world, "鲤城区妇联"),
        "village of 鲤城区": lambda: world.village_user("鲤城区妇联"),
        "township of 丰泽区": lambda: township_admin(world, "丰泽区妇联"),
    }[who]()

    assert list(selectors.plan_list(user=user)) == [plan()]
    assert selectors.plan_get(user=user, pk=plan().pk) == plan()
    assert policies.task_scope(user).filter(plan=plan()).count() == plan().tasks.count()


def test_outside_the_participants_the_plan_stays_out_of_reach(world):
    user = world.village_user("历下区妇联")
    assert list(selectors.plan_list(user=user)) == []
    with pytest.raises(Http404):
        selectors.plan_get(user=user, pk=plan().pk)


def test_a_township_admin_declares_her_townships_feature(world):
    user = township_admin(world, "鲤城区妇联")
    township = own_unit(user)
    events = AuditEvent.objects.count()

    project = declare(user, township)

    assert (project.plan, project.level, project.declared_by, project.responsible_label) == (
        plan(),
        FeatureLevel.TOWNSHIP_FEATURE,
        township,
        township.name,
    )
    assert list(project.responsible_units.all()) == [township]
    assert AuditEvent.objects.count() == events + 1
    assert policies.feature_project_scope(user).filter(pk=project.pk).exists()
    assert policies.can_report_on_project(user, project)
    # Her county sees it; the city, owner of the plan, sees it.
    assert policies.feature_project_scope(world.user("huangyufang")).filter(pk=project.pk).exists()
    assert policies.feature_project_scope(world.user("liuweihong")).filter(pk=project.pk).exists()


def test_a_township_admin_declares_nothing_outside_her_township(world):
    user = township_admin(world, "鲤城区妇联")
    before = FeatureProject.objects.count()
    sibling_township = (
        OrgUnit.objects.filter(level=UnitLevel.TOWNSHIP, path__startswith=world.unit("鲤城区妇联").path)
        .exclude(pk=own_unit(user).pk)
        .first()
    )
    assert sibling_township is not None

    for unit, level in [
        (world.unit("鲤城区妇联"), FeatureLevel.COUNTY_BRAND),
        (sibling_township, FeatureLevel.TOWNSHIP_FEATURE),
        (world.unit("丰泽区妇联"), FeatureLevel.COUNTY_BRAND),
    ]:
        with pytest.raises(PermissionDenied):
            declare(user, unit, level)
    assert FeatureProject.objects.count() == before


def test_a_sibling_countys_township_does_not_see_what_lichen_declared(world):
    lichen_township = township_admin(world, "鲤城区妇联")
    feature = declare(lichen_township, own_unit(lichen_township))
    brand = FeatureProject.objects.get(plan=plan(), declared_by=world.unit("鲤城区妇联"))
    fengze_township = township_admin(world, "丰泽区妇联")

    visible = policies.feature_project_scope(fengze_township).filter(plan=plan())

    assert not visible.filter(pk__in=[feature.pk, brand.pk]).exists()
    assert set(visible.values_list("declared_by", flat=True)) == {None}  # the plan's own ten only
    assert visible.count() == 10
    # … and the county of 丰泽区 does not see them either.
    fengze = policies.feature_project_scope(world.user_of("王少容")).filter(plan=plan())
    assert not fengze.filter(pk__in=[feature.pk, brand.pk]).exists()
