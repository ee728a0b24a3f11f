"""Fixtures of the project package's tests."""

import pytest

from trygg.testing.postgres_cluster import PostgresCluster
from trygg.testing.production_portal import serve_portal


@pytest.fixture(scope="module")
def postgres_cluster():
    """A throwaway PostgreSQL server of this test module's own, which it may restart; removed afterwards."""
    with PostgresCluster() as cluster:
        yield cluster


@pytest.fixture(scope="module")
def portal(postgres_cluster, tmp_path_factory, request):
    """The portal under gunicorn with production settings, on the module's cluster; PORTAL_WORKERS of the module."""
    with serve_portal(postgres_cluster, tmp_path_factory.mktemp("portal"), getattr(request.module, "PORTAL_WORKERS", 2)) as site:
        yield site
