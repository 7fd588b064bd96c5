"""JSON endpoints. Every queryset starts from the org policies' scope; services do the writes."""

from typing import Any

from django.db import models
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from jinguo.api import serializers as s
from jinguo.org import policies, services
from jinguo.org.models import OrgUnit, Person


class TokenObtainView(APIView):
    """Exchange a username (or mobile) and password for an API token."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(request=AuthTokenSerializer, responses={200: {"type": "object", "properties": {"token": {"type": "string"}}}})
    def post(self, request: Request) -> Response:
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token, _ = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})


class ScopedViewSetMixin:
    """The queryset is always the policy's scope for the requesting user."""

    policy: Any
    request: Request

    def get_queryset(self) -> models.QuerySet:
        return self.policy.scope(self.request.user)


class UnitFilter(filters.FilterSet):
    parent = filters.NumberFilter(method="filter_parent", label="parent unit id")
    within = filters.NumberFilter(method="filter_within", label="unit id whose subtree to list")

    class Meta:
        model = OrgUnit
        fields = ["kind", "level", "is_active", "division_code"]

    def _unit(self, value: Any) -> OrgUnit | None:
        return policies.units.scope(self.request.user).filter(pk=value).first()

    def filter_parent(self, queryset: models.QuerySet, name: str, value: Any) -> models.QuerySet:
        unit = self._unit(value)
        return queryset.filter(path__startswith=unit.path, depth=unit.depth + 1) if unit else queryset.none()

    def filter_within(self, queryset: models.QuerySet, name: str, value: Any) -> models.QuerySet:
        unit = self._unit(value)
        return queryset.filter(path__startswith=unit.path) if unit else queryset.none()


class UnitViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    policy = policies.units
    serializer_class = s.UnitOutputSerializer
    filterset_class = UnitFilter
    search_fields = ["^name", "^name_initials", "^division_code"]
    ordering_fields = ["path", "name", "sort_order"]
    ordering = ["path"]

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "parent_ids": getattr(self, "_parent_ids", {})}

    def paginate_queryset(self, queryset: models.QuerySet) -> list[OrgUnit] | None:
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
        return dict(OrgUnit.objects.filter(path__in=parent_paths).values_list("path", "pk"))


class DepartmentViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    policy = policies.departments
    serializer_class = s.DepartmentOutputSerializer
    filterset_fields = ["unit"]
    search_fields = ["name", "short_name"]
    ordering_fields = ["sort_order", "name"]
    ordering = ["unit", "sort_order", "id"]


class PersonFilter(filters.FilterSet):
    within = filters.NumberFilter(method="filter_within", label="unit id whose subtree to list")

    class Meta:
        model = Person
        fields = ["unit", "department", "gender"]

    def filter_within(self, queryset: models.QuerySet, name: str, value: Any) -> models.QuerySet:
        unit = policies.units.scope(self.request.user).filter(pk=value).first()
        return queryset.filter(unit__path__startswith=unit.path) if unit else queryset.none()


class PersonViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    policy = policies.people
    filterset_class = PersonFilter
    search_fields = ["name", "^name_initials", "^name_pinyin"]
    ordering_fields = ["name", "sort_order"]
    ordering = ["unit__path", "sort_order", "id"]

    def get_serializer_class(self) -> type:
        return s.PersonInputSerializer if self.action in ("create", "update", "partial_update") else s.PersonOutputSerializer

    @extend_schema(request=s.PersonInputSerializer, responses={201: s.PersonOutputSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = s.PersonInputSerializer(data=request.data)
        serializer.fields["unit"].queryset = policies.units.scope(request.user)
        serializer.is_valid(raise_exception=True)
        person = services.person_create(actor=request.user, data=serializer.validated_data)
        return Response(s.PersonOutputSerializer(person).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PersonInputSerializer, responses={200: s.PersonOutputSerializer})
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = self.get_object()
        serializer = s.PersonInputSerializer(person, data=request.data, partial=kwargs.get("partial", False))
        serializer.fields["unit"].queryset = policies.units.scope(request.user)
        serializer.is_valid(raise_exception=True)
        person = services.person_update(actor=request.user, person=person, data=serializer.validated_data)
        return Response(s.PersonOutputSerializer(person).data)


class GroupViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    policy = policies.groups
    serializer_class = s.GroupOutputSerializer
    filterset_fields = ["unit", "kind"]
    search_fields = ["name"]
    ordering = ["unit", "id"]

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().prefetch_related("members__person")


class LiaisonViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    policy = policies.liaisons
    serializer_class = s.LiaisonOutputSerializer
    filterset_fields = ["leader", "unit"]
    search_fields = ["leader__name", "unit__name"]
    ordering = ["sort_order", "id"]
