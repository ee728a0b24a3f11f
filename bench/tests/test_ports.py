"""The benchmark measures only the portal it starts: a taken port is refused, nothing measured."""

import os
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from bench import runner

ROOT = Path(__file__).resolve().parent.parent.parent


class AnswersEverything(BaseHTTPRequestHandler):
    """Another portal: 200 to every request, like the one that was once measured by mistake."""

    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def other_server():
    server = HTTPServer(("127.0.0.1", 0), AnswersEverything)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_a_taken_port_stops_the_benchmark_with_a_clear_message(other_server, tmp_path):
    env = {**os.environ, "BENCH": "1", "DEBUG": "0", "SECRET_KEY": "bench-test-" + "x" * 50,
           "DJANGO_SETTINGS_MODULE": "trygg.settings", "MEDIA_ROOT": str(tmp_path)}
    finished = subprocess.run([sys.executable, "manage.py", "bench", "--port", str(other_server),
                               "--output", str(tmp_path / "performance.md")],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert finished.returncode != 0
    assert f"Port {other_server} on 127.0.0.1 is already in use" in finished.stderr
    assert 'make bench BENCH_ARGS="--port 8766"' in finished.stderr
    assert "Seeded" not in finished.stdout and "gunicorn with" not in finished.stdout
    assert not (tmp_path / "performance.md").exists()


def test_a_port_answered_by_another_server_is_never_measured(other_server, tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "port_is_free", lambda port, host="127.0.0.1": True)
    monkeypatch.setattr(runner, "reverse", lambda name: "/bench/hello/")  # mounted only with BENCH=1
    portal = runner.Portal(workers=1, port=other_server, log_path=tmp_path / "gunicorn.log")
    with pytest.raises(runner.PortTaken, match=f"Port {other_server}"):
        portal.start()
    assert portal.process.poll() is not None  # our gunicorn, which could not bind, is gone


def test_the_default_is_a_free_port():
    port = runner.free_port()
    assert runner.port_is_free(port)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        assert not runner.port_is_free(port)
