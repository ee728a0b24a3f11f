"""Backup and restore of the database (pg_dump/pg_restore) and the uploaded media.

A backup is one directory holding

- ``database.dump``: ``pg_dump --format=custom`` of the portal's database;
- ``media.tar.gz``: every file under MEDIA_ROOT;
- ``manifest.json``: when, from which server version, the row count of every
  table, the SHA-256 of every media file and of both archives.

``restore`` loads a backup into an *empty* database and an empty media
folder, then checks the result against the manifest: the same rows in every
table and the same media checksums, or it fails. See docs/backup.md.
"""

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

DUMP_NAME = "database.dump"
MEDIA_NAME = "media.tar.gz"
MANIFEST_NAME = "manifest.json"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


# --- PostgreSQL tools ---------------------------------------------------------


def require_postgresql():
    if connection.vendor != "postgresql":
        raise BackupError("Backups use pg_dump/pg_restore: set DATABASE_URL to the PostgreSQL database.")


def server_major_version():
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def pg_tool(name, server_major):
    """The pg_dump/pg_restore of the server's major version (an older one cannot read a newer server)."""
    candidates = []
    if os.environ.get("PG_BIN_DIR"):
        candidates.append(Path(os.environ["PG_BIN_DIR"]) / name)
    candidates.append(Path(f"/usr/lib/postgresql/{server_major}/bin/{name}"))
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file() and tool_major_version(candidate) >= server_major:
            return str(candidate)
    raise BackupError(
        f"No {name} for PostgreSQL {server_major} or newer: install postgresql-client-{server_major} "
        "or set PG_BIN_DIR to its bin directory."
    )


def tool_major_version(path):
    output = subprocess.run([str(path), "--version"], capture_output=True, text=True, check=True).stdout
    # "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"
    return int(output.split(")")[1].split()[0].split(".")[0])


def connection_arguments():
    """Command-line arguments and environment for the tools, from settings.DATABASES['default']."""
    db = settings.DATABASES["default"]
    arguments = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        arguments += ["--host", db["HOST"]]
    if db.get("PORT"):
        arguments += ["--port", str(db["PORT"])]
    if db.get("USER"):
        arguments += ["--username", db["USER"]]
    environment = {**os.environ}
    if db.get("PASSWORD"):
        environment["PGPASSWORD"] = db["PASSWORD"]
    return arguments, environment


def run_tool(command, environment):
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


# --- What a backup holds --------------------------------------------------------


def table_counts():
    """Rows in every table of the database, by table name."""
    quote = connection.ops.quote_name
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT count(*) FROM {quote(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def file_checksum(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def media_checksums(root):
    """SHA-256 of every file under root, by path relative to it."""
    root = Path(root)
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): file_checksum(path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


# --- Backup ---------------------------------------------------------------------


def backup(destination):
    """Write a backup into a new directory under destination; return its path."""
    require_postgresql()
    major = server_major_version()
    pg_dump = pg_tool("pg_dump", major)
    target = Path(destination) / f"trygg-{timezone.now():%Y%m%dT%H%M%SZ}"
    target.mkdir(parents=True, exist_ok=False)

    arguments, environment = connection_arguments()
    # Counts and dump in one snapshot would need an exported snapshot; instead the
    # counts are read right after the dump, and restore compares against them.
    # Run backups when the portal is quiet (docs/backup.md) or stop the scheduled commands.
    dump = target / DUMP_NAME
    run_tool([pg_dump, "--format=custom", "--no-owner", "--no-privileges", "--file", str(dump), *arguments], environment)
    counts = table_counts()

    media_root = Path(settings.MEDIA_ROOT)
    files = media_checksums(media_root)
    archive = target / MEDIA_NAME
    with tarfile.open(archive, "w:gz") as tar:
        for name in files:
            tar.add(media_root / name, arcname=name, recursive=False)

    manifest = {
        "format": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "postgresql_major": major,
        "database": {"file": DUMP_NAME, "sha256": file_checksum(dump), "tables": counts},
        "media": {"file": MEDIA_NAME, "sha256": file_checksum(archive), "files": files},
    }
    (target / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    return target


def summary(manifest):
    tables = manifest["database"]["tables"]
    return f"{len(tables)} tables, {sum(tables.values())} rows, {len(manifest['media']['files'])} media files"


# --- Restore --------------------------------------------------------------------


def read_manifest(source):
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} is not a backup: {MANIFEST_NAME} is missing or unreadable ({error}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"{source / MANIFEST_NAME} is not a manifest of this backup format.")
    for part, name in (("database", DUMP_NAME), ("media", MEDIA_NAME)):
        path = source / name
        expected = manifest.get(part, {}).get("sha256")
        if not path.is_file() or file_checksum(path) != expected:
            raise BackupError(f"{name} is missing or does not match its checksum in the manifest.")
    return manifest


def restore(source, media_root=None):
    """Restore a backup into the empty database and an empty media folder; return the manifest."""
    require_postgresql()
    source = Path(source)
    manifest = read_manifest(source)
    with connection.cursor() as cursor:
        existing = connection.introspection.table_names(cursor)
    if existing:
        raise BackupError(
            f"The database {settings.DATABASES['default']['NAME']} is not empty ({len(existing)} tables): "
            "restore only into a new, empty database."
        )
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"The media folder {media_root} is not empty: restore only into an empty folder.")

    major = server_major_version()
    pg_restore = pg_tool("pg_restore", max(major, manifest["postgresql_major"]))
    arguments, environment = connection_arguments()
    run_tool(
        [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", *arguments,
         str(source / DUMP_NAME)],
        environment,
    )

    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA_NAME, "r:gz") as tar:
        tar.extractall(media_root, filter="data")  # refuses absolute paths, ".." and links out of the folder

    verify(manifest, media_root)
    return manifest


def verify(manifest, media_root):
    """Compare the restored database and media with the manifest; raise on any difference."""
    problems = []
    counts = table_counts()
    for table, expected in manifest["database"]["tables"].items():
        if counts.get(table) != expected:
            problems.append(f"table {table}: {counts.get(table)} rows, expected {expected}")
    if media_checksums(media_root) != manifest["media"]["files"]:
        problems.append("media files differ from the manifest")
    if problems:
        raise BackupError("The restore does not match the backup: " + "; ".join(problems))
