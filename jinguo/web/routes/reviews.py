"""The plan's supervision rounds: quarterly reviews, observation meetings, commendations and criticisms."""

from django.urls import URLPattern, path

from jinguo.web.views import plan_reviews as views

urlpatterns: list[URLPattern] = [
    path("<int:pk>/reviews/", views.review_list, name="reviews"),
    path(
        "<int:pk>/reviews/<int:unit_pk>/<int:year>/<int:quarter>/",
        views.review_edit,
        name="review_edit",
    ),
    path("<int:pk>/meetings/", views.meeting_list, name="meetings"),
    path("<int:pk>/meetings/rotation/", views.meeting_rotation, name="meeting_rotation"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/photos/<int:pk>/", views.meeting_photo, name="meeting_photo"),
    path("<int:pk>/notices/", views.notice_list, name="notices"),
    path("<int:pk>/notices/new/", views.notice_create, name="notice_create"),
]
