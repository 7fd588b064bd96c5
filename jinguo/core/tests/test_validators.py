import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from jinguo.core.validators import (
    id_number_check_char,
    is_valid_id_number,
    normalize_mobile,
    validate_id_number,
    validate_mobile,
)

# GB 11643 example numbers with known check characters.
VALID_IDS = ["11010519491231002X", "440524188001010014"]


@pytest.mark.parametrize("value", VALID_IDS)
def test_known_valid_id_numbers(value):
    assert is_valid_id_number(value)


def test_lowercase_x_is_accepted():
    assert is_valid_id_number("11010519491231002x")


@pytest.mark.parametrize(
    "value",
    ["110105194912310021", "11010519491231002", "1101051949123100299", "11010519491331002X", "abcdefghijklmnopqr", ""],
)
def test_invalid_id_numbers(value):
    assert not is_valid_id_number(value)
    with pytest.raises(ValidationError) as error:
        validate_id_number(value)
    assert error.value.code == "invalid_id_number"


first17 = st.from_regex(r"\A\d{6}(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d)\d{3}\Z")


@given(first17)
def test_the_computed_check_char_always_validates(body):
    assert is_valid_id_number(body + id_number_check_char(body))


@given(first17, st.sampled_from("0123456789X"))
def test_exactly_one_check_char_is_right(body, check):
    assert is_valid_id_number(body + check) == (check == id_number_check_char(body))


@pytest.mark.parametrize("value", ["13800138000", "19912345678", "+86 138 0013 8000", "138-0013-8000"])
def test_valid_mobiles(value):
    validate_mobile(value)


@pytest.mark.parametrize("value", ["12800138000", "1380013800", "138001380001", "phone", ""])
def test_invalid_mobiles(value):
    with pytest.raises(ValidationError):
        validate_mobile(value)


def test_normalize_mobile():
    assert normalize_mobile("+86 138-0013-8000") == "13800138000"
