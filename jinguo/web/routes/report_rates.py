"""Completeness of periodic reporting: rates, the unit × period matrix and the overdue list.

Mounted in the "reports" namespace next to the reporter's and reviewer's pages (see web/urls.py)."""

from django.urls import URLPattern, path

from jinguo.web.views import report_rates as views

urlpatterns: list[URLPattern] = [
    path("rates/", views.rates_list, name="rates"),
    path("rates/<int:pk>/", views.rates_detail, name="rates_detail"),
    path("rates/<int:pk>/matrix/", views.rates_matrix, name="rates_matrix"),
    path("rates/<int:pk>/overdue/", views.rates_overdue, name="rates_overdue"),
]
