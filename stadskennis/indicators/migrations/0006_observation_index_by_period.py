"""The observations' one index: the unique cell by (indicator, period, area), covering on PostgreSQL.

Django's state holds a plain unique constraint; on PostgreSQL the database builds it with INCLUDE
(period_start, value, status, confidentiality), which Django cannot express for SQLite (it would leave
SQLite without the constraint), so a region's sums and a series are index-only scans there. The old
index on (indicator, period_start) goes: the new one serves the same queries, and each index is work
for every imported row.
"""

from django.db import migrations, models

NAME = "one_observation_per_cell"
COLUMNS = ("indicator", "period", "area")


def build(apps, schema_editor):
    table = schema_editor.quote_name(apps.get_model("indicators", "Observation")._meta.db_table)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT {NAME} UNIQUE (indicator_id, period, area_id) "
            "INCLUDE (period_start, value, status, confidentiality)"
        )
    else:  # what Django makes of the constraint on SQLite: a unique index
        schema_editor.execute(f"CREATE UNIQUE INDEX {NAME} ON {table} (indicator_id, period, area_id)")


def unbuild(apps, schema_editor):
    table = schema_editor.quote_name(apps.get_model("indicators", "Observation")._meta.db_table)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {NAME}")
    else:
        schema_editor.execute(f"DROP INDEX {NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0005_indicator_retirement"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="observation", name=NAME),
        migrations.RemoveIndex(model_name="observation", name="observation_by_period"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddConstraint(
                    model_name="observation", constraint=models.UniqueConstraint(fields=COLUMNS, name=NAME)
                )
            ],
            database_operations=[migrations.RunPython(build, unbuild)],
        ),
    ]
