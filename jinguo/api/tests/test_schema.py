"""The OpenAPI schema: generated without a warning, valid, and describing every route of the API."""

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

OPERATIONS = {
    ("/api/v1/auth/token/", "post"),
    ("/api/v1/units/", "get"),
    ("/api/v1/units/{id}/", "get"),
    ("/api/v1/departments/", "get"),
    ("/api/v1/departments/{id}/", "get"),
    ("/api/v1/people/", "get"),
    ("/api/v1/people/", "post"),
    ("/api/v1/people/{id}/", "get"),
    ("/api/v1/people/{id}/", "put"),
    ("/api/v1/people/{id}/", "patch"),
    ("/api/v1/groups/", "get"),
    ("/api/v1/groups/{id}/", "get"),
    ("/api/v1/liaisons/", "get"),
    ("/api/v1/liaisons/{id}/", "get"),
    ("/api/v1/plans/", "get"),
    ("/api/v1/plans/{id}/", "get"),
    ("/api/v1/tasks/", "get"),
    ("/api/v1/tasks/{id}/", "get"),
    ("/api/v1/tasks/{id}/accept/", "post"),
    ("/api/v1/updates/", "get"),
    ("/api/v1/updates/", "post"),
    ("/api/v1/updates/{id}/", "get"),
    ("/api/v1/comments/", "get"),
    ("/api/v1/comments/", "post"),
    ("/api/v1/comments/{id}/", "get"),
    ("/api/v1/comments/{id}/answer/", "post"),
    ("/api/v1/feature-projects/", "get"),
    ("/api/v1/feature-projects/{id}/", "get"),
}


@pytest.fixture
def schema(world):  # type: ignore[no-untyped-def]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=world.user('huangyufang'))[0].key}")
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def test_generation_has_no_warnings_and_validates(tmp_path):
    """What CI runs: `manage.py spectacular --validate --fail-on-warn` (it raises on any warning)."""
    path = tmp_path / "schema.yml"
    call_command("spectacular", validate=True, fail_on_warn=True, file=str(path))
    document = yaml.safe_load(path.read_text())
    assert document["openapi"].startswith("3.")
    validate_schema(document)


def test_the_served_schema_lists_every_operation(schema):
    operations = {(path, method) for path, item in schema["paths"].items() for method in item}
    assert operations == OPERATIONS


def test_every_operation_but_the_token_needs_a_token_or_session(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            expected: list[dict[str, list[str]]] = (
                [{}] if path == "/api/v1/auth/token/" else [{"tokenAuth": []}, {"cookieAuth": []}]
            )
            assert operation["security"] == expected, (path, method)
            assert operation["tags"] and operation["description"], (path, method)


def test_record_filters_are_integer_ids(schema):
    def parameter(path: str, name: str) -> dict:  # type: ignore[type-arg]
        return next(p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name)

    for path, name in [
        ("/api/v1/units/", "parent"),
        ("/api/v1/units/", "within"),
        ("/api/v1/people/", "unit"),
        ("/api/v1/people/", "within"),
        ("/api/v1/people/", "department"),
        ("/api/v1/liaisons/", "leader"),
        ("/api/v1/tasks/", "plan"),
        ("/api/v1/tasks/", "parent"),
        ("/api/v1/updates/", "task"),
        ("/api/v1/updates/", "feature_project"),
        ("/api/v1/comments/", "task"),
        ("/api/v1/feature-projects/", "plan"),
        ("/api/v1/feature-projects/", "declared_by"),
    ]:
        assert parameter(path, name)["schema"]["type"] == "integer", (path, name)


def test_person_input_documents_the_formats_it_checks(schema):
    fields = schema["components"]["schemas"]["PersonInputRequest"]["properties"]
    assert fields["mobile"]["oneOf"][0]["pattern"] == r"^1[3-9][0-9]{9}$"
    assert fields["id_number"]["oneOf"][0]["pattern"] == r"^[0-9]{17}[0-9Xx]$"
    assert fields["id_number"]["writeOnly"] is True
    assert "id_number" not in schema["components"]["schemas"]["PersonOutput"]["properties"]


def test_the_token_exchange_is_described(schema):
    operation = schema["paths"]["/api/v1/auth/token/"]["post"]
    request = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    response = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert request == "#/components/schemas/TokenRequestRequest"
    assert set(schema["components"]["schemas"]["TokenRequestRequest"]["required"]) == {"username", "password"}
    assert response == "#/components/schemas/TokenOutput"


def test_schema_and_docs_are_public_but_the_data_is_not(client):
    """Clients read the schema before they have a token; it describes the API, never records."""
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200
    assert client.get("/api/v1/units/").status_code == 401
