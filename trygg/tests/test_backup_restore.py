"""The backup/restore drill of docs/backup.md, run for real against the machine's PostgreSQL.

Two scratch databases with unique names (so pytest-xdist workers and other
checkouts never clash) are created on the server of DATABASE_URL when that is
PostgreSQL, else on the local one (127.0.0.1:5432, user postgres), and dropped
at the end. Nothing else on the server is touched.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import psycopg2
import pytest
from django.apps import apps
from psycopg2 import sql

ROOT = Path(__file__).resolve().parents[2]
SECRET = "backup-drill-secret-" + "k8Jd2Lq9Zx7Vb3Nm5Pw1Rt6Yh4Gf0Sa"


def server():
    """Host, port, user and password of the PostgreSQL server the drill uses."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        config = dj_database_url.parse(url)
        return {
            "host": config["HOST"] or "127.0.0.1",
            "port": config["PORT"] or 5432,
            "user": config["USER"] or "postgres",
            "password": config["PASSWORD"] or "",
        }
    return {"host": "127.0.0.1", "port": 5432, "user": "postgres", "password": ""}


def database_url(name):
    s = server()
    credentials = s["user"] + (f":{s['password']}" if s["password"] else "")
    return f"postgres://{credentials}@{s['host']}:{s['port']}/{name}"


def admin_execute(statement):
    connection = psycopg2.connect(dbname="postgres", **server())
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


@pytest.fixture
def scratch_databases():
    base = f"trygg_drill_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    names = [f"{base}_src", f"{base}_dst"]
    for name in names:
        admin_execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield names
    finally:
        for name in names:
            admin_execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def manage(*args, database, media_root):
    environment = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    environment.update(
        DEBUG="0", SECRET_KEY=SECRET, DATABASE_URL=database_url(database), MEDIA_ROOT=str(media_root), CONN_MAX_AGE="0"
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )


def model_counts(database):
    """Rows of every model (and many-to-many table), counted straight from the database."""
    connection = psycopg2.connect(dbname=database, **server())
    counts = {}
    try:
        with connection.cursor() as cursor:
            for model in apps.get_models(include_auto_created=True):
                cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(model._meta.db_table)))
                counts[model._meta.label] = cursor.fetchone()[0]
    finally:
        connection.close()
    return counts


def checksums(root):
    from trygg.backup import media_checksums

    return media_checksums(root)


def test_restore_into_an_empty_database_gives_the_same_counts(scratch_databases, tmp_path):
    source, target = scratch_databases
    media, restored_media, backups = tmp_path / "media", tmp_path / "restored-media", tmp_path / "backups"
    (media / "reports" / "2026" / "05").mkdir(parents=True)
    (media / "reports" / "2026" / "05" / "photo.jpg").write_bytes(os.urandom(50_000))
    (media / "agreements").mkdir()
    (media / "agreements" / "överenskommelse 2026.pdf").write_bytes(b"%PDF-1.4 agreement")

    for command in (["migrate", "--no-input"], ["seed_demo", "--size", "200", "--force"]):
        result = manage(*command, database=source, media_root=media)
        assert result.returncode == 0, result.stderr
    result = manage("backup", str(backups), database=source, media_root=media)
    assert result.returncode == 0, result.stderr
    (backup_dir,) = backups.iterdir()
    assert "Backup written to" in result.stdout

    result = manage("restore", str(backup_dir), database=target, media_root=restored_media)
    assert result.returncode == 0, result.stderr
    assert "Restored and verified" in result.stdout

    counts = model_counts(source)
    assert counts["incidents.Report"] >= 200 and counts["trygg.User"] > 0
    assert model_counts(target) == counts
    assert checksums(restored_media) == checksums(media) != {}
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert manifest["database"]["tables"]["incidents_report"] == counts["incidents.Report"]

    # A second restore into the now full database is refused, and so is a tampered backup.
    again = manage("restore", str(backup_dir), database=target, media_root=tmp_path / "elsewhere")
    assert again.returncode != 0 and "not empty" in again.stderr
    with open(backup_dir / "database.dump", "ab") as dump:
        dump.write(b"tampered")
    tampered = manage("restore", str(backup_dir), database=source, media_root=tmp_path / "elsewhere")
    assert tampered.returncode != 0 and "checksum" in tampered.stderr


def test_backup_refuses_a_database_that_is_not_postgresql(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    environment.update(DEBUG="0", SECRET_KEY=SECRET, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    result = subprocess.run(
        [sys.executable, "manage.py", "backup", str(tmp_path / "backups")],
        cwd=ROOT, env=environment, capture_output=True, text=True,
    )
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr
    assert not (tmp_path / "backups").exists()
