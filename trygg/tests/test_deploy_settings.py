import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="a-real-production-secret-" + "k8Jd2Lq9Zx7Vb3Nm5Pw1Rt6Yh4Gf0Sa",
        ALLOWED_HOSTS="trygg.tjorn.se",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_secret_key():
    result = run_manage("check", DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_enforces_two_factor_and_secure_cookies():
    code = (
        "from django.conf import settings as s;"
        "print(s.TWO_FACTOR_REQUIRED, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
        " s.DATABASES['default']['CONN_MAX_AGE'] > 0, s.DATABASES['default']['CONN_HEALTH_CHECKS'])"
    )
    result = run_manage("shell", "-c", code, DEBUG="0", SECRET_KEY="x" * 60)
    assert result.stdout.split()[-6:] == ["True", "True", "True", "31536000", "True", "True"]


def test_production_cookies_are_secure_and_http_only_and_logs_are_json():
    code = (
        "from django.conf import settings as s;"
        "print([(n, getattr(s, n + '_SECURE'), getattr(s, n + '_HTTPONLY'))"
        " for n in ('SESSION_COOKIE', 'CSRF_COOKIE', 'LANGUAGE_COOKIE')], s.LOG_FORMAT)"
    )
    result = run_manage("shell", "-c", code, DEBUG="0", SECRET_KEY="x" * 60)
    assert result.stdout.strip().splitlines()[-1] == (
        "[('SESSION_COOKIE', True, True), ('CSRF_COOKIE', True, True), ('LANGUAGE_COOKIE', True, True)] json"
    ), result.stdout + result.stderr


def test_scaling_out_is_configuration_shared_cache_sessions_and_object_storage():
    code = (
        "from django.conf import settings as s;"
        "print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, s.STORAGES['default']['BACKEND'],"
        " s.STORAGES['default']['OPTIONS']['bucket_name'], s.STORAGES['default']['OPTIONS']['endpoint_url'],"
        " s.STORAGES['default']['OPTIONS']['default_acl'])"
    )
    result = run_manage(
        "shell", "-c", code, DEBUG="0", SECRET_KEY="x" * 60, REDIS_URL="redis://cache:6379/0",
        MEDIA_STORAGE="s3", S3_BUCKET="trygg-media", S3_ENDPOINT_URL="https://s3.example.se",
    )
    assert result.stdout.split()[-6:] == [
        "django.core.cache.backends.redis.RedisCache",
        "django.contrib.sessions.backends.cached_db",
        "storages.backends.s3.S3Storage",
        "trygg-media",
        "https://s3.example.se",
        "private",
    ], result.stdout + result.stderr


def test_one_machine_keeps_database_sessions_and_local_media():
    code = "from django.conf import settings as s; print(s.SESSION_ENGINE, s.STORAGES['default']['BACKEND'])"
    result = run_manage("shell", "-c", code, DEBUG="0", SECRET_KEY="x" * 60, REDIS_URL="", MEDIA_STORAGE="")
    assert result.stdout.split()[-2:] == [
        "django.contrib.sessions.backends.db", "django.core.files.storage.FileSystemStorage"
    ], result.stdout + result.stderr


def test_trusted_proxies_are_read_from_the_environment_as_cidrs():
    code = "from django.conf import settings as s; print([str(n) for n in s.TRUSTED_PROXIES])"
    result = run_manage("shell", "-c", code, DEBUG="1", TRUSTED_PROXIES="127.0.0.1/32, 10.1.0.0/16,fd00::/8")
    assert result.stdout.strip().splitlines()[-1] == "['127.0.0.1/32', '10.1.0.0/16', 'fd00::/8']", result.stderr


def test_the_old_proxy_count_alone_refuses_to_start():
    """A count trusted whoever reached gunicorn directly; the addresses of the proxies are needed now."""
    result = run_manage("check", DEBUG="1", TRUSTED_PROXY_COUNT="1", TRUSTED_PROXIES="")
    assert result.returncode != 0 and "TRUSTED_PROXIES" in result.stderr


def test_a_trusted_proxy_that_is_not_a_network_refuses_to_start():
    result = run_manage("check", DEBUG="1", TRUSTED_PROXIES="nginx.local")
    assert result.returncode != 0 and "TRUSTED_PROXIES" in result.stderr
