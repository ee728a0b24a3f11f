"""The committed deployment files work: systemd units, the env example and gunicorn behind a proxy."""

import configparser
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"
SCHEDULED = {"apply_retention", "import_police_events", "send_follow_ups", "send_measure_reminders", "backup",
             "warm_problem_picture"}


def unit(name):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(UNITS / name, encoding="utf-8")
    return parser


def test_every_timer_starts_a_committed_service_running_a_real_command():
    commands = set(get_commands())
    scheduled = set()
    for timer in UNITS.glob("*.timer"):
        target = unit(timer.name)["Timer"]["Unit"]
        template = re.sub(r"@.+\.service$", "@.service", target)
        service = unit(template)["Service"]
        assert (UNITS / template).exists(), f"{timer.name} starts {target}, which is not in deploy/systemd"
        command = service["ExecStart"].replace("%i", target.split("@")[-1].removesuffix(".service"))
        name = command.split("manage.py ")[1].split()[0]
        assert name in commands, f"{timer.name} runs manage.py {name}, which does not exist"
        assert service["EnvironmentFile"] == "/etc/trygg/trygg.env"
        scheduled.add(name)
    assert scheduled == SCHEDULED


def test_web_unit_runs_gunicorn_with_the_committed_config():
    service = unit("trygg-web.service")["Service"]
    assert service["ExecStart"].endswith("gunicorn -c deploy/gunicorn.conf.py trygg.wsgi")
    assert (ROOT / "deploy" / "gunicorn.conf.py").exists()
    assert service["User"] == "trygg" and service["Restart"] == "on-failure"


def test_env_example_names_only_documented_settings_and_holds_no_secret():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", "\n".join(l for l in readme.splitlines() if l.startswith("|"))))
    example = (ROOT / "deploy" / "trygg.env.example").read_text(encoding="utf-8")
    values = dict(re.findall(r"^#?([A-Z][A-Z0-9_]+)=(.*)$", example, flags=re.MULTILINE))
    assert set(values) - documented == set()
    for name, value in values.items():
        if re.search(r"SECRET|PASSWORD", name):
            assert value.startswith("CHANGE-ME"), name
    assert "CHANGE-ME" in values["DATABASE_URL"]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_gunicorn_behind_the_proxy_answers_health_checks_and_logs_json_lines(tmp_path):
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    environment.update(
        DEBUG="0", SECRET_KEY="gunicorn-smoke-" + "k8Jd2Lq9Zx7Vb3Nm5Pw1Rt6Yh4Gf0Sa", BEHIND_HTTPS_PROXY="1",
        TRUSTED_PROXIES="127.0.0.1/32", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1", LOG_FORMAT="json",
    )
    log = open(tmp_path / "stdout", "w+")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "trygg.wsgi"],
        cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(100):
            try:
                status, headers, body = get(f"{base}/healthz", **{"X-Forwarded-Proto": "https", "X-Request-ID": "lb-check-0001"})
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("gunicorn did not start: " + (tmp_path / "stdout").read_text())
        assert (status, json.loads(body)) == (200, {"status": "ok", "database": "ok"})
        assert headers["X-Request-ID"] == "lb-check-0001"
        assert get(f"{base}/healthz")[0] == 200  # a load balancer's plain-HTTP check is not redirected
        status, headers, _body = get(f"{base}/")  # the portal itself is HTTPS only
        assert status == 301 and headers["Location"].startswith("https://127.0.0.1")
    finally:
        server.terminate()
        server.wait(timeout=30)
    lines = [json.loads(line) for line in (tmp_path / "stdout").read_text().splitlines() if line.startswith("{")]
    assert any(line["logger"] == "gunicorn.error" and "Booting worker" in line["message"] for line in lines)
    access = [line for line in lines if line["logger"] == "trygg.requests"]
    assert access[0]["request_id"] == "lb-check-0001" and access[0]["status"] == 200
    assert not any("127.0.0.1" in json.dumps(line) for line in access)
