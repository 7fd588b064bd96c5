"""Embedded default for `make run`: SQLite under var/, in-process background work."""

import os

import dj_database_url

from config.settings.base import *  # noqa: F403
from config.settings.base import VAR_DIR

DEBUG = os.environ.get("JINGUO_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("JINGUO_SECRET_KEY", "local-only-insecure-key-change-me-0123456789abcdef")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
DATABASES = {"default": dj_database_url.config(default=f"sqlite:///{VAR_DIR / 'jinguo.sqlite3'}", conn_max_age=0)}
# In-process jobs: tasks run inline, after commit, in the web process.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Mail is printed, not sent; the reminder scheduler runs beside runserver (`make run`).
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
JINGUO_NOTIFICATION_CHANNELS = [
    name.strip() for name in os.environ.get("JINGUO_NOTIFICATION_CHANNELS", "inapp,email").split(",") if name.strip()
]
JINGUO_FIELD_KEY = os.environ.get("JINGUO_FIELD_KEY", "local-only-field-key")
JINGUO_DEMO_ALLOWED = True
# WhiteNoise serves from STATIC_ROOT; in the embedded default it also finds app static files directly.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
VAR_DIR.joinpath("static").mkdir(parents=True, exist_ok=True)
