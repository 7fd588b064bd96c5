"""The viewer's own notifications."""

from django.urls import URLPattern, path

from jinguo.web.views import notifications as views

urlpatterns: list[URLPattern] = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/", views.notification_open, name="open"),
    path("read-all/", views.notification_read_all, name="read_all"),
]
