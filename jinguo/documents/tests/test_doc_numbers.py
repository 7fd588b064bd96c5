"""The registry: numbers per prefix and year in sequence, never twice, also under concurrent requests."""

import os
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext

from jinguo.audit.models import AuditEvent
from jinguo.documents.models import DocNumber, DocNumberSeries
from jinguo.documents.services import doc_number_allocate, doc_number_reserve

pytestmark = pytest.mark.django_db


def numbers(prefix: str, year: int) -> list[int]:
    return list(DocNumber.objects.filter(prefix=prefix, year=year).values_list("number", flat=True))


def test_numbers_are_given_in_sequence_per_prefix_and_year():
    given = [doc_number_allocate(prefix="泉妇", year=2012).text for _ in range(3)]
    other_year = doc_number_allocate(prefix="泉妇", year=2013)
    other_prefix = doc_number_allocate(prefix="泉妇办", year=2012)

    assert given == ["泉妇〔2012〕1号", "泉妇〔2012〕2号", "泉妇〔2012〕3号"]
    assert (other_year.text, other_prefix.text) == ("泉妇〔2013〕1号", "泉妇办〔2012〕1号")
    assert DocNumberSeries.objects.get(prefix="泉妇", year=2012).last_number == 3


def test_allocation_is_audited(world):
    user = world.user("huangyufang")
    before = AuditEvent.objects.count()

    doc_number = doc_number_allocate(prefix="泉妇", year=2012, actor=user, title="关于……的通报")

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert (event.actor, event.action, event.object_id) == (user, "create", str(doc_number.pk))
    assert event.changes["number"] == [None, 1]


def test_a_historical_number_is_reserved_and_allocation_continues_above_it():
    reserved = doc_number_reserve(prefix="泉妇", year=2012, number=39, title="泉州市妇联关于印发……的通知")
    following = doc_number_allocate(prefix="泉妇", year=2012)
    earlier = doc_number_reserve(prefix="泉妇", year=2012, number=12)

    assert (reserved.text, reserved.is_reserved) == ("泉妇〔2012〕39号", True)
    assert (following.text, following.is_reserved) == ("泉妇〔2012〕40号", False)
    assert earlier.text == "泉妇〔2012〕12号"
    assert doc_number_allocate(prefix="泉妇", year=2012).number == 41


def test_a_number_is_never_given_twice():
    doc_number_reserve(prefix="泉妇", year=2012, number=39)
    allocated = doc_number_allocate(prefix="泉妇", year=2012)

    for number in (39, allocated.number):
        with pytest.raises(ValidationError) as refused:
            doc_number_reserve(prefix="泉妇", year=2012, number=number)
        taken = gettext("%(number)s has already been given out.") % {"number": f"泉妇〔2012〕{number}号"}
        assert refused.value.message_dict == {"number": [taken]}
        assert refused.value.error_dict["number"][0].code == "taken"
    assert numbers("泉妇", 2012) == [39, 40]


def test_the_database_refuses_a_duplicate_written_past_the_service():
    DocNumber.objects.create(prefix="泉妇", year=2012, number=39)
    with pytest.raises(IntegrityError), transaction.atomic():
        DocNumber.objects.create(prefix="泉妇", year=2012, number=39)


@pytest.mark.parametrize(
    ("prefix", "year", "number", "field"),
    [("", 2012, 1, "prefix"), ("泉 妇", 2012, 1, "prefix"), ("泉妇〔", 2012, 1, "prefix"), ("泉妇", 12, 1, "year")],
)
def test_malformed_requests_are_refused_and_change_nothing(prefix, year, number, field):
    with pytest.raises(ValidationError) as refused:
        doc_number_reserve(prefix=prefix, year=year, number=number)
    assert list(refused.value.message_dict) == [field]
    with pytest.raises(ValidationError):
        doc_number_allocate(prefix=prefix, year=year)
    assert not DocNumber.objects.exists() and not DocNumberSeries.objects.exists()


def test_number_zero_is_refused():
    with pytest.raises(ValidationError) as refused:
        doc_number_reserve(prefix="泉妇", year=2012, number=0)
    assert list(refused.value.message_dict) == ["number"]


def _on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


# Transactional: each thread commits through its own connection. Marked `live` so that it runs after
# the tests that share the session world, which its flush removes.
@pytest.mark.live
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not _on_postgresql(), reason="row locks need PostgreSQL (DATABASE_URL)")
def test_concurrent_requests_get_distinct_numbers_in_sequence():
    assert connection.vendor == "postgresql"
    workers, rounds = 8, 5
    start = threading.Barrier(workers)
    given: list[int] = []
    errors: list[BaseException] = []

    def allocate() -> None:
        try:
            start.wait()
            for _ in range(rounds):
                given.append(doc_number_allocate(prefix="并发", year=2030).number)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(given) == list(range(1, workers * rounds + 1))
    assert sorted(numbers("并发", 2030)) == list(range(1, workers * rounds + 1))
    assert DocNumberSeries.objects.get(prefix="并发", year=2030).last_number == workers * rounds
