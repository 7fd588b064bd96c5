"""From the plan's page to its other pages: the supervision rounds (reviews, meetings, notices) and
declaring a feature project. Each link shows exactly to those who can use the page it leads to."""

import lxml.html
import pytest
from django.urls import reverse

from jinguo.accounts.models import User
from jinguo.org.models import OrgUnit, UnitLevel
from jinguo.plans.models import FeatureLevel, FeatureProject, Plan

pytestmark = pytest.mark.django_db


def plan() -> Plan:
    return Plan.objects.get(doc_number="泉妇〔2012〕39号")


def township_admin(world) -> User:  # type: ignore[no-untyped-def]
    user = (
        User.objects.filter(
            grants__role="unit_admin",
            grants__unit__level=UnitLevel.TOWNSHIP,
            grants__unit__path__startswith=world.unit("鲤城区妇联").path,
        )
        .order_by("grants__unit__path")
        .first()
    )
    assert user is not None
    return user


USERS = {
    "city leader": lambda w: w.user("liangyuhua"),  # owns the plan's rounds; administers nothing
    "city unit admin": lambda w: w.user("liuweihong"),
    "city department staff": lambda w: w.user("linhui"),
    "county admin": lambda w: w.user("huangyufang"),
    "township admin": township_admin,
    "village reporter": lambda w: w.village_user("鲤城区妇联"),
}
# (the rounds' tabs, the declaration link)
EXPECTED = {
    "city leader": (True, False),
    "city unit admin": (True, True),
    "city department staff": (True, False),
    "county admin": (True, True),
    "township admin": (False, True),
    "village reporter": (False, False),
}


def links(response, testid: str) -> list[str]:  # type: ignore[no-untyped-def]
    return lxml.html.fromstring(response.content.decode()).xpath(f"//*[@data-testid='{testid}']/@href")


@pytest.mark.parametrize("who", list(USERS))
def test_the_plan_page_links_the_rounds_and_the_declaration_to_who_can_use_them(client, world, who):
    client.force_login(USERS[who](world))
    pk = plan().pk
    rounds, declare = EXPECTED[who]

    response = client.get(reverse("plans:plan_detail", args=[pk]))

    assert response.status_code == 200
    rounds_urls = [reverse(name, args=[pk]) for name in ("plans:reviews", "plans:meetings", "plans:notices")]
    assert links(response, "rounds-link") == (rounds_urls if rounds else [])
    assert links(response, "declare-link") == ([reverse("plans:project_declare", args=[pk])] if declare else [])
    dashboard = client.get(reverse("plans:dashboard", args=[pk]))
    assert links(dashboard, "rounds-link") == (rounds_urls if rounds else [])
    # The declaration page opens exactly for those offered the link.
    assert client.get(reverse("plans:project_declare", args=[pk])).status_code == (200 if declare else 403)
    if not rounds:  # the pages open, with nothing of any county in them
        assert client.get(rounds_urls[0]).context["rows"] == []
        assert list(client.get(rounds_urls[1]).context["meetings"]) == []


def test_a_township_admin_declares_her_townships_feature_from_the_plan_page(client, world):
    user = township_admin(world)
    township = user.grants.get().unit
    client.force_login(user)
    url = reverse("plans:project_declare", args=[plan().pk])

    form = client.get(url).context["form"]
    offered = list(form.fields["unit"].queryset)
    assert offered[0] == township
    assert {unit.pk for unit in offered[1:]} == set(OrgUnit.objects.get_children(township).values_list("pk", flat=True))
    assert [value for value, _label in form.fields["level"].choices] == [
        FeatureLevel.TOWNSHIP_FEATURE,
        FeatureLevel.VILLAGE_MODEL,
    ]

    data = {
        "unit": township.pk,
        "level": FeatureLevel.TOWNSHIP_FEATURE,
        "name": "巾帼家美积分超市",
        "targets": "全镇覆盖",
    }
    response = client.post(url, data)

    project = FeatureProject.objects.get(plan=plan(), declared_by=township)
    assert response.status_code == 302 and response.url == reverse("plans:project_detail", args=[project.pk])
    page = client.get(reverse("plans:plan_detail", args=[plan().pk]))
    assert [item.project for item in page.context["declared_projects"]] == [project]
