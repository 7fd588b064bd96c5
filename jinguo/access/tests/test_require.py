"""`require` turns a policy's answer into the services' one refusal: PermissionDenied."""

import pytest
from django.core.exceptions import PermissionDenied

from jinguo.access.policies import require


def test_require_lets_an_allowed_call_through():
    require(True)  # no exception


def test_require_refuses_with_permission_denied():
    with pytest.raises(PermissionDenied):
        require(False)
