"""Production settings pass Django's deploy check with no warning."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_production_settings_pass_check_deploy():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},  # set for Playwright
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "JINGUO_SECRET_KEY": "a-long-random-production-secret-key-for-the-deploy-check-0123456789",
        "JINGUO_FIELD_KEY": "field-key",
        "DATABASE_URL": "sqlite:///:memory:",
        "JINGUO_ALLOWED_HOSTS": "jinguo.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_require_secrets():
    env = {k: v for k, v in os.environ.items() if not k.startswith("JINGUO_")}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", "DATABASE_URL": "sqlite:///:memory:"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "JINGUO_SECRET_KEY" in result.stderr
