"""A throwaway PostgreSQL cluster that a test may restart, stop and remove.

Tests that take the database away (restart it under load) must never touch a
server anyone else uses, so they bring their own: ``initdb`` into a temporary
directory, ``pg_ctl start`` on a free port of 127.0.0.1 with trust
authentication for the user ``postgres``, and everything removed at the end.
The server binaries come from Debian's packages (/usr/lib/postgresql/<version>/bin,
installed by ``make test-deps``), from PG_BINDIR, or from the PATH. As root the
server runs as the ``postgres`` system user, as PostgreSQL refuses to run as root.

    with PostgresCluster() as cluster:
        url = cluster.create_database("trygg")
        ...
        cluster.restart()  # pg_ctl restart -m fast
        cluster.restart(down_seconds=2)  # the same, staying down for two seconds
"""

import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg2
from psycopg2 import sql


class PostgresNotInstalled(RuntimeError):
    pass


def version_key(path):
    match = re.search(r"/postgresql/(\d+)(?:\.(\d+))?/", path)
    return (int(match[1]), int(match[2] or 0)) if match else (0, 0)


def find_bindir():
    """The directory of initdb and pg_ctl: PG_BINDIR, the newest Debian version, or the PATH."""
    candidates = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(os.environ["PG_BINDIR"])
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version_key, reverse=True)
    if shutil.which("initdb"):
        candidates.append(str(Path(shutil.which("initdb")).parent))
    for directory in candidates:
        if all(os.access(Path(directory, name), os.X_OK) for name in ("initdb", "pg_ctl")):
            return Path(directory)
    raise PostgresNotInstalled(
        "initdb and pg_ctl were not found (looked in PG_BINDIR, /usr/lib/postgresql/*/bin and the PATH). "
        "Install the server: `make test-deps` (Debian's postgresql package)."
    )


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresCluster:
    """One PostgreSQL server in its own temporary directory, on its own port."""

    def __init__(self, port=None, bindir=None):
        self.bindir = Path(bindir) if bindir else find_bindir()
        self.port = port or free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="trygg-pg-"))
        self.data = self.directory / "data"
        self.log = self.directory / "server.log"
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            user = pwd.getpwnam("postgres")
            os.chown(self.directory, user.pw_uid, user.pw_gid)
        self.running = False

    def _run(self, program, *args, timeout=60):
        command = [str(self.bindir / program), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=self.directory)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{program} {' '.join(args)} failed:\n{result.stdout}{result.stderr}\n{log}")
        return result

    def start(self):
        if not self.data.exists():
            self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                      "--locale=C", "--no-sync")
        # fsync off: the cluster lives for one test run; a clean restart still keeps every commit.
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60", "start")
        self.running = True
        return self

    def restart(self, down_seconds=0):
        """Stop at once, disconnecting every client (``-m fast``), and start again.

        Without down_seconds this is ``pg_ctl restart -m fast``, which on a small
        idle cluster takes a fraction of a second. With down_seconds the server
        stays down that long in between, as when a restart waits for a long
        checkpoint or a failover for its standby, so that clients surely meet it.
        """
        if not down_seconds:
            self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-m", "fast", "-w", "-t", "60", "restart")
            return
        self.stop()
        time.sleep(down_seconds)
        self.start()

    def stop(self):
        if self.running:
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")
            self.running = False

    def remove(self):
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.remove()

    def url(self, database="postgres"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database="postgres"):
        return psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database)

    def create_database(self, name):
        connection = self.connect()
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        finally:
            connection.close()
        return self.url(name)
