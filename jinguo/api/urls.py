from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from jinguo.api import plan_views, views

router = DefaultRouter()
router.register("units", views.UnitViewSet, basename="unit")
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("people", views.PersonViewSet, basename="person")
router.register("groups", views.GroupViewSet, basename="group")
router.register("liaisons", views.LiaisonViewSet, basename="liaison")
router.register("plans", plan_views.PlanViewSet, basename="plan")
router.register("tasks", plan_views.TaskViewSet, basename="task")
router.register("updates", plan_views.UpdateViewSet, basename="update")
router.register("comments", plan_views.CommentViewSet, basename="comment")
router.register("feature-projects", plan_views.FeatureProjectViewSet, basename="feature-project")

urlpatterns = [
    path("v1/auth/token/", views.TokenObtainView.as_view(), name="api-token"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
