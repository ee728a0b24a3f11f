"""`make run` serves the demo on PORT, and the mails it prints link to that port."""

import os
import shlex
import subprocess
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent.parent



def runserver_command(*make_arguments, env=None):
    """The runserver line `make run` would execute (make -n runs nothing), split into env and argv."""
    output = subprocess.run(["make", "-n", "run", *make_arguments], cwd=ROOT, capture_output=True, text=True,
                            check=True, env=env).stdout
    line = next(line for line in output.splitlines() if "runserver" in line)
    words = shlex.split(line)
    assignments = dict(word.split("=", 1) for word in words if "=" in word and not word.startswith("-"))
    return assignments, [word for word in words if "=" not in word]


def mail_link(environment):
    code = "from trygg.mail import absolute_url; print(absolute_url('/rapport/abc/'))"
    env = {**os.environ, **environment, "DJANGO_SETTINGS_MODULE": "trygg.settings"}
    return subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True).stdout.strip()


def test_make_run_on_another_port_puts_that_port_into_the_mails():
    environment, argv = runserver_command("PORT=8010")
    assert argv[-1] == "127.0.0.1:8010"
    assert mail_link(environment) == "http://127.0.0.1:8010/rapport/abc/"


def test_make_run_keeps_a_portal_address_that_is_set():
    env = {**os.environ, "PORTAL_BASE_URL": "https://trygg.example"}
    environment, _argv = runserver_command("PORT=8010", env=env)
    assert environment["PORTAL_BASE_URL"] == "https://trygg.example"
