import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_postgresql_runs_without_jit():
    """The JIT compiles the problem picture's wide aggregates for seconds (docs/performance.md)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
