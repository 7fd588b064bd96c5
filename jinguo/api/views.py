"""JSON endpoints. Every queryset starts from the org policies' scope; services do the writes.

Filters that name a record (`?unit=`, `?parent=` …) accept only records the caller may see: any
other id is the same 400 as one that does not exist, so the API is no oracle for the rest of the tree.
"""

from collections.abc import Callable
from typing import Any

from django.db import models
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from jinguo.access.policies import TreeScopedPolicy
from jinguo.api import serializers as s
from jinguo.org import policies, services
from jinguo.org.models import Department, GroupMember, LeadingGroup, Liaison, OrgUnit, Person


class TokenObtainView(APIView):
    """Exchange a username (or mobile number) and password for an API token.

    Send it as `Authorization: Token <token>`. Failed attempts count towards the login lockout.
    """

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(tags=["auth"], request=s.TokenRequestSerializer, responses={200: s.TokenOutputSerializer})
    def post(self, request: Request) -> Response:
        serializer = s.TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token, _ = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response(s.TokenOutputSerializer({"token": token.key}).data)


def in_scope(policy: TreeScopedPolicy) -> Callable[[Request | None], models.QuerySet]:  # type: ignore[type-arg]
    """A filter's choices: what the requesting user may see (nothing without a request)."""

    def queryset(request: Request | None) -> models.QuerySet:
        if request is None:
            return policy.model._default_manager.none()
        return policy.scope(request.user)

    return queryset


@extend_schema_field(OpenApiTypes.INT)
class RecordFilter(filters.ModelChoiceFilter):
    """A filter naming a record by id; its choices come from `in_scope` (or a like function)."""


def _liaison_leaders(request: Request | None) -> models.QuerySet[Person]:
    """Leaders are often above the caller's reach; the ones of liaisons the caller sees may be named."""
    if request is None:
        return Person.objects.none()
    return Person.objects.filter(pk__in=policies.liaisons.scope(request.user).values("leader"))


class ScopedViewSet(viewsets.GenericViewSet):
    """The queryset is always the policy's scope for the requesting user."""

    # Token first: an unauthenticated call gets 401 with `WWW-Authenticate: Token`, not a bare 403.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    policy: TreeScopedPolicy

    def get_queryset(self) -> models.QuerySet:
        return self.policy.scope(self.request.user)


class UnitFilter(filters.FilterSet):
    parent = RecordFilter(
        queryset=in_scope(policies.units),
        method="filter_parent",
        label="id of the unit whose direct subordinates to list",
    )
    within = RecordFilter(
        queryset=in_scope(policies.units), method="filter_within", label="id of the unit whose whole subtree to list"
    )

    class Meta:
        model = OrgUnit
        fields = ["kind", "level", "is_active", "division_code"]

    def filter_parent(self, queryset: models.QuerySet, name: str, unit: OrgUnit) -> models.QuerySet:
        return queryset.filter(path__startswith=unit.path, depth=unit.depth + 1)

    def filter_within(self, queryset: models.QuerySet, name: str, unit: OrgUnit) -> models.QuerySet:
        return queryset.filter(path__startswith=unit.path)


@extend_schema(tags=["units"])
class UnitViewSet(mixins.RetrieveModelMixin, mixins.ListModelMixin, ScopedViewSet):
    """Units of the federation tree within the caller's reach.

    `search` matches the start of the name, of its pinyin initials (鲤城区妇联 → lcqfl) or of the
    division code.
    """

    policy = policies.units
    serializer_class = s.UnitOutputSerializer
    filterset_class = UnitFilter
    search_fields = ["^name", "^name_initials", "^division_code"]
    ordering_fields = ["path", "name", "sort_order"]
    ordering = ["path"]

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "parent_ids": getattr(self, "_parent_ids", {})}

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        self._parent_ids = self._parent_ids_for(page or [])
        return page

    def get_object(self) -> OrgUnit:
        unit = super().get_object()
        self._parent_ids = self._parent_ids_for([unit])
        return unit

    @staticmethod
    def _parent_ids_for(units: list[OrgUnit]) -> dict[str, int]:
        parent_paths = {unit.path[: -unit.steplen] for unit in units if unit.depth > 1}
        if not parent_paths:
            return {}
        return dict(OrgUnit.objects.filter(path__in=parent_paths).values_list("path", "pk"))


class DepartmentFilter(filters.FilterSet):
    unit = RecordFilter(queryset=in_scope(policies.units))

    class Meta:
        model = Department
        fields = ["unit"]


@extend_schema(tags=["departments"])
class DepartmentViewSet(mixins.RetrieveModelMixin, mixins.ListModelMixin, ScopedViewSet):
    """Departments (办公室, 宣传部 …) of the units within the caller's reach."""

    policy = policies.departments
    serializer_class = s.DepartmentOutputSerializer
    filterset_class = DepartmentFilter
    search_fields = ["name", "short_name"]
    ordering_fields = ["sort_order", "name"]
    ordering = ["unit", "sort_order", "id"]


class PersonFilter(filters.FilterSet):
    unit = RecordFilter(queryset=in_scope(policies.units))
    department = RecordFilter(queryset=in_scope(policies.departments))
    within = RecordFilter(
        queryset=in_scope(policies.units), method="filter_within", label="id of the unit whose whole subtree to list"
    )

    class Meta:
        model = Person
        fields = ["unit", "department", "gender"]

    def filter_within(self, queryset: models.QuerySet, name: str, unit: OrgUnit) -> models.QuerySet:
        return queryset.filter(unit__path__startswith=unit.path)


@extend_schema(tags=["people"])
class PersonViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    ScopedViewSet,
):
    """The directory within the caller's reach.

    `search` matches part of the Chinese name, or the start of its pinyin (huangyufang) or
    initials (hyf). Creating and changing people needs the unit administrator role on the unit.
    """

    policy = policies.people
    filterset_class = PersonFilter
    search_fields = ["name", "^name_initials", "^name_pinyin"]
    ordering_fields = ["name", "sort_order"]
    ordering = ["unit__path", "sort_order", "id"]

    def get_serializer_class(self) -> type:
        if self.action in ("create", "update", "partial_update"):
            return s.PersonInputSerializer
        return s.PersonOutputSerializer

    @extend_schema(request=s.PersonInputSerializer, responses={201: s.PersonOutputSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = s.PersonInputSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        person = services.person_create(actor=request.user, data=serializer.validated_data)
        return Response(s.PersonOutputSerializer(person).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PersonInputSerializer, responses={200: s.PersonOutputSerializer})
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = self.get_object()
        serializer = s.PersonInputSerializer(
            person, data=request.data, partial=kwargs.get("partial", False), context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        person = services.person_update(actor=request.user, person=person, data=serializer.validated_data)
        return Response(s.PersonOutputSerializer(person).data)


class GroupFilter(filters.FilterSet):
    unit = RecordFilter(queryset=in_scope(policies.units))

    class Meta:
        model = LeadingGroup
        fields = ["unit", "kind"]


@extend_schema(tags=["groups"])
class GroupViewSet(mixins.RetrieveModelMixin, mixins.ListModelMixin, ScopedViewSet):
    """Leading groups and party groups of the units within the caller's reach, with their members."""

    policy = policies.groups
    serializer_class = s.GroupOutputSerializer
    filterset_class = GroupFilter
    search_fields = ["name"]
    ordering_fields = ["name", "id"]
    ordering = ["unit", "id"]

    def get_queryset(self) -> models.QuerySet:
        members = GroupMember.objects.select_related("person").order_by("sort_order", "id")
        return super().get_queryset().prefetch_related(models.Prefetch("members", queryset=members))


class LiaisonFilter(filters.FilterSet):
    leader = RecordFilter(queryset=_liaison_leaders)
    unit = RecordFilter(queryset=in_scope(policies.units))

    class Meta:
        model = Liaison
        fields = ["leader", "unit"]


@extend_schema(tags=["liaisons"])
class LiaisonViewSet(mixins.RetrieveModelMixin, mixins.ListModelMixin, ScopedViewSet):
    """Leaders assigned to follow units (挂钩联系), for the units within the caller's reach."""

    policy = policies.liaisons
    serializer_class = s.LiaisonOutputSerializer
    filterset_class = LiaisonFilter
    search_fields = ["leader__name", "unit__name"]
    ordering_fields = ["sort_order", "id"]
    ordering = ["sort_order", "id"]
