"""Fixtures of the project package's tests."""

import pytest

from trygg.testing.postgres_cluster import PostgresCluster
from trygg.testing.production_portal import serve_portal

PORTAL_WORKERS = 4


@pytest.fixture(scope="session")
def postgres_cluster():
    """A throwaway PostgreSQL server of the fault tests' own, which they may restart; removed afterwards."""
    with PostgresCluster() as cluster:
        yield cluster


@pytest.fixture(scope="session")
def portal(postgres_cluster, tmp_path_factory):
    """The portal under gunicorn with production settings, shared by the fault tests (each marks what it sends)."""
    with serve_portal(postgres_cluster, tmp_path_factory.mktemp("portal"), workers=PORTAL_WORKERS) as site:
        yield site
