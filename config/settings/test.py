"""Test settings: SQLite in memory by default, PostgreSQL when DATABASE_URL is set (CI runs both)."""

import os

import dj_database_url

from config.settings.local import *  # noqa: F403

DEBUG = False
DATABASES = {
    "default": dj_database_url.config(default="sqlite://:memory:", conn_max_age=0),
}
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("JINGUO_TEST_DB_NAME") or None}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
JINGUO_FIELD_KEY = "test-field-key"
LANGUAGE_CODE = "zh-hans"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Only the inbox: tests that exercise a channel enable it themselves. Nothing leaves the machine.
JINGUO_NOTIFICATION_CHANNELS = ["inapp"]
JINGUO_WECOM_WEBHOOK_URL = ""
