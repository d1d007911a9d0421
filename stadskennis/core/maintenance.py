"""Keeping the database's planner statistics current.

SQLite gathers no statistics by itself: a table that grew from nothing to 50,000 rows is planned as
if it were empty, and a search that takes 20 ms with statistics takes seconds without them.
PostgreSQL's autovacuum does gather them, but only some time after a bulk write. So statistics are
refreshed after every import and migration (and `load-demo`), and hourly by the worker.
"""

from __future__ import annotations

import logging
import time

from django.db import DEFAULT_DB_ALIAS, connections

log = logging.getLogger(__name__)

# From SQLite 3.46 on, `PRAGMA optimize` analyses tables it has not seen queried (0x10000) and is the
# way SQLite's documentation advises; before that it looks only at tables this connection queried,
# which after a bulk import in a fresh process is none of them, so a plain ANALYZE is used.
OPTIMIZE_CHECKS_ALL_TABLES_FROM = (3, 46, 0)


def refresh_planner_statistics(*, using: str = DEFAULT_DB_ALIAS) -> str:
    """Bring the planner statistics up to date; returns the statement run (for logs and tests).

    Call it after a bulk write has committed, not inside its transaction: on SQLite the statistics
    are written under the write lock, so inside a long transaction they would wait for it anyway.
    """
    connection = connections[using]
    if connection.vendor == "sqlite":
        version = connection.Database.sqlite_version_info
        statement = "PRAGMA optimize=0x10002" if version >= OPTIMIZE_CHECKS_ALL_TABLES_FROM else "ANALYZE"
    elif connection.vendor == "postgresql":
        statement = "ANALYZE"
    else:
        return ""
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(statement)
    log.info("planner statistics refreshed (%s, %.1f s)", statement, time.monotonic() - started)
    return statement
