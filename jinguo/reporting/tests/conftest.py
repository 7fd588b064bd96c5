import pytest

from jinguo.reporting.models import ReportDefinition
from jinguo.reporting.tests.factories import monthly_report


@pytest.fixture
def monthly(world) -> ReportDefinition:  # type: ignore[no-untyped-def]
    """Seed 000's monthly report (see factories.monthly_report)."""
    return monthly_report(world)
