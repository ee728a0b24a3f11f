"""The read replica is configuration: named read-only pages read the apps' data from it, nothing else does."""

import pytest
from django.urls import reverse

from incidents.models import Report
from trygg import replica
from trygg.models import User
from trygg.tests.test_deploy_settings import run_manage

pytestmark = pytest.mark.django_db


@pytest.fixture
def reads(monkeypatch):
    """(app label, replica flag) of every read the router decides during the test."""
    seen = []
    decide = replica.ReplicaRouter.db_for_read

    def spy(self, model, **hints):
        seen.append((model._meta.app_label, replica.reading_from_replica.get()))
        return decide(self, model, **hints)

    monkeypatch.setattr(replica.ReplicaRouter, "db_for_read", spy)
    return seen


def test_problem_picture_reads_from_the_replica_and_other_pages_do_not(client, steering_group_member, reads):
    client.force_login(steering_group_member)
    assert client.get(reverse("governance:picture")).status_code == 200
    picture_reads = list(reads)
    assert ("incidents", True) in picture_reads and ("governance", True) in picture_reads
    reads.clear()
    assert client.get(reverse("governance:measure_list")).status_code == 200
    assert reads and not any(flag for _app, flag in reads)
    assert replica.reading_from_replica.get() is False


def test_router_sends_only_the_apps_data_to_a_configured_replica(monkeypatch):
    router = replica.ReplicaRouter()
    token = replica.reading_from_replica.set(True)
    try:
        assert router.db_for_read(Report) is None  # no replica configured
        monkeypatch.setattr(replica, "replica_configured", lambda: True)
        assert router.db_for_read(Report) == "replica"
        assert router.db_for_read(User) is None  # accounts and sessions stay on the primary
        assert router.db_for_write(Report) is None
    finally:
        replica.reading_from_replica.reset(token)
    assert router.db_for_read(Report) is None
    assert router.allow_migrate("replica", "incidents") is False and router.allow_migrate("default", "incidents")


def test_database_replica_url_adds_the_replica_database():
    code = "from django.conf import settings as s; r = s.DATABASES['replica']; print(r['HOST'], r['NAME'], r['USER'], r['TEST']['MIRROR'])"
    result = run_manage(
        "shell", "-c", code, DEBUG="0", SECRET_KEY="x" * 60, DATABASE_REPLICA_URL="postgres://reader@db-replica:5432/trygg"
    )
    assert result.stdout.strip().splitlines()[-1] == "db-replica trygg reader default", result.stderr
