"""Fixtures of the project package's tests."""

import pytest

from trygg.testing.postgres_cluster import PostgresCluster


@pytest.fixture(scope="module")
def postgres_cluster():
    """A throwaway PostgreSQL server of this test module's own, which it may restart; removed afterwards."""
    with PostgresCluster() as cluster:
        yield cluster
