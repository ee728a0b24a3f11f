"""`make bench`: seed (or reuse) the large database, run the portal under gunicorn, measure, write the table.

Run it through `make bench`, which sets the production-like environment (see the Makefile and
docs/performance.md); it refuses to run against a database that is not a benchmark database.
"""

import os
import platform
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import psycopg2
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench import seed, table

DEFAULT_REPORTS = 1_000_000
DEFAULT_RESPONSES = 100_000


class Command(BaseCommand):
    help = "Benchmark the portal on a large PostgreSQL database and write docs/performance.md."

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, default=DEFAULT_REPORTS, help="Reports to seed (default 1,000,000).")
        parser.add_argument("--responses", type=int, default=DEFAULT_RESPONSES,
                            help="Survey responses to seed (default 100,000).")
        parser.add_argument("--reseed", action="store_true", help="Drop the benchmark database and seed it anew.")
        parser.add_argument("--seconds", type=int, default=10, help="Seconds per load measurement (default 10).")
        parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4).")
        parser.add_argument("--port", type=int, default=0,
                            help="Port of the benchmark's own gunicorn (default: a free port; a taken one is refused).")
        parser.add_argument("--photos", type=int, default=10, help="Photo reports to time (default 10).")
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "docs" / "performance.md"),
                            help="Where to write the results (empty: only print them).")
        parser.add_argument("--work-mem", default="64MB",
                            help="PostgreSQL work_mem of the benchmark database (docs/deployment.md; default 64MB).")
        parser.add_argument("--seed-only", action="store_true", help="Seed (or check) the database and stop.")

    def handle(self, *args, **options):
        from bench import runner

        if options["port"] and not runner.port_is_free(options["port"]):  # before anything is seeded or measured
            raise CommandError(runner.port_taken_message(options["port"]))
        database = settings.DATABASES["default"]
        if database["ENGINE"] != "django.db.backends.postgresql" or "bench" not in database["NAME"]:
            raise CommandError("Run the benchmark against its own PostgreSQL database (DATABASE_URL …/trygg_bench).")
        if shutil.which("wrk") is None and not options["seed_only"]:
            raise CommandError("wrk is missing: apt-get install wrk (make bench does it).")
        seconds_seeding = self.prepare_database(database, options)
        if options["seed_only"]:
            return
        self.stdout.write("Collecting static files …")
        call_command("collectstatic", interactive=False, verbosity=0)
        started = datetime.now().astimezone()
        log_path = Path(settings.BASE_DIR) / "var" / "bench-gunicorn.log"
        log_path.parent.mkdir(exist_ok=True)
        try:
            results = runner.run(seconds=options["seconds"], workers=options["workers"],
                                 port=options["port"] or runner.free_port(), photos=options["photos"],
                                 log_path=log_path, write=self.stdout.write)
        except runner.PortTaken as taken:
            raise CommandError(str(taken)) from None
        self.stdout.write("")
        self.stdout.write(table.plain(results))
        if options["output"]:
            path = Path(options["output"])
            old = path.read_text() if path.exists() else ""
            path.write_text(table.replace_section(old, self.document(results, started, options, seconds_seeding)))
            self.stdout.write(f"Written to {options['output']}")
        missed = len(results.missed)
        summary = f"{len(results.rows) - missed} rows met or informative, {missed} targets missed"
        self.stdout.write(self.style.WARNING(summary) if missed else self.style.SUCCESS(summary))

    def prepare_database(self, database, options):
        """Create, migrate and seed the benchmark database, or reuse it when it holds the asked sizes."""
        wanted = (options["reports"], options["responses"])
        admin = psycopg2.connect(dbname="postgres", user=database["USER"], host=database["HOST"],
                                 port=database["PORT"] or 5432, password=database["PASSWORD"] or None)
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]])
            exists = cursor.fetchone() is not None
            if exists and options["reseed"]:
                self.stdout.write(f"Dropping {database['NAME']} …")
                cursor.execute(f'DROP DATABASE "{database["NAME"]}" WITH (FORCE)')
                exists = False
            if not exists:
                cursor.execute(f'CREATE DATABASE "{database["NAME"]}"')
            # As docs/deployment.md recommends for production.
            cursor.execute(f'ALTER DATABASE "{database["NAME"]}" SET work_mem = %s', [options["work_mem"]])
        admin.close()
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        if seed.seeded_sizes() == wanted:
            self.stdout.write(f"Reusing {database['NAME']}: {wanted[0]:,} reports and {wanted[1]:,} responses "
                              "(--reseed to seed anew).")
            return None
        if seed.seeded_sizes() is not None:
            raise CommandError(f"{database['NAME']} was seeded with other sizes {seed.seeded_sizes()}: use --reseed.")
        self.stdout.write("Base data (localities, categories, survey rounds, users) …")
        call_command("seed_demo", size=200, force=True, stdout=open(os.devnull, "w"))
        took = seed.seed(*wanted, write=self.stdout.write)
        connection.close()
        self.stdout.write(f"Seeded in {took:.0f} s.")
        return took

    def document(self, results, started, options, seconds_seeding):
        cpu = platform.processor() or platform.machine()
        try:
            model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                         if line.startswith("model name"))
        except (OSError, StopIteration):
            model = cpu
        memory = ""
        try:
            kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                          if line.startswith("MemTotal")))
            memory = f", {kb / 1024 / 1024:.0f} GB RAM"
        except (OSError, StopIteration, ValueError):
            pass
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            pg = cursor.fetchone()[0]
        try:
            wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
        except (OSError, IndexError):
            wrk_version = "wrk"
        cache = "Redis" if os.environ.get("REDIS_URL") else "database cache table + per-process memory"
        seeding = f"seeded in {seconds_seeding:.0f} s" if seconds_seeding else "reused from an earlier run"
        return table.generated_section(
            date=started.strftime("%Y-%m-%d %H:%M %Z"),
            machine=f"{model}, {os.cpu_count()} cores{memory}, {platform.system()} {platform.release()}",
            software=f"Python {platform.python_version()}, PostgreSQL {pg}, gunicorn "
                     f"({options['workers']} sync workers), {wrk_version.split(' Copyright')[0]}, cache: {cache}",
            data=f"{options['reports']:,} reports and {options['responses']:,} survey responses ({seeding})",
            command=f"make bench (manage.py bench --seconds {options['seconds']} --workers {options['workers']})",
            results=results,
        )
