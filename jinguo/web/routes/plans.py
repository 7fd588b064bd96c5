"""The plan pages: list, plan, dashboard, export, and the viewer's own lists."""

from django.urls import URLPattern, path

from jinguo.web.views import plans

urlpatterns: list[URLPattern] = [
    path("", plans.plan_list, name="plan_list"),
    path("<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("<int:pk>/dashboard/", plans.dashboard, name="dashboard"),
    path("<int:pk>/export/", plans.export, name="export"),
    path("my-tasks/", plans.my_tasks, name="my_tasks"),
    path("supervised/", plans.supervised, name="supervised"),
    path("liaison/", plans.liaison, name="liaison"),
]
