"""Settings come from the environment; production refuses to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_settings(code, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    environment.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; from django.conf import settings; django.setup(); {code}",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_database_url_selects_postgresql():
    result = run_settings(
        "d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['HOST'], d['PORT'])",
        DJANGO_SETTINGS_MODULE="portal.settings",
        DATABASE_URL="postgres://portal:geheim@db.example:5433/raamwerk",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "raamwerk",
        "db.example",
        "5433",
    ]


def test_default_database_is_sqlite_in_the_project_with_wal():
    result = run_settings(
        "d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['OPTIONS']['init_command'])",
        DJANGO_SETTINGS_MODULE="portal.settings",
    )
    assert result.returncode == 0, result.stderr
    assert "sqlite3" in result.stdout and str(ROOT / "db.sqlite3") in result.stdout
    assert "journal_mode=WAL" in result.stdout


def test_redis_url_selects_the_redis_cache():
    result = run_settings(
        "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION'])",
        DJANGO_SETTINGS_MODULE="portal.settings",
        REDIS_URL="redis://cache.example:6379/2",
    )
    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://cache.example:6379/2",
    ]


def test_dutch_language_and_amsterdam_time():
    result = run_settings(
        "print(settings.LANGUAGE_CODE, settings.TIME_ZONE)",
        DJANGO_SETTINGS_MODULE="portal.settings",
    )
    assert result.stdout.split() == ["nl", "Europe/Amsterdam"]


def test_production_refuses_a_missing_secret_key():
    result = run_settings(
        "print('started')",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        DJANGO_ALLOWED_HOSTS="portal.example.nl",
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert "started" not in result.stdout


def test_production_refuses_missing_allowed_hosts():
    result = run_settings(
        "print('started')",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        DJANGO_SECRET_KEY="x" * 50,
    )
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_starts_when_configured_and_debug_is_off():
    result = run_settings(
        "print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="portal.example.nl",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


def test_production_takes_its_public_address_from_the_environment_never_the_dev_default():
    base = {
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DJANGO_SECRET_KEY": "x" * 50,
        "WAGTAILADMIN_BASE_URL": "",
    }
    code = "print(settings.WAGTAILADMIN_BASE_URL)"
    derived = run_settings(code, **base, DJANGO_ALLOWED_HOSTS=".example.nl,portal.example.nl")
    assert derived.stdout.split() == ["https://portal.example.nl"], derived.stderr
    given = {**base, "WAGTAILADMIN_BASE_URL": "https://beroepsprofiel.example.nl"}
    configured = run_settings(code, **given, DJANGO_ALLOWED_HOSTS="portal.example.nl")
    assert configured.stdout.split() == ["https://beroepsprofiel.example.nl"]
    refused = run_settings(code, **base, DJANGO_ALLOWED_HOSTS="*")
    assert refused.returncode != 0 and "WAGTAILADMIN_BASE_URL" in refused.stderr
