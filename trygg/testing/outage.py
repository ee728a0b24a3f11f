"""A database that has gone away, inside one test."""

from django.db import OperationalError, connection

TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def refuse_queries(execute, sql, params, many, context):
    """Every query fails as if the server were gone.

    Only savepoints still work, so that the test's own transaction survives
    and the test can look at the database afterwards.
    """
    if sql.startswith(TRANSACTION_CONTROL):
        return execute(sql, params, many, context)
    raise OperationalError("server closed the connection unexpectedly")


def database_down():
    """Within this block every query of the default connection fails."""
    return connection.execute_wrapper(refuse_queries)
