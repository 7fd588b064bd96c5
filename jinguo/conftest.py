"""The named test world: Quanzhou from seed 000 (small generated levels), loaded once per session.

Tests run inside transactions on top of it. Live-server tests flush the database, so they
load their own world and run last (see pytest_collection_modifyitems).
"""

import os

import pytest

from jinguo.accounts.models import User
from jinguo.org.models import OrgUnit, Person

DEMO_PASSWORD = "jinguo-demo-pass1"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


def load_test_world() -> None:
    from jinguo.accounts.demo import load_demo_accounts
    from jinguo.org.demo.loader import Shape, load_org_world
    from jinguo.plans.demo.branch import load_branch_demo
    from jinguo.plans.demo.loader import load_plan_world
    from jinguo.reporting.demo.loader import load_reporting_demo

    world = load_org_world(Shape(townships=(2, 2), villages=(2, 2)))
    load_demo_accounts(world, password=DEMO_PASSWORD)
    load_plan_world()
    load_branch_demo()
    load_reporting_demo()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        load_test_world()


def pytest_collection_modifyitems(items):  # type: ignore[no-untyped-def]
    """Transactional (live-server) tests flush the session world: run them after all others."""
    items.sort(key=lambda item: item.get_closest_marker("live") is not None)


class World:
    """Look-ups into the named world by the names the documents use."""

    def unit(self, name: str) -> OrgUnit:
        return OrgUnit.objects.get(name=name)

    def person(self, name: str) -> Person:
        return Person.objects.get(name=name, is_generated=False)

    def user(self, username: str) -> User:
        return User.objects.get(username=username)

    def user_of(self, person_name: str) -> User:
        return User.objects.get(person__name=person_name, person__is_generated=False)

    def village_user(self, county_name: str) -> User:
        """The chair of the first generated village under a county."""
        county = self.unit(county_name)
        user = (
            User.objects.filter(
                person__unit__path__startswith=county.path, person__unit__level=5, person__positions__kind="chair"
            )
            .order_by("person__unit__path")
            .first()
        )
        assert user is not None
        return user


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    return World()


@pytest.fixture
def live_world(transactional_db) -> World:  # type: ignore[no-untyped-def]
    load_test_world()
    return World()
