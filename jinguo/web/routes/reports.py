"""Periodic reporting: the inbox, a submission's page and what is done on it, and its photos."""

from django.urls import URLPattern, path

from jinguo.web.views import reports as views

urlpatterns: list[URLPattern] = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.submission_detail, name="submission"),
    path("<int:pk>/draft/", views.draft, name="draft"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/comment/", views.remark, name="comment"),
    path("<int:pk>/highlight/", views.highlight, name="highlight"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("photos/<int:pk>/remove/", views.photo_remove, name="photo_remove"),
]
