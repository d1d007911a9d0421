"""Many plain rows into one table at once, for importers: COPY on PostgreSQL, executemany elsewhere.

Django's bulk_create builds a model instance and a parameter list per row: for 100,000 imported
items and their 250,000 theme and organisation links that was most of the import's time. Rows of
plain values (ids, short text) that carry no side effects of their own can skip that; what has side
effects (audit, outbox) still goes through its service.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection, transaction
from django.db.models import Model

# Values of these go in as they are (a model instance already holds them as the database takes them);
# dates, JSON and the like are prepared by their field.
_PLAIN = {
    "AutoField",
    "BigAutoField",
    "IntegerField",
    "BigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "CharField",
    "TextField",
    "SlugField",
    "BooleanField",
}


def insert_rows(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert `rows` (values in the order of `fields`, as Python values: the fields prepare them for
    the database, as a save would) into `model`'s table; returns how many. Runs in the caller's
    transaction (or its own), so a failure writes none of the rows."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    model_fields = [model._meta.get_field(name) for name in fields]
    columns = ", ".join(quote(field.column) for field in model_fields)
    prepare = [
        None if field.get_internal_type() in _PLAIN else field.get_db_prep_save
        for field in (f.target_field if f.is_relation else f for f in model_fields)
    ]
    if any(prepare):
        rows = (
            [value if p is None else p(value, connection) for p, value in zip(prepare, row, strict=True)]
            for row in rows
        )
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:  # a savepoint in the caller's transaction
        if connection.vendor == "postgresql":  # psycopg's own cursor: its errors wrapped as Django's
            copying = cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN")  # names quoted above
            with connection.wrap_database_errors, copying as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        else:
            rows = list(rows)
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608
            count = len(rows)
    return count


def insert_objects(objects: list[Model], *, key: str) -> None:
    """Insert new, unsaved instances of one model as `insert_rows` does, then give each its primary
    key, read back by `key`, a unique field every instance has (an importer's external id)."""
    if not objects:
        return
    model = type(objects[0])
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    rows = ([f.pre_save(o, True) for f in fields] for o in objects)  # pre_save: auto_now, as a save sets it
    insert_rows(model, [f.name for f in fields], rows)
    keys = [getattr(o, key) for o in objects]
    pks = dict(model._base_manager.filter(**{f"{key}__in": keys}).values_list(key, "pk"))
    for obj in objects:
        obj.pk = pks[getattr(obj, key)]
        obj._state.adding = False
