"""Production: PostgreSQL via DATABASE_URL, Redis for Celery and cache, secrets from the environment."""

import os
from pathlib import Path

import dj_database_url

from config.settings.base import *  # noqa: F403


def _require(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"environment variable {name} is required in production")
    return value


DEBUG = False
SECRET_KEY = _require("JINGUO_SECRET_KEY")
JINGUO_FIELD_KEY = _require("JINGUO_FIELD_KEY")
ALLOWED_HOSTS = [h for h in os.environ.get("JINGUO_ALLOWED_HOSTS", "").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("JINGUO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
DATABASES = {"default": dj_database_url.parse(_require("DATABASE_URL"), conn_max_age=60)}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),
    }
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("JINGUO_MEDIA_ROOT", str(MEDIA_ROOT)))  # noqa: F405
STATIC_ROOT = Path(os.environ.get("JINGUO_STATIC_ROOT", str(STATIC_ROOT)))  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("JINGUO_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
JINGUO_DEMO_ALLOWED = False

LOGGING["root"]["level"] = "INFO"  # noqa: F405
