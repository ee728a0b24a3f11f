"""The portal as in production, for tests that speak HTTP to it: gunicorn, DEBUG=0, a cluster of the test's own.

``serve_portal(cluster, directory, workers)`` migrates into a database of the
throwaway PostgreSQL cluster (trygg/testing/postgres_cluster.py), collects the
static files (manifest storage, as in production), creates an Open311 key and
serves trygg.wsgi with gunicorn and deploy/gunicorn.conf.py on a free port of
127.0.0.1, behind the HTTPS proxy a ``Portal`` plays by sending
X-Forwarded-Proto. Every client of the tests is 127.0.0.1, so the per-client
limits and the minimum fill time are lifted. The test fixtures ``portal`` (in
trygg/tests/conftest.py) wrap it.
"""

import http.client
import os
import re
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from trygg.testing.postgres_cluster import free_port

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = "load-and-faults-test-secret-" + "q7Wm2Zr8Lk4Tx9Vb1Nc6Hs3Jd5Gf0"
HIDDEN = re.compile(r'name="(csrfmiddlewaretoken|submission_id|form_started)" value="([^"]*)"')


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")


class Portal:
    """The portal under gunicorn, spoken to as the HTTPS reverse proxy in front of it would."""

    def __init__(self, port, database, open311_key, category_id, media_root, workers):
        self.port, self.database, self.open311_key = port, database, open311_key
        self.category_id, self.media_root, self.workers = category_id, media_root, workers
        self.origin = f"https://127.0.0.1:{port}"

    def request(self, method, path, body=None, headers=None, timeout=60):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers={"X-Forwarded-Proto": "https", **(headers or {})})
            response = connection.getresponse()
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            connection.close()

    def cookie(self, answer, name):
        match = re.search(rf"(?:^|,\s*){name}=([^;]+)", answer.headers.get("set-cookie", ""))
        return match[1] if match else None

    def form(self, path):
        """GET a form as a new browser: (the page, its hidden fields, the headers a POST of it needs)."""
        page = self.request("GET", path)
        headers = {
            "Cookie": f"csrftoken={self.cookie(page, 'csrftoken')}",
            "Origin": self.origin,
            "Referer": self.origin + path,
        }
        return page, dict(HIDDEN.findall(page.text)), headers

    def worker_pids(self):
        """The gunicorn master's children, from /proc."""
        children = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:  # the process ended meanwhile
                continue
            if fields[1] == str(self.master.pid):  # fields: state, ppid, ...
                children.add(stat.parent.name)
        return children

    def value(self, query, *params):
        """One value, read straight from the database."""
        connection = self.database.connect("trygg")
        try:
            with connection.cursor() as cursor:
                cursor.execute(query, params)
                return cursor.fetchone()[0]
        finally:
            connection.close()

    def reports(self, marker):
        """How many reports carry this marker in their description."""
        return self.value("SELECT count(*) FROM incidents_report WHERE description LIKE %s", f"%{marker}%")


# Generous: on a loaded two-core CI machine the migrations alone have taken over two minutes.
MANAGE_TIMEOUT_SECONDS = 600


def manage(environment, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=MANAGE_TIMEOUT_SECONDS,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@contextmanager
def serve_portal(postgres_cluster, directory, workers):
    """Migrate into the throwaway cluster and serve the portal with gunicorn, as in production."""
    port = free_port()
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "PYTEST_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="trygg.settings",
        DEBUG="0",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=postgres_cluster.create_database("trygg"),
        CONN_MAX_AGE="600",
        BEHIND_HTTPS_PROXY="1",
        MEDIA_ROOT=str(directory / "media"),
        STATIC_ROOT=str(directory / "static"),
        # Every client here is 127.0.0.1: lift the per-client limits and the minimum fill time.
        REPORT_RATE_PER_HOUR="1000000",
        REPORT_RATE_PER_DAY="1000000",
        REPORT_MIN_FILL_SECONDS="0",
        LOG_LEVEL="WARNING",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=str(workers),
    )
    collect = subprocess.Popen(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    manage(environment, "migrate", "--no-input", "-v0")
    manage(environment, "createcachetable")
    secret = manage(environment, "create_open311_key", "Load test", "--requests-per-hour", "1000000").split()[-1]
    assert collect.wait(timeout=MANAGE_TIMEOUT_SECONDS) == 0, collect.stdout.read()
    log = open(directory / "gunicorn.log", "w")  # noqa: SIM115 - closed at the end
    # --max-requests 0: no worker is replaced during the test, so recovery cannot come from a fresh worker.
    master = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--max-requests", "0", "trygg.wsgi"],
        cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        site = Portal(port, postgres_cluster, secret, None, directory / "media", workers)
        site.category_id = site.value("SELECT id FROM incidents_category WHERE code = %s", "belysning")
        site.master = master
        site.log = directory / "gunicorn.log"
        deadline = time.monotonic() + 180
        while True:
            assert master.poll() is None, (directory / "gunicorn.log").read_text()
            try:
                if site.request("GET", "/healthz", timeout=5).status == 200 and len(site.worker_pids()) == workers:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "gunicorn did not start:\n" + (directory / "gunicorn.log").read_text()
            time.sleep(0.2)
        yield site
    finally:
        master.send_signal(signal.SIGTERM)
        try:
            master.wait(timeout=30)
        except subprocess.TimeoutExpired:
            master.kill()
            master.wait()
        log.close()
