"""Celery application. Production runs workers and beat on Redis; local and test run tasks eagerly."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("jinguo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
