import pytest
from django.db import connection

from jinguo.core.fields import blind_index, mask_identity
from jinguo.org.models import OrgUnit, Person

pytestmark = pytest.mark.django_db


def test_id_numbers_are_encrypted_at_rest(world):
    person = Person.objects.create(unit=OrgUnit.objects.first(), name="测试", id_number="11010519491231002X")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, id_number_index FROM org_person WHERE id = %s", [person.pk])
        stored, index = cursor.fetchone()
    assert "11010519491231002X" not in stored
    assert index == blind_index("11010519491231002X")
    assert Person.objects.get(pk=person.pk).id_number == "11010519491231002X"


def test_mask_identity():
    assert mask_identity("11010519491231002X") == "1101**********002X"
    assert mask_identity("1234") == "****"
